from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from crm.accounts.roles import Role, has_role, role_required
from crm.forms import ExportForm, bad_request, export_wanted
from crm.organisation.models import Zone
from crm.spreadsheets import xlsx_response
from crm.uploads import file_response
from projects.investment.selectors import milestone_counts, project_list_with_milestones, projects_visible_to
from projects.models import Project
from regional_assessments.reports.figures import assessment_figures
from regional_assessments.reports.models import ZoneReport
from regional_assessments.reports.selectors import (
    expiry_warning,
    reuse_savings,
    zone_report_detail,
    zone_report_file_visible,
    zone_report_list,
    zone_report_totals,
    zone_reuses,
)


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
    export = export_wanted(request)
    if export is None:
        return bad_request(request, ExportForm(request.GET))
    if export:
        return _reuse_sheet(request.user)
    today = timezone.localdate()
    reports = zone_report_list(request.user, today)
    return render(
        request,
        "regional_assessments/report_list.html",
        {"zone": request.user.zone, "reports": reports, "totals": zone_report_totals(reports), "today": today},
    )


REUSE_HEADERS = (
    "复用日期",
    "区域评估报告",
    "批复文号",
    "项目代码",
    "项目",
    "企业",
    "评估类型",
    "节省工作日",
    "节省费用（元）",
)


def _reuse_sheet(user):
    """The zone's reuse list: every project that did not commission an assessment again."""
    return xlsx_response(
        _("区域评估成果复用"),
        [_(header) for header in REUSE_HEADERS],
        (
            (
                reuse.reused_on,
                reuse.report.title,
                reuse.report.approval_no,
                reuse.project.code,
                reuse.project.name,
                str(reuse.project.enterprise),
                str(reuse.assessment_type),
                reuse.days_saved,
                reuse.fee_saved,
            )
            for reuse in zone_reuses(user)
        ),
    )


@role_required(Role.ZONE_COMMITTEE)
def report_detail(request, pk: int):
    today = timezone.localdate()
    report = zone_report_detail(request.user, pk)
    return render(
        request,
        "regional_assessments/report_detail.html",
        {
            "report": report,
            "reuses": report.reuses.all(),
            "savings": reuse_savings(report.reuses.all()),
            "warning": expiry_warning(report, today),
            "today": today,
        },
    )


@role_required(Role.ZONE_COMMITTEE, Role.SUPERVISOR, Role.ADMINISTRATOR)
def figures(request):
    """The reforms' figures: the committee's own zone; supervisors and administrators
    see every zone and the total."""
    if has_role(request.user, Role.SUPERVISOR, Role.ADMINISTRATOR):
        zones = list(Zone.objects.order_by("division_code", "name"))  # each with the zones inside it
        rows = [(zone, assessment_figures(Project.objects.filter(zone_id__in=zone.ids_within()))) for zone in zones]
        total = assessment_figures(Project.objects.all())
    else:
        zone = request.user.zone
        rows = [(zone, assessment_figures(Project.objects.filter(zone_id__in=zone.ids_within())))]
        total = None
    return render(request, "regional_assessments/figures.html", {"rows": rows, "total": total})


@login_required
def report_file(request, pk: int):
    """The report's file, to its committee, administrators and the projects that reused
    it; 404 to anyone else and when there is no file."""
    report = get_object_or_404(ZoneReport, pk=pk)
    if not report.file or not zone_report_file_visible(report, request.user):
        raise Http404
    return file_response(report.file, download_name=report.file_name)
