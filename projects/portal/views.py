"""The enterprise's side."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from crm.accounts.roles import Role, role_required
from projects.cases.selectors import cases_visible_to
from projects.investment.selectors import milestone_rows, project_list_with_milestones, projects_visible_to
from projects.visits.selectors import follow_ups_judged, visits_by_project


@role_required(Role.ENTERPRISE)
def enterprise_home(request):
    today = timezone.localdate()
    contact = getattr(request.user, "enterprise_contact", None)
    if contact is None:  # the role without a contact record: nothing to show
        raise PermissionDenied
    projects = project_list_with_milestones(projects_visible_to(request.user)).order_by("name")
    visits = visits_by_project(projects)
    for project in projects:
        project.milestone_rows = milestone_rows(project.milestones.all(), today)
        project.visits = visits.get(project.pk, [])
        for visit in project.visits:  # what the enterprise must still put right, and by when
            visit.follow_up_rows = [f for f in follow_ups_judged(visit.follow_ups.all(), today) if f.is_open]
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
