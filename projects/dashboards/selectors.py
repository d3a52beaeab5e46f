"""The dashboards' figures: each one aggregate query over the rows a user may see.

Working days are counted in SQL with the working-day ordinal table
(``crm.calendar.ordinals``, joined on the dates through the items' and milestones'
ordinal relations): the government's working days of a clock stopped on ``end`` are
``ordinal(end) - ordinal(started_on) - paused_working_days`` (the days
someone else's pause stopped it), exactly what ``crm.calendar.clock.clock_days`` counts
one row at a time."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import (
    Avg,
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.db.models.lookups import LessThan

from crm.calendar.clock import STOPPING_CAUSES, ClockParty, causes_of
from crm.calendar.ordinals import workday_ordinals_ensure
from projects.catalogue.models import OnlineLevel
from projects.models import (
    ITEM_CLOCK_RUNNING,
    MILESTONE_OPEN_STATES,
    Callback,
    CallbackState,
    ItemPause,
    Milestone,
    MilestoneOutcome,
    MilestonePause,
    MilestoneState,
    ProjectItem,
    Rating,
    RatingLevel,
)


class Audience:
    """Whose dashboard: a service centre's supervisor, a zone committee, the administrator."""

    CENTRE = "centre"
    ZONE = "zone"
    ALL = "all"


@dataclass(frozen=True)
class DashboardScope:
    """The rows one dashboard counts: its audience's (a centre's cases and projects, a
    zone's projects, or all) narrowed by the filters (zones: the chosen zone and the
    zones inside it; a department; a period from ``start`` to ``end``)."""

    audience: str
    start: dt.date
    end: dt.date
    centre_id: int | None = None
    centre_zone_ids: list[int] = field(default_factory=list)  # the centre's own zone and those inside it
    zone_ids: list[int] | None = None  # the committee's zone (and inside); None: no limit
    filter_zone_ids: list[int] | None = None
    department_id: int | None = None


def scoped_items(scope: DashboardScope) -> QuerySet[ProjectItem]:
    """Items of the audience's cases (``scoped_case_rows``: a centre's agents' cases, a
    zone's cases of projects located there, or all), then the department filter. An item
    is in the zone of its case's project."""
    items = scoped_case_rows(scope, ProjectItem.objects.all())
    if scope.department_id:
        items = items.filter(approval_item__department_id=scope.department_id)
    return items


def scoped_projects(scope: DashboardScope, *, through: str = "project") -> Q:
    """The condition on rows of a project (reached through ``through``) that keeps the
    audience's projects (a centre's: its agents', and those without an agent in its
    zone, as ``projects_visible_to``), then the zone filter. A project spans
    departments, so the department filter does not apply. For the apps above
    ``projects`` too (their figure sections)."""
    if scope.audience == Audience.CENTRE:
        rows = Q(**{f"{through}__agent__centre_id": scope.centre_id}) | Q(
            **{f"{through}__agent__isnull": True, f"{through}__zone_id__in": scope.centre_zone_ids}
        )
    elif scope.audience == Audience.ZONE:
        rows = Q(**{f"{through}__zone_id__in": scope.zone_ids})
    elif scope.audience == Audience.ALL:
        rows = Q()
    else:
        raise ValueError(scope.audience)
    if scope.filter_zone_ids is not None:
        rows &= Q(**{f"{through}__zone_id__in": scope.filter_zone_ids})
    return rows


def scoped_milestones(scope: DashboardScope) -> QuerySet[Milestone]:
    """Milestones of the audience's projects (``scoped_projects``)."""
    return Milestone.objects.filter(scoped_projects(scope))


def government_days(end: str):
    """The government's working days of a clock from its start to the date its ordinal
    relation ``end`` joins (``decided_ordinal``, ``finished_ordinal``): the span's
    working days less those someone else's pause stopped it, never below zero (as
    ``clock_days_from_sums``). Joins, not a lookup per row."""
    days = F(f"{end}__ordinal") - F("started_ordinal__ordinal") - F("paused_working_days")
    # Not GREATEST(days, 0): PostgreSQL's GREATEST skips a NULL, and a date missing from
    # the table must leave the figure unknown, never make it 0.
    return Case(When(LessThan(days, 0), then=Value(0)), default=days, output_field=IntegerField())


# -- the department league table -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LeagueRow:
    """One department (or one catalogue item of it) in the period."""

    department_id: int
    department: str
    item_id: int | None
    item_code: str
    item: str
    decided: int
    on_time: int
    late: int
    government_days: float | None  # average over the decided items
    overdue_now: int

    @property
    def on_time_rate(self) -> float | None:
        return round(100 * self.on_time / self.decided, 1) if self.decided else None


def league_table(scope: DashboardScope, *, today: dt.date, by_item: bool = False) -> list[LeagueRow]:
    """Per department (``by_item``: per catalogue item) of the scope: the items decided
    in the period, on time (decided by the due date, which moved with every pause) and
    late, the average government working days from acceptance to decision, and the
    items overdue today (clock running past the due date). One aggregate query; best
    on-time rate first."""
    workday_ordinals_ensure(lo=min(scope.start, today), hi=max(scope.end, today))
    decided = Q(decided_on__gte=scope.start, decided_on__lte=scope.end)
    overdue = Q(state__in=ITEM_CLOCK_RUNNING, due_date__lt=today)
    keys = ["approval_item__department_id", "approval_item__department__name"]
    if by_item:
        keys += ["approval_item_id", "approval_item__code", "approval_item__name"]
    rows = (
        scoped_items(scope)
        .filter(decided | overdue)
        .values(*keys)
        .annotate(
            decided=Count("pk", filter=decided),
            on_time=Count("pk", filter=decided & Q(decided_on__lte=F("due_date"))),
            late=Count("pk", filter=decided & Q(decided_on__gt=F("due_date"))),
            government=Avg(government_days("decided_ordinal"), filter=decided & Q(started_on__isnull=False)),
            overdue_now=Count("pk", filter=overdue),
        )
        .order_by(*keys)
    )
    table = [
        LeagueRow(
            department_id=row["approval_item__department_id"],
            department=row["approval_item__department__name"],
            item_id=row.get("approval_item_id"),
            item_code=row.get("approval_item__code", ""),
            item=row.get("approval_item__name", ""),
            decided=row["decided"],
            on_time=row["on_time"],
            late=row["late"],
            government_days=None if row["government"] is None else round(float(row["government"]), 1),
            overdue_now=row["overdue_now"],
        )
        for row in rows
    ]
    table.sort(key=lambda r: (r.on_time_rate is None, -(r.on_time_rate or 0), -r.decided, r.department, r.item_code))
    return table


# -- how items were handled: online, trips ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ServiceRow:
    """One department's items delivered in the period: how many of a fully online
    catalogue item (全程网办), and how many with zero trips and with one trip of the
    enterprise (跑动次数, recorded at delivery)."""

    department_id: int
    department: str
    delivered: int
    fully_online: int
    zero_trips: int
    one_trip: int

    def _share(self, part: int) -> float | None:
        return round(100 * part / self.delivered, 1) if self.delivered else None

    @property
    def fully_online_share(self) -> float | None:
        return self._share(self.fully_online)

    @property
    def zero_trip_share(self) -> float | None:
        return self._share(self.zero_trips)

    @property
    def at_most_one_trip_share(self) -> float | None:
        return self._share(self.zero_trips + self.one_trip)


def service_table(scope: DashboardScope) -> list[ServiceRow]:
    """Per department of the scope, the items delivered in the period: fully online,
    zero trips, one trip. One aggregate query; most delivered first."""
    rows = (
        scoped_items(scope)
        .filter(delivered_on__gte=scope.start, delivered_on__lte=scope.end)
        .values("approval_item__department_id", "approval_item__department__name")
        .annotate(
            delivered=Count("pk"),
            fully_online=Count("pk", filter=Q(approval_item__online_level=OnlineLevel.FULLY_ONLINE)),
            zero_trips=Count("pk", filter=Q(trips=0)),
            one_trip=Count("pk", filter=Q(trips=1)),
        )
        .order_by("-delivered", "approval_item__department__name")
    )
    return [
        ServiceRow(
            department_id=row["approval_item__department_id"],
            department=row["approval_item__department__name"],
            delivered=row["delivered"],
            fully_online=row["fully_online"],
            zero_trips=row["zero_trips"],
            one_trip=row["one_trip"],
        )
        for row in rows
    ]


# -- ratings and callbacks ------------------------------------------------------------------------


def scoped_case_rows(scope: DashboardScope, rows: QuerySet) -> QuerySet:
    """Rows of a case (ratings, callbacks) in the audience's scope, as its items are
    (``scoped_items``), then the zone filter; a case spans departments, so the
    department filter does not apply."""
    if scope.audience == Audience.CENTRE:
        rows = rows.filter(case__agent__centre_id=scope.centre_id)
    elif scope.audience == Audience.ZONE:
        rows = rows.filter(case__project__zone_id__in=scope.zone_ids)
    elif scope.audience != Audience.ALL:
        raise ValueError(scope.audience)
    if scope.filter_zone_ids is not None:
        rows = rows.filter(case__project__zone_id__in=scope.filter_zone_ids)
    return rows


@dataclass(frozen=True, slots=True)
class RatingSummary:
    """The ratings given in the period, per level (5: 非常满意 … 1: 非常不满意), and the
    callbacks: closed in the period by their due date and after it, and still open
    past it today."""

    levels: dict[int, int]
    callbacks_on_time: int
    callbacks_late: int
    callbacks_overdue_now: int

    @property
    def rated(self) -> int:
        return sum(self.levels.values())

    @property
    def satisfied_share(self) -> float | None:
        """满意率: 非常满意, 满意 and 基本满意 among all ratings."""
        good = sum(n for level, n in self.levels.items() if level >= RatingLevel.FAIRLY_SATISFIED)
        return round(100 * good / self.rated, 1) if self.rated else None

    @property
    def callbacks_closed(self) -> int:
        return self.callbacks_on_time + self.callbacks_late

    @property
    def callbacks_on_time_share(self) -> float | None:
        return round(100 * self.callbacks_on_time / self.callbacks_closed, 1) if self.callbacks_closed else None


def rating_summary(scope: DashboardScope, *, today: dt.date) -> RatingSummary:
    """Two aggregate queries: the ratings per level, the callbacks' closure."""
    levels = scoped_case_rows(scope, Rating.objects.all()).aggregate(
        **{
            f"level_{level}": Count("pk", filter=Q(level=level, rated_on__gte=scope.start, rated_on__lte=scope.end))
            for level in RatingLevel.values
        }
    )
    closed = Q(state=CallbackState.CLOSED, closed_on__gte=scope.start, closed_on__lte=scope.end)
    callbacks = scoped_case_rows(scope, Callback.objects.all()).aggregate(
        on_time=Count("pk", filter=closed & Q(closed_on__lte=F("due_date"))),
        late=Count("pk", filter=closed & Q(closed_on__gt=F("due_date"))),
        overdue=Count("pk", filter=~Q(state=CallbackState.CLOSED) & Q(due_date__lt=today)),
    )
    return RatingSummary(
        levels={level: levels[f"level_{level}"] for level in sorted(RatingLevel.values, reverse=True)},
        callbacks_on_time=callbacks["on_time"],
        callbacks_late=callbacks["late"],
        callbacks_overdue_now=callbacks["overdue"],
    )


# -- 3550 compliance per milestone per month -----------------------------------------------------


def months_of(start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The calendar months from ``start``'s to ``end``'s, each as (first day, last day)."""
    months, first = [], start.replace(day=1)
    while first <= end:
        following = (first + dt.timedelta(days=32)).replace(day=1)
        months.append((first, following - dt.timedelta(days=1)))
        first = following
    return months


@dataclass(frozen=True, slots=True)
class ComplianceMonth:
    """One milestone kind in one month: finished on time and late in the month, still
    running (or paused) at the month's end (today, for this month), how many of those
    rest on a provisional deadline, the finished ones' average government and
    enterprise working days, and how many of the running ones were already past their
    due date at the month's end (``past_due``, 月末已超时; the due date as stored today,
    as ``overdue_by_month``). ``past_due`` comes last, with a default, for callers
    that build rows themselves."""

    definition_id: int
    milestone: str
    target_days: int
    month: dt.date
    on_time: int
    late: int
    running: int
    provisional: int
    government_days: float | None
    enterprise_days: float | None
    past_due: int = 0


def _average(value) -> float | None:
    return None if value is None else round(float(value), 1)


def compliance_by_month(scope: DashboardScope, *, today: dt.date) -> list[ComplianceMonth]:
    """The 3550 compliance of the scope's milestones per milestone kind and per month
    of the period, in TWO aggregate queries: the milestones finished in the period,
    grouped by kind and month (each one's working days counted once); and the ones
    running at each month's end, counted per kind with a condition per month (no
    working days needed)."""
    months = months_of(scope.start, scope.end)
    workday_ordinals_ensure(lo=min(scope.start, today), hi=max(scope.end, today))
    enterprise_pauses = (
        MilestonePause.objects.filter(
            milestone=OuterRef("pk"),
            resumed_on__isnull=False,
            paused_on__gte=OuterRef("started_on"),
            cause__in=causes_of(ClockParty.ENTERPRISE),
        )
        .order_by()
        .values("milestone")
        .annotate(total=Sum("working_days"))
        .values("total")
    )
    kind = ("definition_id", "definition__name", "definition__target_working_days", "definition__order")
    finished = (
        scoped_milestones(scope)
        .filter(state=MilestoneState.COMPLETED, finished_on__gte=scope.start, finished_on__lte=scope.end)
        .annotate(month=TruncMonth("finished_on"))
        .values(*kind, "month")
        .annotate(
            on_time=Count("pk", filter=Q(outcome=MilestoneOutcome.ON_TIME)),
            late=Count("pk", filter=Q(outcome=MilestoneOutcome.LATE)),
            provisional=Count("pk", filter=Q(due_provisional=True)),
            government=Avg(government_days("finished_ordinal")),
            enterprise=Avg(Coalesce(Subquery(enterprise_pauses, output_field=IntegerField()), Value(0))),
        )
        .order_by()
    )
    running_counts = {}
    for index, (first, last) in enumerate(months):
        at = min(last, today)
        running = (
            Q(started_on__lte=at)
            & (Q(state__in=MILESTONE_OPEN_STATES) | Q(state=MilestoneState.COMPLETED, finished_on__gt=at))
            if first <= today
            else Q(pk__in=[])
        )
        running_counts |= {
            f"running_{index}": Count("pk", filter=running),
            f"provisional_{index}": Count("pk", filter=running & Q(due_provisional=True)),
            f"past_due_{index}": Count("pk", filter=running & Q(due_date__lt=at)),
        }
    running = (
        scoped_milestones(scope)
        .filter(started_on__isnull=False, started_on__lte=min(scope.end, today))
        .filter(Q(state__in=MILESTONE_OPEN_STATES) | Q(state=MilestoneState.COMPLETED, finished_on__gt=scope.start))
        .values(*kind)
        .annotate(**running_counts)
        .order_by()
    )
    kinds, done, open_ = {}, {}, {}
    for row in finished:
        kinds[row["definition_id"]] = row
        done[row["definition_id"], row["month"]] = row
    for row in running:
        kinds.setdefault(row["definition_id"], row)
        open_[row["definition_id"]] = row
    table = []
    for definition_id, row in sorted(kinds.items(), key=lambda pair: (pair[1]["definition__order"], pair[0])):
        for index, (first, _last) in enumerate(months):
            ended = done.get((definition_id, first), {})
            still = open_.get(definition_id, {})
            table.append(
                ComplianceMonth(
                    definition_id=definition_id,
                    milestone=row["definition__name"],
                    target_days=row["definition__target_working_days"],
                    month=first,
                    on_time=ended.get("on_time", 0),
                    late=ended.get("late", 0),
                    running=still.get(f"running_{index}", 0),
                    provisional=ended.get("provisional", 0) + still.get(f"provisional_{index}", 0),
                    government_days=_average(ended.get("government")),
                    enterprise_days=_average(ended.get("enterprise")),
                    past_due=still.get(f"past_due_{index}", 0),
                )
            )
    return table


# -- the overdue count trend ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OverdueMonth:
    """How many items were overdue at the end of ``month`` (``at``: its last day, or
    today for the current month); None for a month not yet begun."""

    month: dt.date
    at: dt.date
    overdue: int | None


def overdue_by_month(scope: DashboardScope, *, today: dt.date) -> list[OverdueMonth]:
    """Per month of the period, the scope's items overdue at the month's end (today for
    the current month), read from the items' history without snapshots. An item is
    overdue at a day D when

    - its department's clock had started (accepted) by D,
    - its due date is before D,
    - it was not yet decided by D (a decision stops the clock; delivery follows it),
    - and no pause that stops the clock (anyone's but the government's, as
      ``STOPPING_CAUSES``) covered D (paused by D, not resumed by D).

    Two aggregate queries, a conditional count per month each: the items meeting the
    first three conditions, less those of them a stopping pause covered (counted from
    the pauses, each item once). Not one query with a correlated ``NOT EXISTS`` per
    month: PostgreSQL costs those subplans as if run for every row and spends most of
    the time compiling the query (JIT).

    The approximation: the due date is the one stored today, which later pauses have
    moved on. An item past its due date at D that was paused after D (and so given a
    later due date) is counted only if its final due date is still before D, so a past
    month can be slightly under-counted; the current month is exact."""
    months = months_of(scope.start, scope.end)
    ats = [min(last, scope.end, today) if first <= today else None for first, last in months]
    reached = [at for at in ats if at is not None]
    figures, paused = {}, {}
    if reached:

        def due_by(at: dt.date, through: str = "") -> Q:
            return Q(**{f"{through}started_on__lte": at, f"{through}due_date__lt": at}) & (
                Q(**{f"{through}decided_on__isnull": True}) | Q(**{f"{through}decided_on__gt": at})
            )

        # Overdue at some month's end: started and due before the last, undecided at the first.
        items = scoped_items(scope).filter(
            Q(started_on__lte=max(reached), due_date__lt=max(reached))
            & (Q(decided_on__isnull=True) | Q(decided_on__gt=min(reached)))
        )
        figures = items.aggregate(
            **{f"due_{index}": Count("pk", filter=due_by(at)) for index, at in enumerate(ats) if at is not None}
        )
        covering = {
            f"paused_{index}": Count(
                "item",
                distinct=True,
                filter=due_by(at, "item__")
                & Q(paused_on__lte=at)
                & (Q(resumed_on__isnull=True) | Q(resumed_on__gt=at)),
            )
            for index, at in enumerate(ats)
            if at is not None
        }
        paused = ItemPause.objects.filter(
            item__in=items.values("pk"), cause__in=STOPPING_CAUSES, paused_on__lte=max(reached)
        ).aggregate(**covering)
    return [
        OverdueMonth(
            month=first,
            at=at or last,
            overdue=figures[f"due_{index}"] - paused[f"paused_{index}"] if at else None,
        )
        for index, ((first, last), at) in enumerate(zip(months, ats, strict=True))
    ]


@dataclass(frozen=True, slots=True)
class ClockDays:
    """One milestone kind over the period: how many finished, and their average
    government and enterprise working days (the two clocks of DOMAIN §3)."""

    definition_id: int
    milestone: str
    target_days: int
    finished: int
    government_days: float | None
    enterprise_days: float | None


def clock_days_by_kind(rows: list[ComplianceMonth]) -> list[ClockDays]:
    """The period's averages per milestone kind, from ``compliance_by_month``'s rows:
    each month's average weighted by the milestones finished in it (the monthly
    averages are rounded to 0.1, so the result may differ from an exact average by
    less than 0.05). No query."""
    kinds: dict[int, list] = {}
    for row in rows:
        finished = row.on_time + row.late
        kind = kinds.setdefault(row.definition_id, [row, 0, 0.0, 0, 0.0, 0])
        kind[1] += finished
        if row.government_days is not None:
            kind[2] += row.government_days * finished
            kind[3] += finished
        if row.enterprise_days is not None:
            kind[4] += row.enterprise_days * finished
            kind[5] += finished
    return [
        ClockDays(
            definition_id=definition_id,
            milestone=first.milestone,
            target_days=first.target_days,
            finished=finished,
            government_days=round(government / counted, 1) if counted else None,
            enterprise_days=round(enterprise / counted_e, 1) if counted_e else None,
        )
        for definition_id, (first, finished, government, counted, enterprise, counted_e) in kinds.items()
    ]
