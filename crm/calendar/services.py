"""The clock's one home: starting, stopping and restarting any app's clock, and what a change
of the working-day calendar causes (a new revision, this process's calendar dropped, every
registered clock recomputed once the change commits, by the task of ``crm.calendar.tasks``)."""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from crm.calendar.clock import STOPPING_CAUSES, ClockPause, DeadlineClock, PauseCause
from crm.calendar.errors import DateError
from crm.calendar.models import CalendarDay, CalendarDayKind, CalendarRevision, CalendarYear
from crm.calendar.ordinals import workday_ordinals_ensure
from crm.calendar.tasks import deadlines_recompute
from crm.calendar.workdays import invalidate, workdays_between
from crm.transactions import after_commit_once


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
    """End the clock's open pause on ``on`` and return the working days it stopped
    the government's clock (none for a government pause), leaving the deadline alone (a pause before the clock started; ``clock_restart``
    moves the deadline)."""
    pause = clock.pauses.select_for_update().get(resumed_on__isnull=True)
    if on < pause.paused_on:
        raise ValidationError(DateError.DATE_BEFORE_PAUSE.label, code=DateError.DATE_BEFORE_PAUSE)
    pause.working_days = workdays_between(pause.paused_on, on).days
    pause.resumed_on, pause.resumed_by = on, by
    pause.save(update_fields=["working_days", "resumed_on", "resumed_by"])
    clock.paused_on = None
    return pause.working_days if pause.cause in STOPPING_CAUSES else 0


def clock_restart(clock: DeadlineClock, *, on: dt.date, by) -> None:
    """Run the clock again on ``on``: the deadline moves by the working days it stood
    still for someone other than the government (a government pause is the
    government's time: it neither stops its clock nor moves the deadline)."""
    clock.paused_working_days += clock_pause_end(clock, on=on, by=by)
    clock.compute_due()


def calendar_changed(*, years: Iterable[int]) -> None:
    """Every writer of calendar rows calls this in its transaction: the revision
    moves (other processes reload within seconds), this process forgets its
    calendar, and one recompute task per transaction, for every year it touched, is
    queued once it commits (an import of a year's thirty days queues one task), which
    also rebuilds the working-day ordinal table (crm.calendar.ordinals)."""
    years = set(years)
    if not years:
        return
    if not CalendarRevision.objects.filter(pk=1).update(number=F("number") + 1):
        CalendarRevision.objects.create(pk=1, number=1)
    invalidate()
    after_commit_once(
        "crm.calendar.recompute", update=lambda touched: touched.update(years), make_state=set, run=_recompute_queue
    )


def _recompute_queue(years: set[int]) -> None:
    deadlines_recompute.delay(years=sorted(years))
    # The ordinal table the dashboards count with, rebuilt from the new calendar (its
    # readers would notice the new revision anyway; this spares the first one the wait).
    workday_ordinals_ensure()


def calendar_day_set(*, date: dt.date, kind: CalendarDayKind | str, name: str, note: str = "") -> CalendarDay:
    """Enter or correct the status of one day (a holiday, an adjusted working day)."""
    with transaction.atomic():
        day, _created = CalendarDay.objects.update_or_create(
            date=date, defaults={"kind": kind, "name": name, "note": note}
        )
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


# --- the day a step happened ----------------------------------------------------------------------


def day_or_today(on: dt.date | None) -> dt.date:
    """The business day a step is recorded for: the one given, else today."""
    return on or timezone.localdate()


def day_not_future(on: dt.date) -> None:
    """Only what has happened can be recorded: refuse a day after today."""
    if on > timezone.localdate():
        raise ValidationError(DateError.DATE_IN_FUTURE.label, code=DateError.DATE_IN_FUTURE)


def day_not_before(on: dt.date, previous: dt.date | None) -> None:
    """A step cannot have happened before the step it follows (``previous``: that
    step's business day, None when there is none)."""
    if previous is not None and on < previous:
        raise ValidationError(
            DateError.DATE_BEFORE_PREVIOUS.label,
            code=DateError.DATE_BEFORE_PREVIOUS,
            params={"day": f"{previous:%Y-%m-%d}"},
        )
