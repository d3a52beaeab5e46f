"""The clock's one home: starting, stopping and restarting any app's clock, the
registry of the clock kinds, and what a change of the working-day calendar causes
(a new revision, this process's calendar dropped, every registered clock recomputed
once the change commits)."""

import datetime as dt
from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q, QuerySet

from crm.audit.models import AuditEntry
from crm.audit.services import audit_record
from crm.calendar.clock import ClockPause, DeadlineClock, PauseCause
from crm.calendar.errors import DateError
from crm.calendar.models import CalendarDay, CalendarDayKind, CalendarRevision, CalendarYear
from crm.calendar.workdays import invalidate, workdays_between
from crm.supervision.services import deadlines_refresh
from crm.transactions import after_commit_once

# --- one clock: fields only, inside the caller's transaction; the caller saves the clock ----------


def clock_start(clock: DeadlineClock, *, on: dt.date) -> None:
    """Start the clock on ``on`` (its target days already set): due that many
    working days later."""
    clock.started_on, clock.paused_working_days, clock.paused_on = on, 0, None
    clock.compute_due()


def clock_stop(clock: DeadlineClock, *, cause: PauseCause | str, reason: str, on: dt.date, by, **extra) -> ClockPause:
    """Stop the clock on ``on`` and record why and whose time it is (``extra``: the
    fields the app's pause model adds)."""
    clock.paused_on = on
    return clock.pauses.create(cause=cause, reason=reason, paused_on=on, paused_by=by, **extra)


def clock_pause_end(clock: DeadlineClock, *, on: dt.date, by) -> int:
    """End the clock's open pause on ``on`` and return the working days it lasted,
    leaving the deadline alone (a pause before the clock started; ``clock_restart``
    moves the deadline)."""
    pause = clock.pauses.select_for_update().get(resumed_on__isnull=True)
    if on < pause.paused_on:
        raise ValidationError(DateError.DATE_BEFORE_PAUSE.label, code=DateError.DATE_BEFORE_PAUSE)
    pause.working_days = workdays_between(pause.paused_on, on).days
    pause.resumed_on, pause.resumed_by = on, by
    pause.save(update_fields=["working_days", "resumed_on", "resumed_by"])
    clock.paused_on = None
    return pause.working_days


def clock_restart(clock: DeadlineClock, *, on: dt.date, by) -> None:
    """Run the clock again on ``on``: the deadline moves by the working days it stood still."""
    clock.paused_working_days += clock_pause_end(clock, on=on, by=by)
    clock.compute_due()


# --- the clock kinds of the apps ----------------------------------------------------------------

# model -> (its own recompute, or None for the plain one; who announces a moved due
# date to the pages that show it, or None). Filled by each app's AppConfig.ready.
Announce = Callable[[AuditEntry, DeadlineClock], None]
_CLOCKS: dict[type[DeadlineClock], tuple[Callable[..., int] | None, Announce | None]] = {}


def clock_register(
    model: type[DeadlineClock], *, recompute: Callable[..., int] | None = None, announce: Announce | None = None
) -> None:
    """Declare a clock kind, recomputed after every calendar change: by
    ``recompute(years=...)`` when it needs more than its due date computed again
    (milestones judge finished ones again), else by ``clock_model_recompute``, which
    calls ``announce(entry, clock)`` for each clock whose due date moved."""
    if model._meta.abstract or not issubclass(model, DeadlineClock):
        raise TypeError(f"{model.__name__} is not a concrete DeadlineClock")
    _CLOCKS[model] = (recompute, announce)


def clock_models() -> list[type[DeadlineClock]]:
    return list(_CLOCKS)


def clock_recompute(*, years: Iterable[int] | None) -> int:
    """Every registered clock after the calendar changed for ``years`` (None: only
    the provisional deadlines). Returns how many moved."""
    years = None if years is None else sorted(set(years))
    return sum(
        recompute(years=years) if recompute is not None else clock_model_recompute(model, years=years, announce=announce)
        for model, (recompute, announce) in _CLOCKS.items()
    )


def calendar_change_scope(years: Iterable[int] | None) -> tuple[Q, str]:
    """The clocks a change of ``years`` may move, and the reason their audit entries give."""
    if years is None:
        return Q(due_provisional=True), "节假日安排更新"
    years = sorted(set(years))
    touches = Q(started_on__lte=dt.date(years[-1], 12, 31), due_date__gte=dt.date(years[0], 1, 1))
    return touches | Q(due_provisional=True), "节假日安排变更（%s年）" % "、".join(map(str, years))


def clock_model_recompute(
    model: type[DeadlineClock], *, years: Iterable[int] | None, announce: Announce | None = None, chunk: int = 500
) -> int:
    """The running or paused clocks of ``model`` the change may move: the due date
    computed again from its start, target and paused days; audited when it moves;
    its supervision deadline refreshed (the warning day moves with the holidays
    too). Returns how many moved."""
    scope, reason = calendar_change_scope(years)
    manager = model._default_manager
    ids = list(
        manager.filter(scope, started_on__isnull=False, due_date__isnull=False).order_by("pk").values_list("pk", flat=True)
    )
    changed = 0
    for start in range(0, len(ids), chunk):
        moved = []
        with transaction.atomic():
            batch = [
                clock
                for clock in manager.select_for_update(of=("self",)).filter(pk__in=ids[start : start + chunk])
                if clock.clock_running() or clock.clock_paused()
            ]
            for clock in batch:
                before = {"due_date": clock.due_date, "due_provisional": clock.due_provisional}
                clock.compute_due()
                after = {"due_date": clock.due_date, "due_provisional": clock.due_provisional}
                if after != before:
                    manager.filter(pk=clock.pk).update(**after)
                    entry = audit_record(
                        subject=clock, actor=None, event=f"{model._meta.model_name}.deadline_recomputed",
                        before=before, after=after, reason=reason,
                    )
                    moved.append((entry, clock))
                    changed += 1
            deadlines_refresh(batch)
            for entry, clock in moved if announce is not None else ():
                announce(entry, clock)
    return changed


# --- the calendar changes ------------------------------------------------------------------------


def calendar_changed(*, years: Iterable[int]) -> None:
    """Every writer of calendar rows calls this in its transaction: the revision
    moves (other processes reload within seconds), this process forgets its
    calendar, and one recompute task per transaction, for every year it touched, is
    queued once it commits (an import of a year's thirty days queues one task)."""
    years = set(years)
    if not years:
        return
    if not CalendarRevision.objects.filter(pk=1).update(number=F("number") + 1):
        CalendarRevision.objects.create(pk=1, number=1)
    invalidate()
    after_commit_once("crm.calendar.recompute", update=lambda touched: touched.update(years), make_state=set,
                      run=_recompute_queue)


def _recompute_queue(years: set[int]) -> None:
    from crm.calendar.tasks import deadlines_recompute  # the task module imports this one

    deadlines_recompute.delay(years=sorted(years))


def calendar_day_set(*, date: dt.date, kind: CalendarDayKind | str, name: str, note: str = "") -> CalendarDay:
    """Enter or correct the status of one day (a holiday, an adjusted working day)."""
    with transaction.atomic():
        day, _created = CalendarDay.objects.update_or_create(date=date, defaults={"kind": kind, "name": name, "note": note})
        calendar_changed(years=[date.year])
    return day


def calendar_days_delete(*, days: QuerySet[CalendarDay]) -> int:
    """Remove overrides: those days follow the package (or Monday to Friday) again."""
    with transaction.atomic():
        years = {day.year for day in days.values_list("date", flat=True)}
        deleted, _by_model = days.delete()
        calendar_changed(years=years)
    return deleted


def calendar_year_set(*, year: int, source: str, published: bool = True) -> CalendarYear:
    """State that a year's official schedule is (or is not yet) fully entered."""
    with transaction.atomic():
        row, _created = CalendarYear.objects.update_or_create(
            year=year, defaults={"source": source, "published": published}
        )
        calendar_changed(years=[year])
    return row


def calendar_years_delete(*, years: QuerySet[CalendarYear]) -> int:
    with transaction.atomic():
        touched = set(years.values_list("year", flat=True))
        deleted, _by_model = years.delete()
        calendar_changed(years=touched)
    return deleted
