"""The working-day ordinal table (``WorkdayOrdinal``): working days counted in SQL.

A date's ordinal is the number of working days from the table's first date up to and
including it, so the working days after ``a`` up to and including ``b`` are
``ordinal(b) - ordinal(a)``, exactly ``workdays_between(a, b)``. A dashboard joins its
rows' dates to the table and aggregates, whatever the number of rows.

The table is built from the working-day calendar (``crm.calendar.workdays``) and
remembers the calendar revision it was built from (``WorkdayOrdinalBuild``). Every
change of the calendar rebuilds it once the change commits (``calendar_changed``), and
every reader calls ``workday_ordinals_ensure`` first, which rebuilds it, under a lock,
when the calendar moved since or the dates asked for lie outside it: a figure is never
counted with an old calendar, nor with a date the table does not hold."""

import datetime as dt
from collections.abc import Iterator

from django.db import models, transaction

from crm.calendar.models import CalendarRevision, WorkdayOrdinal, WorkdayOrdinalBuild
from crm.calendar.workdays import WorkingCalendar, calendar_read

FIRST_DAY = dt.date(2000, 1, 1)
YEARS_AHEAD = 10
_BATCH = 2_000


def ordinal_rows(calendar: WorkingCalendar, first: dt.date, last: dt.date) -> Iterator[tuple[dt.date, int]]:
    """Each date from ``first`` to ``last`` with its ordinal (working days from ``first``
    up to and including the date)."""
    before = first - dt.timedelta(days=1)
    day = first
    while day <= last:
        yield day, calendar.between(before, day).days
        day += dt.timedelta(days=1)


def default_span(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    today = today or dt.date.today()
    return FIRST_DAY, dt.date(today.year + YEARS_AHEAD, 12, 31)


def _fits(build: WorkdayOrdinalBuild | None, revision: int, lo: dt.date, hi: dt.date) -> bool:
    return (
        build is not None
        and build.first is not None
        and build.revision == revision
        and build.first <= lo
        and hi <= build.last
    )


def _revision() -> int:
    return CalendarRevision.objects.values_list("number", flat=True).first() or 0


def workday_ordinals_ensure(*, lo: dt.date | None = None, hi: dt.date | None = None) -> None:
    """Make sure the table reflects today's calendar and covers ``lo`` to ``hi`` (at
    least its default span, 2000 to ten years ahead); rebuild it when not. Two small
    queries when it does."""
    first, last = default_span()
    lo, hi = min(lo or first, first), max(hi or last, last)
    if _fits(WorkdayOrdinalBuild.objects.filter(pk=1).first(), _revision(), lo, hi):
        return
    with transaction.atomic():
        build, _created = WorkdayOrdinalBuild.objects.get_or_create(pk=1)
        build = WorkdayOrdinalBuild.objects.select_for_update().get(pk=1)
        calendar, revision = calendar_read()
        if _fits(build, revision, lo, hi):
            return  # another process rebuilt it while this one waited for the lock
        if build.first is not None and build.revision == revision:
            lo, hi = min(lo, build.first), max(hi, build.last)
        WorkdayOrdinal.objects.all().delete()
        batch = []
        for day, ordinal in ordinal_rows(calendar, lo, hi):
            batch.append(WorkdayOrdinal(date=day, ordinal=ordinal))
            if len(batch) == _BATCH:
                WorkdayOrdinal.objects.bulk_create(batch)
                batch = []
        WorkdayOrdinal.objects.bulk_create(batch)
        build.revision, build.first, build.last = revision, lo, hi
        build.save(update_fields=["revision", "first", "last"])


def workday_ordinal_of(field: str) -> models.ForeignObject:
    """A relation from a model's date ``field`` to that date's ordinal row: no column, a
    LEFT JOIN on the date when a query reads it (``<relation>__ordinal``). Readers
    ensure the table first (``workday_ordinals_ensure``)."""
    return models.ForeignObject(
        WorkdayOrdinal,
        on_delete=models.DO_NOTHING,
        from_fields=[field],
        to_fields=["date"],
        related_name="+",
        null=True,
        editable=False,
    )
