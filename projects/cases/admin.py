"""Admin of cases, items and hand-over requests."""

from functools import partial

from django.contrib import admin

from crm.admin import (
    ReadOnlyAdmin,
    ReadOnlyInline,
    administrators_only,
)
from projects.cases.selectors import case_scope
from projects.models import (
    CaseContact,
    HandoverRequest,
    ProjectItem,
    ProxyCase,
)


class CaseContactInline(ReadOnlyInline):
    model = CaseContact
    fields = ("on", "channel", "summary", "recorded_by", "recorded_at")


class ProjectItemInline(ReadOnlyInline):
    model = ProjectItem
    fields = (
        "approval_item",
        "state",
        "acceptance_no",
        "started_on",
        "due_date",
        "due_provisional",
        "decision_no",
        "delivered_on",
    )


@admin.register(ProxyCase)
class ProxyCaseAdmin(ReadOnlyAdmin):
    """Read-only: cases move through their pages and services, which check the rules
    and audit every change; reassignment is on the case page."""

    scope = case_scope

    list_display = ("number", "enterprise", "project", "agent", "state", "first_contact_on", "closed_on")
    list_filter = ("state", "first_contact_channel", "agent__centre")
    search_fields = ("number", "enterprise__name", "enterprise__credit_code", "project__code")
    list_select_related = ("enterprise", "project", "agent__user")
    inlines = [CaseContactInline, ProjectItemInline]


@admin.register(ProjectItem)
class ProjectItemAdmin(ReadOnlyAdmin):
    scope = partial(case_scope, prefix="case__")
    list_display = ("case", "approval_item", "state", "due_date", "due_provisional", "delivery_method", "trips")
    list_filter = ("state", "approval_item__department", "delivery_method", "by_commitment")
    search_fields = ("case__number", "approval_item__name", "acceptance_no", "decision_no", "tracking_no")
    list_select_related = ("case", "approval_item")


@admin.register(HandoverRequest)
class HandoverRequestAdmin(ReadOnlyAdmin):
    """Hand-over requests are made on the case page and decided on the centre page (which
    shows each supervisor its own centre's); here administrators inspect them."""

    scope = administrators_only

    list_display = ("case", "project", "centre", "state", "requested_at", "decided_by", "decided_at")
    list_filter = ("state", "centre")
    search_fields = ("case__number", "project__code")
    list_select_related = ("case__enterprise", "project", "centre", "decided_by")
