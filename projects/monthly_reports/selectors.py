"""The figures of a zone's monthly overdue report (超时办件通报) and who may read which
report.

A zone's report counts the projects located in the zone and the zones inside it, as
the zone committee's dashboard does (``Audience.ZONE``), for one calendar month; the
items overdue are those at the month's end (today, for the current month)."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from agents.models import ServiceCentre
from agents.selectors import supervisors_of_centres
from crm.accounts.models import User
from crm.accounts.roles import GROUP_NAMES, Role, has_role
from crm.calendar.clock import ClockParty, causes_of
from crm.calendar.workdays import workdays_between
from crm.organisation.models import Zone
from projects.cases.models import ITEM_CLOCK_PAUSED
from projects.dashboards.sections import FigureSection, figure_sections
from projects.dashboards.selectors import (
    Audience,
    ComplianceMonth,
    DashboardScope,
    RatingSummary,
    compliance_by_month,
    league_table,
    rating_summary,
    scoped_items,
    scoped_milestones,
)
from projects.investment.models import MILESTONE_OPEN_STATES, MilestonePause, MilestoneState, Project
from projects.monthly_reports.models import MonthlyReport, report_title


def month_bounds(first: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of ``first``'s month."""
    first = first.replace(day=1)
    following = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return first, following - dt.timedelta(days=1)


def previous_month_first(today: dt.date) -> dt.date:
    return (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def month_ended(first: dt.date, today: dt.date) -> bool:
    """Whether ``first``'s month is over on ``today`` (its last day is past): only such a
    month's report may be archived and sent; the current month's is a draft."""
    return month_bounds(first)[1] < today


def month_label(first: dt.date) -> str:
    """“2026年11月”: how the report names its month (never “本月”, which reads as today's)."""
    return _("%(year)s年%(month)s月") % {"year": first.year, "month": first.month}


class MonthNotOver(ValueError):
    """A report of a month not yet over was asked to be archived (or sent)."""

    def __init__(self, first: dt.date, today: dt.date):
        super().__init__(
            _("%(month)s尚未结束（今天是 %(today)s），只能生成并归档已结束月份的通报")
            % {"month": month_label(first), "today": f"{today:%Y-%m-%d}"}
        )


def zone_scope(zone: Zone, first: dt.date) -> DashboardScope:
    """The report's rows: the zone's (and inside it) projects, in ``first``'s month."""
    start, end = month_bounds(first)
    return DashboardScope(audience=Audience.ZONE, start=start, end=end, zone_ids=zone.ids_within())


# -- the overdue items -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OverdueRow:
    """One item past its due date: decided late in the month (``decided_on`` set), or
    still undecided with its clock running at the month's end. ``days_over``: working
    days from the due date to the decision (or to the month's end)."""

    project_code: str
    project: str
    case_number: str
    item: str
    department: str
    agent: str
    due_date: dt.date
    decided_on: dt.date | None
    days_over: int


def overdue_items(scope: DashboardScope, *, as_of: dt.date) -> list[OverdueRow]:
    """The scope's items decided late in the period, and those overdue at ``as_of``
    (accepted by then, undecided then, due before it, and not stopped for a
    correction that began by then). One query; most working days over first."""
    decided_late = Q(decided_on__gte=scope.start, decided_on__lte=scope.end, decided_on__gt=F("due_date"))
    open_at_end = (
        Q(started_on__lte=as_of, due_date__lt=as_of)
        & (Q(decided_on__isnull=True) | Q(decided_on__gt=as_of))
        & ~Q(state__in=ITEM_CLOCK_PAUSED, paused_on__lte=as_of)
    )
    rows = (
        scoped_items(scope)
        .filter(due_date__isnull=False)
        .filter(decided_late | open_at_end)
        .values(
            "case__project__code",
            "case__project__name",
            "case__number",
            "approval_item__name",
            "approval_item__department__name",
            "case__agent__user__full_name",
            "due_date",
            "decided_on",
        )
        .order_by()
    )
    table = []
    for row in rows:
        decided = row["decided_on"] if row["decided_on"] and row["decided_on"] <= as_of else None
        table.append(
            OverdueRow(
                project_code=row["case__project__code"],
                project=row["case__project__name"],
                case_number=row["case__number"],
                item=row["approval_item__name"],
                department=row["approval_item__department__name"],
                agent=row["case__agent__user__full_name"] or "",
                due_date=row["due_date"],
                decided_on=decided,
                days_over=workdays_between(row["due_date"], decided or as_of).days,
            )
        )
    table.sort(key=lambda r: (-r.days_over, r.department, r.project_code, r.item))
    return table


@dataclass(frozen=True, slots=True)
class OverdueMilestoneRow:
    """A "3550" milestone past its due date at the month's end, still not finished then
    (running, or paused by the government's side). ``days_over``: working days from
    the due date to the month's end."""

    project_code: str
    project: str
    milestone: str
    target_days: int
    started_on: dt.date
    due_date: dt.date
    days_over: int


def overdue_milestones(scope: DashboardScope, *, as_of: dt.date) -> list[OverdueMilestoneRow]:
    """The scope's milestones running past their due date at ``as_of``: started by then,
    due before it, not finished by then, and not stopped by the enterprise then (a
    pause of an enterprise cause begun by ``as_of`` and not resumed before it). One
    query; most working days over first.

    The due date is the milestone's present one: a pause after ``as_of`` that moved
    it is not undone (the history of due dates is not kept)."""
    stopped_by_enterprise = MilestonePause.objects.filter(
        Q(resumed_on__isnull=True) | Q(resumed_on__gt=as_of),
        milestone=OuterRef("pk"),
        paused_on__lte=as_of,
        cause__in=causes_of(ClockParty.ENTERPRISE),
    )
    rows = (
        scoped_milestones(scope)
        .filter(started_on__lte=as_of, due_date__lt=as_of)
        .filter(Q(state__in=MILESTONE_OPEN_STATES) | Q(state=MilestoneState.COMPLETED, finished_on__gt=as_of))
        .exclude(Exists(stopped_by_enterprise))
        .values("project__code", "project__name", "definition__name", "target_working_days", "started_on", "due_date")
        .order_by()
    )
    table = [
        OverdueMilestoneRow(
            project_code=row["project__code"],
            project=row["project__name"],
            milestone=row["definition__name"],
            target_days=row["target_working_days"],
            started_on=row["started_on"],
            due_date=row["due_date"],
            days_over=workdays_between(row["due_date"], as_of).days,
        )
        for row in rows
    ]
    table.sort(key=lambda r: (-r.days_over, r.project_code, r.milestone))
    return table


# -- the department league table ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DepartmentRow:
    """A department in the month: its items decided (on time, late, rate, average
    government working days) and its items overdue and undecided at the month's end."""

    department: str
    decided: int
    on_time: int
    late: int
    on_time_rate: float | None
    government_days: float | None
    overdue_open: int


def department_rows(scope: DashboardScope, overdue: list[OverdueRow], *, as_of: dt.date) -> list[DepartmentRow]:
    """The league table (best on-time rate first) of the departments that decided
    items in the month, then the departments that decided none but had overdue items
    at its end (most first). "Overdue" is counted at the month's end, not today."""
    open_by_department: dict[str, int] = {}
    for row in overdue:
        if row.decided_on is None:
            open_by_department[row.department] = open_by_department.get(row.department, 0) + 1
    table = [
        DepartmentRow(
            department=row.department,
            decided=row.decided,
            on_time=row.on_time,
            late=row.late,
            on_time_rate=row.on_time_rate,
            government_days=row.government_days,
            overdue_open=open_by_department.pop(row.department, 0),
        )
        for row in league_table(scope, today=as_of)
        if row.decided
    ]
    rest = sorted(open_by_department.items(), key=lambda pair: (-pair[1], pair[0]))
    table += [DepartmentRow(name, 0, 0, 0, None, None, count) for name, count in rest]
    return table


# -- the whole report -----------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthlyFigures:
    zone: Zone
    month: dt.date
    last: dt.date
    as_of: dt.date
    issuer: str
    compliance: list[ComplianceMonth]
    milestones_overdue: list[OverdueMilestoneRow]
    departments: list[DepartmentRow]
    overdue: list[OverdueRow]
    ratings: RatingSummary
    sections: list[FigureSection]
    ended: bool = True  # False: the month is not over, the report a draft never archived

    @property
    def title(self) -> str:
        return report_title(self.zone, self.month)

    @property
    def month_label(self) -> str:
        return month_label(self.month)

    @property
    def decided(self) -> int:
        return sum(row.decided for row in self.departments)

    @property
    def on_time(self) -> int:
        return sum(row.on_time for row in self.departments)

    @property
    def on_time_rate(self) -> float | None:
        return round(100 * self.on_time / self.decided, 1) if self.decided else None

    @property
    def decided_late(self) -> int:
        return sum(1 for row in self.overdue if row.decided_on is not None)

    @property
    def overdue_open(self) -> int:
        return sum(1 for row in self.overdue if row.decided_on is None)


def issuing_service_centre(zone: Zone) -> ServiceCentre | None:
    """The service centre that issues the zone's report: the one in the zone (or,
    failing one, in the nearest zone around it); None: the zone's committee issues it."""
    ancestry = zone_ancestry(zone)
    centres = {c.zone_id: c for c in ServiceCentre.objects.filter(zone_id__in=ancestry).order_by("-name")}
    for zone_id in ancestry:
        if zone_id in centres:
            return centres[zone_id]
    return None


def issuing_centre_ids() -> dict[int, int | None]:
    """Every zone's issuing centre (``issuing_service_centre``'s rule: the centre in the
    zone, else in the nearest zone around it; of two, the first by name), in two queries."""
    parents = dict(Zone.objects.values_list("pk", "parent_id"))
    centres: dict[int, int] = {}
    for pk, zone_id in ServiceCentre.objects.order_by("name").values_list("pk", "zone_id"):
        centres.setdefault(zone_id, pk)

    def issuer(zone_id: int | None) -> int | None:
        seen = set()
        while zone_id is not None and zone_id not in seen:
            if zone_id in centres:
                return centres[zone_id]
            seen.add(zone_id)
            zone_id = parents.get(zone_id)
        return None

    return {pk: issuer(pk) for pk in parents}


def issuing_centre(zone: Zone) -> str:
    """Who issues the zone's report, by name: its centre (``issuing_service_centre``);
    else the zone's committee."""
    centre = issuing_service_centre(zone)
    if centre is not None:
        return centre.name
    return zone.committee_name or _("%(zone)s管委会") % {"zone": zone}


def zone_ancestry(zone: Zone) -> list[int]:
    """The zone and the zones around it, innermost first (a few levels: one query each)."""
    ids, parent_id = [zone.pk], zone.parent_id
    while parent_id is not None and parent_id not in ids:
        ids.append(parent_id)
        parent_id = Zone.objects.filter(pk=parent_id).values_list("parent_id", flat=True).first()
    return ids


def monthly_figures(zone: Zone, first: dt.date, *, today: dt.date | None = None) -> MonthlyFigures:
    """Every figure of ``zone``'s report for ``first``'s month: the 3550 compliance per
    milestone, the department league table, the overdue items, the ratings and
    callbacks, and the sections the apps above contribute (regional reuse)."""
    today = today or timezone.localdate()
    scope = zone_scope(zone, first)
    as_of = min(scope.end, today)
    overdue = overdue_items(scope, as_of=as_of)
    return MonthlyFigures(
        zone=zone,
        month=scope.start,
        last=scope.end,
        as_of=as_of,
        issuer=issuing_centre(zone),
        compliance=compliance_by_month(scope, today=today),
        milestones_overdue=overdue_milestones(scope, as_of=as_of),
        departments=department_rows(scope, overdue, as_of=as_of),
        overdue=overdue,
        ratings=rating_summary(scope, today=as_of),
        sections=figure_sections(scope, today=as_of),
        ended=month_ended(scope.start, today),
    )


# -- which zones, who may read, who is told --------------------------------------------------------


def zones_reported() -> QuerySet[Zone]:
    """The zones that get a report: those where projects are located, and the zones
    around them (whose report includes them)."""
    ids = set(Project.objects.values_list("zone_id", flat=True).distinct())
    level = set(ids)
    while level:
        level = set(Zone.objects.filter(pk__in=level, parent__isnull=False).values_list("parent_id", flat=True)) - ids
        ids |= level
    return Zone.objects.filter(pk__in=ids).order_by("division_code", "name")


def report_zone_ids(user) -> list[int] | None:
    """The zones whose reports ``user`` reads: an administrator all (None), a zone
    committee its zone and those inside, a supervisor its centre's zone and those
    inside. Anyone else: PermissionDenied."""
    if has_role(user, Role.ADMINISTRATOR):
        return None
    if has_role(user, Role.ZONE_COMMITTEE) and user.zone_id:
        return user.zone.ids_within()
    profile = getattr(user, "agent_profile", None)
    if has_role(user, Role.SUPERVISOR) and profile is not None:
        # Only the reports its own centre issues: a report lists its zone's projects, cases
        # and agents, and another centre's are not a supervisor's to read (projects_visible_to).
        issuers = issuing_centre_ids()
        return [pk for pk in profile.centre.zone.ids_within() if issuers.get(pk) == profile.centre_id]
    raise PermissionDenied


def reports_visible_to(user) -> QuerySet[MonthlyReport]:
    ids = report_zone_ids(user)
    reports = MonthlyReport.objects.select_related("zone", "generated_by")
    return reports if ids is None else reports.filter(zone_id__in=ids)


def zones_visible_to(user) -> QuerySet[Zone]:
    ids = report_zone_ids(user)
    zones = Zone.objects.order_by("division_code", "name")
    return zones if ids is None else zones.filter(pk__in=ids)


def may_generate(user, zone: Zone, *, issuers: dict[int, int | None] | None = None) -> bool:
    """Whether ``user`` may (re)generate and archive ``zone``'s report: an administrator
    any zone's; a supervisor only the reports its own centre issues
    (``issuing_service_centre``), not those of another centre's zone it reads."""
    if has_role(user, Role.ADMINISTRATOR):
        return True
    profile = getattr(user, "agent_profile", None)
    if not has_role(user, Role.SUPERVISOR) or profile is None:
        return False
    return (issuers if issuers is not None else issuing_centre_ids()).get(zone.pk) == profile.centre_id


def own_zone_id(user) -> int | None:
    """The zone a reader's forms start at: its centre's (a supervisor) or its own (a
    committee); None for an administrator (the first zone)."""
    profile = getattr(user, "agent_profile", None)
    if has_role(user, Role.SUPERVISOR) and profile is not None:
        return profile.centre.zone_id
    return getattr(user, "zone_id", None)


def report_recipients(zone: Zone) -> list[int]:
    """Whom a zone's report is sent to: the supervisors of the centre issuing it (the
    only ones who read it) and the zone's committee accounts."""
    centre = issuing_service_centre(zone)
    supervisors = supervisors_of_centres([centre.pk]).values_list("user_id", flat=True) if centre is not None else []
    committee = User.objects.filter(
        zone=zone, is_active=True, groups__name=GROUP_NAMES[Role.ZONE_COMMITTEE]
    ).values_list("pk", flat=True)
    return sorted(set(supervisors) | set(committee))
