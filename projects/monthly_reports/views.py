"""The monthly overdue reports (超时办件通报): the archive of a reader's zones, one
report as a page (cards on a phone, a document on paper) and as a PDF, and the
(re)generation of a month's report by a supervisor or an administrator.

Who reads which zone: ``report_zone_ids`` (an administrator all, a committee its zone,
a supervisor its centre's zone, each with the zones inside); another zone is 404.
Who (re)generates which: ``may_generate`` (an administrator all, a supervisor the
reports its own centre issues; another is 403), and only a month that is over; the
current month's page is a draft. A refused choice shows the list page again (400)
with the choice kept and the message beside it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from crm.accounts.roles import Role, has_role, role_required
from crm.organisation.models import Zone
from projects.monthly_reports.document import monthly_report_pdf, report_context
from projects.monthly_reports.forms import MonthForm, ReportForm
from projects.monthly_reports.selectors import (
    MonthlyFigures,
    MonthNotOver,
    issuing_centre,
    issuing_centre_ids,
    may_generate,
    month_ended,
    monthly_figures,
    own_zone_id,
    previous_month_first,
    reports_visible_to,
    zones_visible_to,
)
from projects.monthly_reports.services import monthly_report_filename, monthly_report_generate

READERS = (Role.ADMINISTRATOR, Role.SUPERVISOR, Role.ZONE_COMMITTEE)
PER_PAGE = 24


def _can_generate(user) -> bool:
    return has_role(user, Role.ADMINISTRATOR, Role.SUPERVISOR)


def _kept(form: ReportForm | None, default_zone: int | None, default_month: str) -> dict:
    """What a form on the list page shows: the user's choice when refused (its zone,
    its month as typed, the messages of each field), else the defaults."""
    if form is None:
        return {"zone": default_zone, "month": default_month, "errors": {}, "refused": False}
    zone = form.data.get("zone", "")
    month = str(form.data.get("month", "")).replace("\x00", "")[:20]
    return {
        "zone": int(zone) if str(zone).isascii() and str(zone).isdigit() and len(str(zone)) < 10 else None,
        "month": month,
        "errors": {name: list(errors) for name, errors in form.errors.items()},
        "refused": True,
    }


def _list_page(request, *, choose: ReportForm | None = None, generate: ReportForm | None = None, status=200):
    """The archive with its two forms (choose a report, generate one); a refused form
    (``choose``/``generate``) shown again with the user's choice and its messages."""
    zones = list(zones_visible_to(request.user))
    default_zone = own_zone_id(request.user)
    default_month = f"{previous_month_first(timezone.localdate()):%Y-%m}"
    issuers = issuing_centre_ids()
    generated_zones = (
        [zone for zone in zones if may_generate(request.user, zone, issuers=issuers)]
        if _can_generate(request.user)
        else []
    )
    page = Paginator(reports_visible_to(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "projects/monthly_reports/list.html",
        {
            "page": page,
            "zones": zones,
            "generated_zones": generated_zones,
            "choose": _kept(choose, default_zone, default_month),
            "generate": _kept(generate, default_zone, default_month),
            "can_generate": bool(generated_zones),
        },
        status=status,
    )


def _chosen(request, data) -> tuple[ReportForm, Zone | None]:
    """The form read from ``data``, and its zone when the form is valid (404 when the
    zone is not one the user reads)."""
    form = ReportForm(data)
    if not form.is_valid():
        return form, None
    return form, get_object_or_404(zones_visible_to(request.user), pk=form.cleaned_data["zone"])


def _figures(request, zone_pk: int) -> MonthlyFigures | HttpResponse:
    """The figures of the zone in the address (404 when the user does not read it) for
    the month of the query, or the list page (400) saying what is wrong with the month."""
    zone = get_object_or_404(zones_visible_to(request.user), pk=zone_pk)
    form = MonthForm(request.GET)
    if not form.is_valid():
        kept = ReportForm({"zone": str(zone.pk), "month": request.GET.get("month", "")})
        kept.is_valid()
        return _list_page(request, choose=kept, status=400)
    return monthly_figures(zone, form.cleaned_data["month"])


@role_required(*READERS)
@require_GET
def monthly_reports(request):
    return _list_page(request)


@role_required(*READERS)
@require_GET
def monthly_report_choose(request):
    """The list page's choice of zone and month, sent on to that report's page."""
    form, zone = _chosen(request, request.GET)
    if zone is None:
        return _list_page(request, choose=form, status=400)
    return redirect(_report_url(zone.pk, form.cleaned_data["month"]))


@role_required(*READERS)
@require_GET
def monthly_report_page(request, zone_pk: int):
    figures = _figures(request, zone_pk)
    if isinstance(figures, HttpResponse):
        return figures
    allowed = _can_generate(request.user) and may_generate(request.user, figures.zone)
    return render(
        request,
        "projects/monthly_reports/report.html",
        report_context(figures)
        | {
            "can_generate": allowed and figures.ended,
            "generate_refused": _can_generate(request.user) and not allowed and figures.ended,
            "month_value": f"{figures.month:%Y-%m}",
        },
    )


@role_required(*READERS)
@require_GET
def monthly_report_pdf_view(request, zone_pk: int):
    figures = _figures(request, zone_pk)
    if isinstance(figures, HttpResponse):
        return figures
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
        return _list_page(request, generate=form, status=400)
    if not may_generate(request.user, zone):
        raise PermissionDenied(
            _("%(zone)s的通报由%(issuer)s印发，只有其负责人或管理员可以生成")
            % {"zone": zone, "issuer": issuing_centre(zone)}
        )
    today = timezone.localdate()
    if not month_ended(form.cleaned_data["month"], today):
        form.add_error("month", str(MonthNotOver(form.cleaned_data["month"], today)))
        return _list_page(request, generate=form, status=400)
    report = monthly_report_generate(zone=zone, month=form.cleaned_data["month"], by=request.user, today=today)
    messages.success(request, _("已生成：%(report)s") % {"report": report})
    return redirect(_list_url())


def _list_url() -> str:
    return reverse("projects:monthly_reports")


def _report_url(zone_pk: int, month) -> str:
    return f"{reverse('projects:monthly_report', args=[zone_pk])}?month={month:%Y-%m}"
