"""The monthly overdue reports (超时办件通报): the archive of a reader's zones, one
report as a page (cards on a phone, a document on paper) and as a PDF, and the
(re)generation of a month's report by a supervisor or an administrator.

Who reads which zone: ``report_zone_ids`` (an administrator all, a committee its zone,
a supervisor its centre's zone, each with the zones inside); another zone is 404."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from crm.accounts.roles import Role, has_role, role_required
from crm.forms import bad_request
from crm.organisation.models import Zone
from projects.monthly_reports.document import monthly_report_pdf, report_context
from projects.monthly_reports.forms import ReportForm
from projects.monthly_reports.selectors import (
    monthly_figures,
    previous_month_first,
    reports_visible_to,
    zones_visible_to,
)
from projects.monthly_reports.services import monthly_report_filename, monthly_report_generate

READERS = (Role.ADMINISTRATOR, Role.SUPERVISOR, Role.ZONE_COMMITTEE)
PER_PAGE = 24


def _can_generate(user) -> bool:
    return has_role(user, Role.ADMINISTRATOR, Role.SUPERVISOR)


def _chosen(request, data) -> tuple[ReportForm, Zone | None]:
    """The form read from ``data``, and its zone when the form is valid (404 when the
    zone is not one the user reads)."""
    form = ReportForm(data)
    if not form.is_valid():
        return form, None
    return form, get_object_or_404(zones_visible_to(request.user), pk=form.cleaned_data["zone"])


@role_required(*READERS)
@require_GET
def monthly_reports(request):
    zones = list(zones_visible_to(request.user))
    page = Paginator(reports_visible_to(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "projects/monthly_reports/list.html",
        {
            "page": page,
            "zones": zones,
            "default_month": f"{previous_month_first(timezone.localdate()):%Y-%m}",
            "can_generate": _can_generate(request.user),
        },
    )


@role_required(*READERS)
@require_GET
def monthly_report_page(request):
    form, zone = _chosen(request, request.GET)
    if zone is None:
        return bad_request(request, form, back=_list_url())
    figures = monthly_figures(zone, form.cleaned_data["month"])
    return render(
        request,
        "projects/monthly_reports/report.html",
        report_context(figures)
        | {
            "can_generate": _can_generate(request.user),
            "month_value": f"{figures.month:%Y-%m}",
        },
    )


@role_required(*READERS)
@require_GET
def monthly_report_pdf_view(request):
    form, zone = _chosen(request, request.GET)
    if zone is None:
        return bad_request(request, form, back=_list_url())
    figures = monthly_figures(zone, form.cleaned_data["month"])
    response = HttpResponse(monthly_report_pdf(figures), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=monthly_report_filename(figures)
    )
    return response


@role_required(*READERS)
@require_GET
def monthly_report_file(request, pk: int):
    report = get_object_or_404(reports_visible_to(request.user), pk=pk)
    try:
        handle = report.pdf.open("rb")
    except FileNotFoundError as missing:
        raise Http404(_("通报文件已不在存储中，请重新生成")) from missing
    return FileResponse(handle, as_attachment=True, filename=monthly_report_filename(report))


@role_required(Role.ADMINISTRATOR, Role.SUPERVISOR)
@require_POST
def monthly_report_regenerate(request):
    form, zone = _chosen(request, request.POST)
    if zone is None:
        return bad_request(request, form, back=_list_url())
    report = monthly_report_generate(zone=zone, month=form.cleaned_data["month"], by=request.user)
    messages.success(request, _("已生成：%(report)s") % {"report": report})
    return redirect(_list_url())


def _list_url() -> str:
    return reverse("projects:monthly_reports")
