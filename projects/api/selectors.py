"""Reads for the API, fetched in a fixed number of queries. Scope comes from the
selectors the pages use: projects from ``projects_visible_to`` (zone committees see
their zone's), cases from ``cases_visible_to`` (staff of the case and the
enterprise's own contacts; zone committees none), items from their case.
"""

from django.db.models import Prefetch, QuerySet

from projects.cases.selectors import cases_visible_to, items_with_figures
from projects.investment.selectors import project_list_with_milestones, projects_visible_to
from projects.models import ProjectItem, ProxyCase


def items_visible_to(user) -> QuerySet[ProjectItem]:
    return ProjectItem.objects.filter(case__in=cases_visible_to(user))


def api_projects(user) -> QuerySet:
    return (
        project_list_with_milestones(projects_visible_to(user))
        .select_related("agent__centre")
        .order_by("-created_at", "-pk")
    )


def api_cases(user, *, with_items: bool = False) -> QuerySet[ProxyCase]:
    cases = cases_visible_to(user).select_related("enterprise", "project", "agent__user", "agent__centre")
    if with_items:
        cases = cases.select_related("authorisation").prefetch_related(
            "commitments",
            Prefetch(
                "items",
                queryset=items_with_figures(ProjectItem.objects.select_related("approval_item__department")).order_by(
                    "pk"
                ),
            ),
        )
    return cases.order_by("-first_contact_on", "-pk")


def api_items(user) -> QuerySet[ProjectItem]:
    """Items with what their representation and their transitions read: the case's
    state and agent (the permission rule), the catalogue entry (committed days)."""
    return (
        items_with_figures(items_visible_to(user))
        .select_related("case__agent__centre", "case__enterprise", "approval_item__department")
        .order_by("case_id", "pk")
    )
