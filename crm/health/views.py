"""The health check and the administrator's system page."""

import datetime as dt

from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from crm.accounts.roles import Role, has_role, role_required
from crm.audit.events import audit_event_label
from crm.audit.models import AuditEntry
from crm.calendar.models import CalendarDay, CalendarYear
from crm.calendar.workdays import PACKAGE_YEARS, get_calendar
from crm.health.services import health_report
from crm.supervision.services import outbox_status


@require_GET
@never_cache
def healthz(request):
    """Anyone (a load balancer, a monitor) learns whether the system is usable; which part
    failed and why (host names, ports, roles in the error) only an administrator."""
    healthy, report = health_report()
    body = {"status": "ok" if healthy else "unavailable"}
    if request.user.is_authenticated and has_role(request.user, Role.ADMINISTRATOR):
        body["checks"] = report
    return JsonResponse(body, status=200 if healthy else 503)


def calendar_coverage(today: dt.date, years_ahead: int = 2) -> list[dict]:
    """For this year and the next ones: where the schedule comes from, or that it is missing."""
    calendar = get_calendar()
    entered = {y.year: y for y in CalendarYear.objects.filter(year__gte=today.year)}
    rows = []
    for year in range(today.year, today.year + years_ahead + 1):
        if year in PACKAGE_YEARS:
            source = _("chinese-calendar 官方数据")
        elif year in entered and entered[year].published:
            source = entered[year].source
        else:
            source = ""
        rows.append({"year": year, "official": calendar.is_official_year(year), "source": source})
    return rows


def _labelled(entries) -> list[AuditEntry]:
    """Each entry with ``label``: its event as people read it, never the code."""
    entries = list(entries)
    for entry in entries:
        entry.label = audit_event_label(entry.event)
    return entries


# The parts the health report checks, as an administrator reads them.
CHECK_LABELS = {"database": _lazy("数据库"), "channel_layer": _lazy("实时更新通道"), "broker": _lazy("后台任务队列")}


def check_rows(checks: dict) -> list[dict]:
    """The health report's checks in words: part, whether it works, the error, the time."""
    return [
        {
            "label": CHECK_LABELS.get(name, name),
            "ok": check.get("status") == "ok",
            "error": check.get("error", ""),
            "ms": check.get("ms"),
        }
        for name, check in checks.items()
    ]


@role_required(Role.ADMINISTRATOR)
def admin_home(request):
    today = timezone.localdate()
    healthy, checks = health_report()
    return render(
        request,
        "crm/admin_home.html",
        {
            "healthy": healthy,
            "checks": check_rows(checks),
            "coverage": calendar_coverage(today),
            "override_count": CalendarDay.objects.filter(date__year__gte=today.year).count(),
            "recent_audit": _labelled(AuditEntry.objects.select_related("actor")[:15]),
            "supervision": outbox_status(),
        },
    )
