from django.shortcuts import render
from django.utils import timezone

from crm.roles import Role, role_required
from projects.selectors import milestone_counts, project_list_with_milestones, projects_visible_to
from regional_assessments import selectors


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


@role_required(Role.ZONE_COMMITTEE)
def report_list(request):
    """The zone's regional assessment reports: coverage, validity warnings, reuses and
    savings, and what withdrawn or expired reports still account for."""
    today = timezone.localdate()
    reports = selectors.zone_report_list(request.user, today)
    return render(
        request,
        "regional_assessments/report_list.html",
        {"zone": request.user.zone, "reports": reports, "totals": selectors.zone_report_totals(reports), "today": today},
    )


@role_required(Role.ZONE_COMMITTEE)
def report_detail(request, pk: int):
    today = timezone.localdate()
    report = selectors.zone_report_detail(request.user, pk)
    return render(
        request,
        "regional_assessments/report_detail.html",
        {
            "report": report,
            "reuses": report.reuses.all(),
            "savings": selectors.reuse_savings(report.reuses.all()),
            "warning": selectors.expiry_warning(report, today),
            "today": today,
        },
    )
