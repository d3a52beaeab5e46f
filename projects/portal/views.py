"""The enterprise's side."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from crm.accounts.roles import Role, role_required
from projects.cases.selectors import cases_visible_to
from projects.investment.selectors import milestone_rows, project_list_with_milestones, projects_visible_to


@role_required(Role.ENTERPRISE)
def enterprise_home(request):
    today = timezone.localdate()
    contact = getattr(request.user, "enterprise_contact", None)
    if contact is None:  # the role without a contact record: nothing to show
        raise PermissionDenied
    projects = project_list_with_milestones(projects_visible_to(request.user)).order_by("name")
    for project in projects:
        project.milestone_rows = milestone_rows(project.milestones.all(), today)
    cases = cases_visible_to(request.user).select_related("agent__user").order_by("-first_contact_on")
    return render(
        request,
        "projects/enterprise_home.html",
        {
            "enterprise": contact.enterprise,
            "contact": contact,
            "projects": projects,
            "cases": cases,
            "today": today,
            "for_enterprise": True,
        },
    )
