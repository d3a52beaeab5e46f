from functools import partial

from django.contrib import admin

from crm.admin import ReadOnlyAdmin, administrators_only
from projects.cases.selectors import case_scope
from projects.models import Callback, CallbackDraw, Rating


@admin.register(Rating)
class RatingAdmin(ReadOnlyAdmin):
    scope = partial(case_scope, prefix="case__")
    list_display = ("case", "level", "rated_on", "rated_by")
    list_filter = ("level", "rated_on")
    search_fields = ("case__number", "case__enterprise__name", "comment")
    list_select_related = ("case__enterprise", "rated_by")


@admin.register(Callback)
class CallbackAdmin(ReadOnlyAdmin):
    scope = partial(case_scope, prefix="case__")
    list_display = ("case", "kind", "state", "assigned_to", "due_date", "closed_on", "outcome")
    list_filter = ("kind", "state", "outcome")
    search_fields = ("case__number", "case__enterprise__name")
    list_select_related = ("case__enterprise", "assigned_to__user")


@admin.register(CallbackDraw)
class CallbackDrawAdmin(ReadOnlyAdmin):
    scope = administrators_only
    list_display = ("seed", "share", "closed_since", "closed_until", "population", "drawn_at", "drawn_by")
