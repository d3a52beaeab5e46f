"""The working-day ordinal table counts what the calendar counts, and follows its changes."""

import datetime as dt
import random

import pytest

from crm.calendar.models import CalendarDayKind, WorkdayOrdinal, WorkdayOrdinalBuild
from crm.calendar.ordinals import FIRST_DAY, workday_ordinals_ensure
from crm.calendar.services import calendar_day_set
from crm.calendar.workdays import workdays_between

pytestmark = pytest.mark.django_db


def _ordinals(*days):
    found = dict(WorkdayOrdinal.objects.filter(date__in=days).values_list("date", "ordinal"))
    return [found[day] for day in days]


def test_the_table_covers_2000_to_ten_years_ahead():
    workday_ordinals_ensure()  # the migration fills it; a flushed test database is filled again here
    build = WorkdayOrdinalBuild.objects.get(pk=1)
    assert build.first == FIRST_DAY and build.last.year == dt.date.today().year + 10
    assert WorkdayOrdinal.objects.count() == (build.last - build.first).days + 1


def test_differences_of_ordinals_are_the_calendars_working_days():
    workday_ordinals_ensure()
    rng = random.Random(16)
    for _ in range(300):
        a = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(1200))
        b = a + dt.timedelta(days=rng.randrange(200))
        ord_a, ord_b = _ordinals(a, b)
        assert ord_b - ord_a == workdays_between(a, b).days, (a, b)


def test_a_calendar_change_is_counted_at_once():
    monday, friday = dt.date(2026, 6, 1), dt.date(2026, 6, 5)
    workday_ordinals_ensure()
    assert _ordinals(friday)[0] - _ordinals(monday)[0] == 4

    calendar_day_set(date=dt.date(2026, 6, 3), kind=CalendarDayKind.HOLIDAY, name="地方假日")
    workday_ordinals_ensure()  # the reader notices the new revision (its commit hook runs only on a commit)

    assert _ordinals(friday)[0] - _ordinals(monday)[0] == 3 == workdays_between(monday, friday).days
    assert WorkdayOrdinalBuild.objects.get(pk=1).first == FIRST_DAY


def test_a_date_beyond_the_table_extends_it():
    far = dt.date(dt.date.today().year + 30, 7, 1)
    workday_ordinals_ensure(hi=far)
    assert WorkdayOrdinal.objects.filter(date=far).exists()
    ord_a, ord_b = _ordinals(dt.date(2026, 1, 5), far)
    assert ord_b - ord_a == workdays_between(dt.date(2026, 1, 5), far).days
