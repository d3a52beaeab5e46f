import datetime as dt
import logging
import threading
import time
from array import array
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from chinese_calendar import constants as official
from django.conf import settings
from django.db import DatabaseError

logger = logging.getLogger(__name__)


PACKAGE_YEARS = frozenset(range(min(official.holidays).year, max(official.holidays).year + 1))


_WORKDAYS_PER_YEAR_MIN = 240  # fewer than any real year has: sizes extensions safely


@dataclass(frozen=True, slots=True)
class WorkdayResult:
    """A date computed from the calendar and whether it rests on a year with no
    official schedule."""

    date: dt.date
    provisional: bool

    def __str__(self) -> str:
        return self.date.isoformat() + (" provisional" if self.provisional else "")


@dataclass(frozen=True, slots=True)
class WorkdayCount:
    days: int
    provisional: bool

    def __str__(self) -> str:
        return str(self.days) + (" provisional" if self.provisional else "")


class _Span(NamedTuple):
    lo: int  # first year covered
    hi: int  # last year covered
    first: int  # ordinal of 1 January of ``lo``
    cumulative: array  # [i]: working days among the first i days of the span
    ordinals: array  # [k]: ordinal of the (k+1)-th working day of the span
    unofficial: array  # [i]: years without a schedule among the first i years


class WorkingCalendar:
    """An immutable, precomputed calendar for a span of years (extended on demand).

    ``overrides`` maps a date to True (working day) or False (day off);
    ``official_years`` are the years whose schedule is known."""

    def __init__(
        self, *, overrides: Mapping[dt.date, bool], official_years: Iterable[int], span: tuple[int, int] | None = None
    ):
        self._overrides = dict(overrides)
        self._official_years = frozenset(official_years)
        today = dt.date.today().year
        lo, hi = span or (min(2000, today - 5), today + 10)
        self._lock = threading.Lock()
        self._build(lo, hi)

    # -- construction --------------------------------------------------------------

    def _is_working_day_uncached(self, day: dt.date) -> bool:
        if day in self._overrides:
            return self._overrides[day]
        if day in official.workdays:
            return True
        return day.weekday() < 5 and day not in official.holidays

    def _build(self, lo: int, hi: int) -> None:
        first = dt.date(lo, 1, 1).toordinal()
        last = dt.date(hi, 12, 31).toordinal()
        cumulative = array("l", [0]) * (last - first + 2)
        ordinals = array("l")
        count = 0
        from_ordinal = dt.date.fromordinal
        for offset, ordinal in enumerate(range(first, last + 1), start=1):
            if self._is_working_day_uncached(from_ordinal(ordinal)):
                count += 1
                ordinals.append(ordinal)
            cumulative[offset] = count
        unofficial = array("l", [0]) * (hi - lo + 2)
        for i, year in enumerate(range(lo, hi + 1), start=1):
            unofficial[i] = unofficial[i - 1] + (year not in self._official_years)
        # One assignment, so a reader on another thread never sees half a rebuild.
        self._span = _Span(lo, hi, first, cumulative, ordinals, unofficial)

    def _ensure(self, lo: int, hi: int) -> _Span:
        # Clamped first: a request reaching past year 9999 must not rebuild every time.
        lo, hi = max(dt.MINYEAR, lo), min(dt.MAXYEAR, hi)
        span = self._span
        if lo >= span.lo and hi <= span.hi:
            return span
        with self._lock:
            span = self._span
            if lo < span.lo or hi > span.hi:
                self._build(max(dt.MINYEAR, min(lo, span.lo)), min(dt.MAXYEAR, max(hi, span.hi)))
            return self._span

    # -- queries -------------------------------------------------------------------

    def is_working_day(self, day: dt.date) -> bool:
        span = self._ensure(day.year, day.year)
        offset = day.toordinal() - span.first
        return span.cumulative[offset + 1] > span.cumulative[offset]

    def is_official_year(self, year: int) -> bool:
        return year in self._official_years

    @staticmethod
    def _provisional(span: _Span, a: dt.date, b: dt.date) -> bool:
        lo, hi = (a.year, b.year) if a <= b else (b.year, a.year)
        return span.unofficial[hi - span.lo + 1] > span.unofficial[lo - span.lo]

    def add(self, start: dt.date, days: int) -> WorkdayResult:
        """The date on which ``days`` working days after ``start`` have elapsed
        (``days`` < 0 counts back; 0 is the start day itself, as for 即办件)."""
        if days == 0:
            return WorkdayResult(start, False)
        # A result is at least |days| calendar days away: refuse early what cannot fit,
        # rather than build a calendar up to year 9999 first.
        if not dt.date.min.toordinal() <= start.toordinal() + days <= dt.date.max.toordinal():
            raise _out_of_range(start, days)
        margin = abs(days) // _WORKDAYS_PER_YEAR_MIN + 1
        if days > 0:
            span = self._ensure(start.year, start.year + margin)
            index = span.cumulative[start.toordinal() - span.first + 1] + days - 1
        else:
            span = self._ensure(start.year - margin, start.year)
            index = span.cumulative[start.toordinal() - span.first] + days
        # A negative index would silently wrap around to the end of the span.
        if not 0 <= index < len(span.ordinals):
            raise _out_of_range(start, days)
        result = dt.date.fromordinal(span.ordinals[index])
        return WorkdayResult(result, self._provisional(span, start, result))

    def between(self, start: dt.date, end: dt.date) -> WorkdayCount:
        """Working days after ``start`` up to and including ``end`` (negative if
        ``end`` is earlier)."""
        span = self._ensure(min(start.year, end.year), max(start.year, end.year))
        cumulative, first = span.cumulative, span.first
        days = cumulative[end.toordinal() - first + 1] - cumulative[start.toordinal() - first + 1]
        return WorkdayCount(days, self._provisional(span, start, end))


def _out_of_range(start: dt.date, days: int) -> ValueError:
    return ValueError(
        f"{days} working days from {start.isoformat()} fall outside the calendar (years {dt.MINYEAR}–{dt.MAXYEAR})"
    )


_current: WorkingCalendar | None = None


_loaded_revision: int | None = None


_checked_at = 0.0


_state_lock = threading.Lock()


def _read_tables() -> tuple[dict[dt.date, bool], set[int], int]:
    from crm.calendar.models import CalendarDay, CalendarDayKind, CalendarRevision, CalendarYear

    # The revision first: a change committed between these reads then leaves the
    # calendar newer than its revision (reloaded once more, harmless), never older
    # (which no later check would notice).
    revision = CalendarRevision.objects.values_list("number", flat=True).first() or 0
    overrides = {
        day: kind == CalendarDayKind.WORKING_DAY for day, kind in CalendarDay.objects.values_list("date", "kind")
    }
    years = set(CalendarYear.objects.filter(published=True).values_list("year", flat=True))
    return overrides, years, revision


def calendar_read() -> tuple[WorkingCalendar, int]:
    """A calendar built afresh from the package and the tables, with the revision it
    reflects (no cache: what the caller's transaction sees now)."""
    overrides, years, revision = _read_tables()
    return WorkingCalendar(overrides=overrides, official_years=PACKAGE_YEARS | years), revision


def _current_revision() -> int | None:
    from crm.calendar.models import CalendarRevision

    try:
        return CalendarRevision.objects.values_list("number", flat=True).first() or 0
    except DatabaseError:
        return None


def load_calendar() -> WorkingCalendar:
    """Build a calendar from the package and the tables (the package alone when the
    tables are not there yet, e.g. before the first migration)."""
    global _current, _loaded_revision, _checked_at
    try:
        overrides, years, revision = _read_tables()
    except DatabaseError:
        logger.warning("calendar tables unavailable; using chinese-calendar data only")
        overrides, years, revision = {}, set(), None
    calendar = WorkingCalendar(overrides=overrides, official_years=PACKAGE_YEARS | years)
    with _state_lock:
        _current, _loaded_revision, _checked_at = calendar, revision, time.monotonic()
    return calendar


def get_calendar() -> WorkingCalendar:
    global _checked_at
    calendar = _current
    if calendar is None:
        return load_calendar()
    if time.monotonic() - _checked_at >= settings.WORKDAYS_REFRESH_SECONDS:
        _checked_at = time.monotonic()
        revision = _current_revision()
        if revision is not None and revision != _loaded_revision:
            return load_calendar()
    return calendar


def invalidate() -> None:
    """Forget the calendar of this process; the next call reloads it."""
    global _current
    with _state_lock:
        _current = None


def workdays_add(start: dt.date, days: int) -> WorkdayResult:
    return get_calendar().add(start, days)


def workdays_between(start: dt.date, end: dt.date) -> WorkdayCount:
    return get_calendar().between(start, end)


def is_working_day(day: dt.date) -> bool:
    return get_calendar().is_working_day(day)
