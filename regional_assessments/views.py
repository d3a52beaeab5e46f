from django.shortcuts import render
from django.utils import timezone

from crm.roles import Role, role_required
from projects.selectors import milestone_counts, project_list_with_milestones, projects_visible_to


@role_required(Role.ZONE_COMMITTEE)
def committee_home(request):
    """The zone committee's page: the projects landing in its zone and how their
    milestones stand. Regional reports join this page with their own issue."""
    zone = request.user.zone
    projects = projects_visible_to(request.user)
    return render(
        request,
        "regional_assessments/committee_home.html",
        {
            "zone": zone,
            "projects": project_list_with_milestones(projects).order_by("name"),
            "counts": milestone_counts(projects),
            "today": timezone.localdate(),
        },
    )
