"""One dashboard per audience: a centre's supervisor (its centre), a zone committee (its
zone), the administrator (all). Each: the filters, the department league table (per
department and per catalogue item), the 3550 compliance per milestone per month, how
items were handled (fully online, zero and one trip), the overdue count trend, the
government and enterprise days per milestone, the sections of the apps above
``projects`` (``sections.figure_sections``: regional-report reuse), each chart's
figures as an ``.xlsx`` (``?export=<chart>``)."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from crm.accounts.roles import Role, role_required
from crm.forms import excerpt, form_errors
from crm.organisation.models import Zone
from crm.spreadsheets import xlsx_response
from projects.dashboards.forms import DashboardForm
from projects.dashboards.sections import FigureSection, figure_section, figure_section_keys, figure_sections
from projects.dashboards.selectors import (
    Audience,
    ClockDays,
    ComplianceMonth,
    DashboardScope,
    LeagueRow,
    OverdueMonth,
    RatingSummary,
    ServiceRow,
    clock_days_by_kind,
    compliance_by_month,
    league_table,
    overdue_by_month,
    rating_summary,
    service_table,
)
from projects.models import RatingLevel


@role_required(Role.SUPERVISOR)
def centre_dashboard(request):
    centre = request.user.agent_profile.centre
    base = {"centre_id": centre.pk, "centre_zone_ids": centre.zone.ids_within()}
    title = _("%(centre)s 办件时效看板") % {"centre": centre}
    zones = Zone.objects.filter(pk__in=base["centre_zone_ids"]).order_by("name")
    return _dashboard(request, Audience.CENTRE, base, zones, title)


@role_required(Role.ZONE_COMMITTEE)
def zone_dashboard(request):
    zone = request.user.zone
    if zone is None:
        raise PermissionDenied  # a committee account not yet given its zone sees no zone's figures
    ids = zone.ids_within()
    title = _("%(zone)s 办件时效看板") % {"zone": zone}
    return _dashboard(
        request, Audience.ZONE, {"zone_ids": ids}, Zone.objects.filter(pk__in=ids).order_by("name"), title
    )


@role_required(Role.ADMINISTRATOR)
def overall_dashboard(request):
    return _dashboard(request, Audience.ALL, {}, Zone.objects.order_by("name"), _("全市办件时效看板"))


def _dashboard(request, audience: str, base: dict, zones, title: str):
    form = DashboardForm(request.GET, zones=zones)
    if not form.is_valid():
        return _refused(request, form, title)
    data = form.cleaned_data
    zone = data["zone"]
    scope = DashboardScope(
        audience=audience,
        start=data["period_start"],
        end=data["period_end"],
        filter_zone_ids=zone.ids_within() if zone else None,
        department_id=data["department"].pk if data["department"] else None,
        **base,
    )
    today = timezone.localdate()
    export = data["export"]
    if export in ("league", "items"):
        return _league_sheet(
            league_table(scope, today=today, by_item=export == "items"), scope, by_item=export == "items"
        )
    if export == "service":
        return _service_sheet(service_table(scope), scope)
    if export == "overdue":
        return _overdue_sheet(overdue_by_month(scope, today=today), scope)
    if export in figure_section_keys():
        section = figure_section(export, scope, today=today)
        return xlsx_response(f"{section.title}（{_period_words(scope)}）", section.headers, section.rows)
    ratings = rating_summary(scope, today=today)
    if export == "ratings":
        return _ratings_sheet(ratings, scope)
    compliance = compliance_by_month(scope, today=today)
    clock_days = clock_days_by_kind(compliance)
    if export == "compliance":
        return _compliance_sheet(compliance, scope)
    if export == "days":
        return _days_sheet(clock_days, scope)
    overdue = overdue_by_month(scope, today=today)
    sections = figure_sections(scope, today=today)
    service = service_table(scope)
    departments = league_table(scope, today=today)
    items = league_table(scope, today=today, by_item=True)
    query = request.GET.copy()
    query.pop("export", None)
    exports = {}
    for chart in ("league", "items", "compliance", "days", "overdue", "service", "ratings", *(s.key for s in sections)):
        query["export"] = chart
        exports[chart] = "?" + query.urlencode()
    charts = _chart_data(departments, compliance, service) | {
        "ratings": _rating_chart(ratings),
        "overdue": _overdue_chart(overdue),
        "days": _days_chart(clock_days),
        "sections": {section.key: section.chart for section in sections if section.chart},
    }
    return render(
        request,
        "projects/dashboards/dashboard.html",
        {
            "title": title,
            "form": form,
            "scope": scope,
            "departments": departments,
            "items": items,
            "compliance": compliance,
            "clock_days": clock_days,
            "overdue": overdue,
            "service": service,
            "ratings": ratings,
            "rating_levels": _rating_levels(ratings),
            "sections": [_section_shown(section, exports[section.key]) for section in sections],
            "charts": charts,
            "exports": exports,
        },
    )


def _refused(request, form: DashboardForm, title: str):
    """Filters the page cannot read (a month and dates together, reversed dates, an
    unknown download): the page again with the form as the user filled it and the
    messages beside it, status 400, so they correct the filters where they chose them.
    What they typed is shown cut short (``excerpt``), never a hostile value whole."""
    return render(
        request,
        "projects/dashboards/dashboard.html",
        {
            "title": title,
            "form": form,
            "shown": {name: excerpt(request.GET.get(name, ""), limit=10) for name in ("month", "start", "end")},
            "errors": form_errors(form),
        },
        status=400,
    )


def _chart_data(departments: list[LeagueRow], compliance: list[ComplianceMonth], service: list[ServiceRow]) -> dict:
    """What the charts draw (``static/projects/dashboards.js``), read from the tables'
    rows: the league per department, per month the milestones of every kind, and per
    department the shares of items handled online and with zero or one trip."""
    months = sorted({row.month for row in compliance})
    per_month = {month: [0, 0, 0, 0] for month in months}
    for row in compliance:
        per_month[row.month][0] += row.on_time
        per_month[row.month][1] += row.late
        per_month[row.month][2] += row.running - row.past_due
        per_month[row.month][3] += row.past_due
    return {
        "league": {
            "categories": [row.department for row in departments],
            "series": [
                {"name": _("按时办结"), "data": [row.on_time for row in departments]},
                {"name": _("超时办结"), "data": [row.late for row in departments]},
                {"name": _("当前超时在办"), "data": [row.overdue_now for row in departments]},
            ],
            "rate": {"name": _("按时办结率（%）"), "data": [row.on_time_rate for row in departments]},
        },
        "compliance": {
            "categories": [f"{month:%Y-%m}" for month in months],
            "series": [
                {"name": _("按时完成"), "data": [per_month[m][0] for m in months]},
                {"name": _("超时完成"), "data": [per_month[m][1] for m in months]},
                {"name": _("月末计时中（未超时）"), "data": [per_month[m][2] for m in months]},
                {"name": _("月末已超时"), "data": [per_month[m][3] for m in months]},
            ],
        },
        "service": {
            "categories": [row.department for row in service],
            "series": [
                {"name": _("全程网办占比（%）"), "data": [row.fully_online_share for row in service]},
                {"name": _("零跑动占比（%）"), "data": [row.zero_trip_share for row in service]},
                {"name": _("最多跑一次占比（%）"), "data": [row.at_most_one_trip_share for row in service]},
            ],
        },
    }


def _period_words(scope: DashboardScope) -> str:
    return f"{scope.start:%Y-%m-%d}至{scope.end:%Y-%m-%d}"


def _league_sheet(rows: list[LeagueRow], scope: DashboardScope, *, by_item: bool):
    headers = [_("审批部门")]
    if by_item:
        headers += [_("事项编码"), _("事项名称")]
    headers += [
        _("办结件数"),
        _("按时办结"),
        _("超时办结"),
        _("按时办结率（%）"),
        _("平均政府用时（工作日）"),
        _("当前超时在办"),
    ]

    def line(row: LeagueRow) -> list:
        head = [row.department] + ([row.item_code, row.item] if by_item else [])
        return head + [row.decided, row.on_time, row.late, row.on_time_rate, row.government_days, row.overdue_now]

    name = _("事项办件时效") if by_item else _("部门办件时效排名")
    return xlsx_response(f"{name}（{_period_words(scope)}）", headers, (line(row) for row in rows))


def _compliance_sheet(rows: list[ComplianceMonth], scope: DashboardScope):
    headers = [
        _("里程碑"),
        _("目标时限（工作日）"),
        _("月份"),
        _("按时完成"),
        _("超时完成"),
        _("月末计时中"),
        _("其中月末已超时"),
        _("其中到期日暂定"),
        _("平均政府用时（工作日）"),
        _("平均企业用时（工作日）"),
    ]
    lines = (
        [
            row.milestone,
            row.target_days,
            f"{row.month:%Y-%m}",
            row.on_time,
            row.late,
            row.running,
            row.past_due,
            row.provisional,
            row.government_days,
            row.enterprise_days,
        ]
        for row in rows
    )
    return xlsx_response(f"{_('“3550”里程碑达标情况')}（{_period_words(scope)}）", headers, lines)


def _service_sheet(rows: list[ServiceRow], scope: DashboardScope):
    headers = [
        _("审批部门"),
        _("送达件数"),
        _("全程网办"),
        _("零跑动"),
        _("跑动一次"),
        _("全程网办占比（%）"),
        _("零跑动占比（%）"),
        _("最多跑一次占比（%）"),
    ]
    lines = (
        [
            row.department,
            row.delivered,
            row.fully_online,
            row.zero_trips,
            row.one_trip,
            row.fully_online_share,
            row.zero_trip_share,
            row.at_most_one_trip_share,
        ]
        for row in rows
    )
    return xlsx_response(f"{_('办件方式')}（{_period_words(scope)}）", headers, lines)


def _rating_levels(ratings: RatingSummary) -> list[tuple[str, int]]:
    return [(str(RatingLevel(level).label), count) for level, count in ratings.levels.items()]


def _rating_chart(ratings: RatingSummary) -> dict:
    return {"name": _("评价件数"), "data": [{"name": name, "value": n} for name, n in _rating_levels(ratings)]}


def _ratings_sheet(ratings: RatingSummary, scope: DashboardScope):
    lines = [[_("评价：%(level)s") % {"level": name}, count] for name, count in _rating_levels(ratings)]
    lines += [
        [_("评价合计"), ratings.rated],
        [_("满意率（%）"), ratings.satisfied_share],
        [_("回访按时办结"), ratings.callbacks_on_time],
        [_("回访超时办结"), ratings.callbacks_late],
        [_("回访按时办结率（%）"), ratings.callbacks_on_time_share],
        [_("回访当前超时未办结"), ratings.callbacks_overdue_now],
    ]
    return xlsx_response(f"{_('好差评与回访')}（{_period_words(scope)}）", [_("项目"), _("数量")], lines)


def _overdue_chart(rows: list[OverdueMonth]) -> dict:
    return {
        "categories": [f"{row.month:%Y-%m}" for row in rows],
        "series": [{"name": _("月末超时在办"), "data": [row.overdue for row in rows]}],
    }


def _overdue_sheet(rows: list[OverdueMonth], scope: DashboardScope):
    headers = [_("月份"), _("统计日"), _("超时在办件数")]
    lines = ([f"{row.month:%Y-%m}", row.at, row.overdue] for row in rows)
    return xlsx_response(f"{_('超时在办件数趋势')}（{_period_words(scope)}）", headers, lines)


def _days_chart(rows: list[ClockDays]) -> dict:
    return {
        "categories": [row.milestone for row in rows],
        "series": [
            {"name": _("平均政府用时（工作日）"), "data": [row.government_days for row in rows]},
            {"name": _("平均企业用时（工作日）"), "data": [row.enterprise_days for row in rows]},
            {"name": _("目标时限（工作日）"), "data": [row.target_days for row in rows]},
        ],
    }


def _days_sheet(rows: list[ClockDays], scope: DashboardScope):
    headers = [
        _("里程碑"),
        _("目标时限（工作日）"),
        _("完成个数"),
        _("平均政府用时（工作日）"),
        _("平均企业用时（工作日）"),
    ]
    lines = ([row.milestone, row.target_days, row.finished, row.government_days, row.enterprise_days] for row in rows)
    return xlsx_response(f"{_('政府用时与企业用时')}（{_period_words(scope)}）", headers, lines)


def figure_text(value) -> str:
    """A figure as a page shows it: thousands separated, "—" when unknown."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, Decimal):
        return f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, dt.date):
        return f"{value:%Y-%m-%d}"
    return str(value)


def _section_shown(section: FigureSection, export: str) -> dict:
    """A section as the page draws it: the figures as text, each cell with its header
    (the card's label at 360 px)."""
    return {
        "key": section.key,
        "title": section.title,
        "note": section.note,
        "headers": section.headers,
        "summary": [(label, figure_text(value)) for label, value in section.summary],
        "rows": [list(zip(section.headers, map(figure_text, row), strict=True)) for row in section.rows],
        "chart": bool(section.chart),
        "export": export,
    }
