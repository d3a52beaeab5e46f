from django.contrib import admin

from crm.admin import ReadOnlyAdmin, administrators_only
from projects.models import MonthlyReport


@admin.register(MonthlyReport)
class MonthlyReportAdmin(ReadOnlyAdmin):
    """The archive as issued: read only (a report is made again from its list page or
    ``manage.py monthly_report``, never edited)."""

    scope = administrators_only
    list_display = ("month", "zone", "overdue_count", "generated_at", "generated_by")
    list_filter = ("month", "zone")
    list_select_related = ("zone", "generated_by")
