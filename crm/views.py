import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from crm.health import health_report
from crm.models import AuditEntry, CalendarDay, CalendarYear
from crm.roles import HOME_URL_NAMES, Role, has_role, primary_role, role_required
from crm.supervision import outbox_status
from crm.workdays import PACKAGE_YEARS, get_calendar


@login_required
def home(request):
    role = primary_role(request.user)
    if role is None:
        return render(request, "crm/no_role.html", status=403)
    return redirect(HOME_URL_NAMES[role])


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


@role_required(Role.ADMINISTRATOR)
def admin_home(request):
    today = timezone.localdate()
    healthy, checks = health_report()
    return render(
        request,
        "crm/admin_home.html",
        {
            "healthy": healthy,
            "checks": checks,
            "coverage": calendar_coverage(today),
            "override_count": CalendarDay.objects.filter(date__year__gte=today.year).count(),
            "recent_audit": AuditEntry.objects.select_related("actor")[:15],
            "supervision": outbox_status(),
        },
    )
