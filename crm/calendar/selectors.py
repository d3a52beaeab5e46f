"""The two clocks of many deadlines in one query: each clock's ended pauses summed per
party in SQL (their working days, stored when each ended), its open pause beside them; the working days of its span come from the
in-memory calendar (``crm.calendar.workdays``), which asks the database nothing."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import IntegerField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from crm.calendar.clock import (
    ClockDays,
    ClockParty,
    PauseCause,
    causes_of,
    clock_days_from_sums,
    deadline_level,
    pause_party,
    working_days_left,
)


def clock_figures_annotate(clocks: QuerySet, *, pauses: str = "pauses") -> QuerySet:
    """Annotate each clock of ``clocks`` (a DeadlineClock model whose pauses are the
    reverse relation ``pauses``) with the working days of its ended pauses per party
    (from its start on) and its open pause's cause, day and reason. Correlated
    subqueries, not joins: the same query, whatever else the caller joins or filters."""
    relation = clocks.model._meta.get_field(pauses)
    pause_model, clock_fk = relation.related_model, relation.field.name
    of_clock = pause_model._default_manager.filter(**{clock_fk: OuterRef("pk")}).order_by()
    ended = of_clock.filter(resumed_on__isnull=False, paused_on__gte=OuterRef("started_on"))
    open_ = of_clock.filter(resumed_on__isnull=True)

    def ended_days(*parties: ClockParty):
        total = (
            ended.filter(cause__in=causes_of(*parties))
            .values(clock_fk)
            .annotate(total=Sum("working_days"))
            .values("total")
        )
        return Coalesce(Subquery(total, output_field=IntegerField()), Value(0))

    return clocks.annotate(
        clock_enterprise_ended=ended_days(ClockParty.ENTERPRISE),
        clock_other_ended=ended_days(ClockParty.INTERMEDIARY, ClockParty.SPECIAL_PROCEDURE),
        clock_open_cause=Subquery(open_.values("cause")[:1]),
        clock_open_since=Subquery(open_.values("paused_on")[:1]),
        clock_open_reason=Subquery(open_.values("reason")[:1]),
    )


def clock_figures(clock, *, end: dt.date | None, today: dt.date, target: int) -> ClockDays | None:
    """The two clocks of one clock annotated by ``clock_figures_annotate``, stopped on
    ``end`` (None: still going, counted to ``today``)."""
    return clock_days_from_sums(
        started_on=clock.started_on,
        end=end or today,
        target=target,
        enterprise=clock.clock_enterprise_ended,
        other=clock.clock_other_ended,
        open_cause=clock.clock_open_cause,
        open_since=clock.clock_open_since,
    )


@dataclass(frozen=True, slots=True)
class ClockWait:
    """Whom a stopped clock waits on, and why (the open pause)."""

    party: ClockParty
    cause: PauseCause
    reason: str


def clock_wait_of(clock) -> ClockWait | None:
    cause = getattr(clock, "clock_open_cause", None)
    if cause is None:
        return None
    return ClockWait(pause_party(cause), PauseCause(cause), clock.clock_open_reason)


def clock_unannotated(clock) -> None:
    """Give a clock read without ``clock_figures_annotate`` (one a service just moved)
    the same annotations, from its pauses (one query)."""
    ended = {ClockParty.ENTERPRISE: 0, "other": 0}
    clock.clock_open_cause = clock.clock_open_since = clock.clock_open_reason = None
    for pause in clock.pauses.all():
        if pause.resumed_on is None:
            clock.clock_open_cause, clock.clock_open_since, clock.clock_open_reason = (
                pause.cause,
                pause.paused_on,
                pause.reason,
            )
        elif clock.started_on is not None and pause.paused_on >= clock.started_on:
            party = pause_party(pause.cause)
            if party == ClockParty.ENTERPRISE:
                ended[party] += pause.working_days or 0
            elif party != ClockParty.GOVERNMENT:
                ended["other"] += pause.working_days or 0
    clock.clock_enterprise_ended, clock.clock_other_ended = ended[ClockParty.ENTERPRISE], ended["other"]


def clock_rows(clocks, *, today: dt.date) -> list:
    """Each clock (annotated by ``clock_figures_annotate``, else read here) with what
    its pages show: ``level``, ``days_left``, ``overdue_days`` (never for a stopped
    clock: a paused clock is not overdue), ``figures`` (the two clocks, None before
    the start) and ``wait`` (whom an open pause waits on, with its reason)."""
    rows = []
    for clock in clocks:
        if not hasattr(clock, "clock_enterprise_ended"):
            clock_unannotated(clock)
        clock.level = deadline_level(clock, today)
        clock.days_left = working_days_left(clock, today)
        late = clock.days_left is not None and clock.days_left < 0 and not clock.clock_paused()
        clock.overdue_days = -clock.days_left if late else 0
        clock.figures = clock_figures(
            clock, end=clock.clock_finished_on(), today=today, target=clock.clock_target_days()
        )
        clock.wait = clock_wait_of(clock)
        rows.append(clock)
    return rows
