"""Admin of joint surveys and acceptances: read-only, scoped like the pages. Visits move
through their services, which check the rules and audit every change."""

from django.contrib import admin

from crm.admin import ReadOnlyAdmin, ReadOnlyInline, selector_scope
from projects.investment.selectors import projects_visible_to
from projects.models import JointVisit, VisitAttendance, VisitFollowUp, VisitFollowUpPause


class VisitAttendanceInline(ReadOnlyInline):
    model = VisitAttendance
    fields = ("department", "attended", "attendees", "finding", "finding_text", "rectification_days", "recorded_on")


class VisitFollowUpInline(ReadOnlyInline):
    model = VisitFollowUp
    fields = ("department", "requirement", "waits_on", "started_on", "due_date", "closed_on")


@admin.register(JointVisit)
class JointVisitAdmin(ReadOnlyAdmin):
    scope = selector_scope(projects_visible_to, "project")

    list_display = ("project", "kind", "visit_on", "place", "state", "record_no", "issued_on")
    list_filter = ("kind", "state")
    search_fields = ("project__code", "project__name", "place", "record_no")
    list_select_related = ("project",)
    inlines = [VisitAttendanceInline, VisitFollowUpInline]


class VisitFollowUpPauseInline(ReadOnlyInline):
    model = VisitFollowUpPause
    fields = ("cause", "reason", "paused_on", "paused_by", "resumed_on", "resumed_by", "working_days")


@admin.register(VisitFollowUp)
class VisitFollowUpAdmin(ReadOnlyAdmin):
    scope = selector_scope(projects_visible_to, "visit__project")

    list_display = ("visit", "department", "waits_on", "due_date", "closed_on")
    list_filter = ("waits_on",)
    search_fields = ("visit__project__code", "visit__project__name", "visit__record_no", "requirement")
    list_select_related = ("visit__project", "department")
    inlines = [VisitFollowUpPauseInline]
