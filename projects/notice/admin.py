"""Admin of one-time notices (read only)."""

from functools import partial

from django.contrib import admin

from crm.admin import (
    ReadOnlyAdmin,
)
from projects.cases.selectors import case_scope
from projects.models import (
    OneTimeNotice,
)


@admin.register(OneTimeNotice)
class OneTimeNoticeAdmin(ReadOnlyAdmin):
    """Read-only: what an enterprise was told cannot be changed or taken back."""

    scope = partial(case_scope, prefix="case__")

    list_display = ("number", "case", "kind", "issued_on", "issued_by")
    list_filter = ("kind",)
    search_fields = ("number", "case__number", "case__enterprise__name")
    list_select_related = ("case__enterprise", "issued_by")
