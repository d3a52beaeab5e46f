"""The working-day calendar (crm/workdays.py): DOMAIN.md §2.

Most tests use a calendar built from the package alone (no database); the tests of
overrides, refresh and import use the process calendar backed by the tables."""

import datetime as dt

import chinese_calendar
import pytest
import tablib
from chinese_calendar import constants as official
from django.contrib import admin as django_admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from crm.calendar.models import CalendarDay, CalendarDayKind, CalendarRevision, CalendarYear
from crm.calendar.services import calendar_day_set, calendar_days_delete, calendar_year_set
from crm.calendar.sheets import CalendarDaySheet
from crm.calendar.workdays import (
    PACKAGE_YEARS,
    WorkdayCount,
    WorkdayResult,
    WorkingCalendar,
    get_calendar,
    is_working_day,
    workdays_add,
    workdays_between,
)

FIRST = dt.date(2004, 1, 1)
LAST = dt.date(2026, 12, 31)  # the package's last covered day; 2027 is the first year without data
PACKAGE = WorkingCalendar(overrides={}, official_years=PACKAGE_YEARS)
HOLIDAY, WORKING_DAY = CalendarDayKind.HOLIDAY, CalendarDayKind.WORKING_DAY

covered_dates = st.dates(min_value=FIRST, max_value=LAST)
spans = st.integers(min_value=0, max_value=60)
examples = hypothesis_settings(max_examples=300, deadline=None)


def days(start: dt.date, end: dt.date):
    """Every date from start to end, both included."""
    return (dt.date.fromordinal(o) for o in range(start.toordinal(), end.toordinal() + 1))


def package_workdays_in(start: dt.date, end: dt.date) -> int:
    """Working days in (start, end] according to chinese_calendar itself."""
    return sum(chinese_calendar.is_workday(d) for d in days(start + dt.timedelta(days=1), end))


def test_package_covers_2004_to_2026():
    # Pins the examples below: after an upgrade of chinese-calendar, move the 2027
    # examples to the first year the package does not cover.
    assert PACKAGE_YEARS == frozenset(range(2004, 2027))


# --- agreement with chinese_calendar on every date it covers ---------------------------


def test_every_covered_day_has_the_package_status():
    mismatches = [d for d in days(FIRST, LAST) if PACKAGE.is_working_day(d) != chinese_calendar.is_workday(d)]
    assert mismatches == []


def test_next_working_day_of_every_covered_day_matches_the_package():
    # From a working day find_workday(1, d) is the next one; from a day off,
    # find_workday(0, d) is (find_workday counts the start day when it is worked).
    for d in days(FIRST, dt.date(2026, 12, 30)):
        expected = chinese_calendar.find_workday(1 if chinese_calendar.is_workday(d) else 0, d)
        if expected <= LAST:
            assert PACKAGE.add(d, 1) == WorkdayResult(expected, False), d
        following = d + dt.timedelta(days=1)
        assert PACKAGE.between(d, following).days == chinese_calendar.is_workday(following), d


@examples
@given(day=covered_dates)
def test_is_working_day_agrees_with_the_package(day):
    assert PACKAGE.is_working_day(day) == chinese_calendar.is_workday(day)


@examples
@given(start=covered_dates, n=spans)
def test_add_counts_n_working_days_after_the_start(start, n):
    result = PACKAGE.add(start, n)
    if result.date > LAST:
        assert result.provisional  # ran into 2027, which has no official schedule
        return
    assert not result.provisional
    assert package_workdays_in(start, result.date) == n
    assert PACKAGE.between(start, result.date) == WorkdayCount(n, False)
    if n == 0:
        assert result.date == start
        return
    assert chinese_calendar.is_workday(result.date)
    if chinese_calendar.is_workday(start):
        assert result.date == chinese_calendar.find_workday(n, start)
    else:
        # The documented difference: find_workday counts the first working day
        # after a day off as its day 0, the law counts it as day 1.
        assert chinese_calendar.find_workday(n, start) == PACKAGE.add(start, n + 1).date


@examples
@given(end=covered_dates, n=st.integers(min_value=1, max_value=60))
def test_negative_add_counts_back_like_the_package(end, n):
    result = PACKAGE.add(end, -n)
    if result.date < FIRST:
        return
    assert result.date == chinese_calendar.find_workday(-n, end)
    assert package_workdays_in(result.date, end) == n - (not chinese_calendar.is_workday(end))
    if chinese_calendar.is_workday(end):
        assert PACKAGE.add(result.date, n).date == end


@examples
@given(a=covered_dates, offset=st.integers(min_value=-400, max_value=400))
def test_between_is_antisymmetric_and_counts_package_workdays(a, offset):
    b = min(max(a + dt.timedelta(days=offset), FIRST), LAST)
    assert PACKAGE.between(a, b).days == -PACKAGE.between(b, a).days
    low, high = sorted((a, b))
    assert PACKAGE.between(low, high) == WorkdayCount(package_workdays_in(low, high), False)


# --- known cases ---------------------------------------------------------------------


def test_national_day_2026():
    assert PACKAGE.add(dt.date(2026, 9, 30), 1) == WorkdayResult(dt.date(2026, 10, 8), False)
    assert PACKAGE.between(dt.date(2026, 9, 30), dt.date(2026, 10, 8)) == WorkdayCount(1, False)
    assert PACKAGE.between(dt.date(2026, 9, 30), dt.date(2026, 10, 7)).days == 0


def test_adjusted_saturday_counts_as_a_working_day():
    saturday = dt.date(2026, 10, 10)  # 国庆节调休
    assert saturday.weekday() == 5 and saturday in official.workdays
    assert PACKAGE.is_working_day(saturday)
    assert PACKAGE.add(dt.date(2026, 10, 8), 2).date == saturday  # 9 October (Fri), then the Saturday
    assert PACKAGE.add(dt.date(2026, 10, 9), 2).date == dt.date(2026, 10, 12)
    assert PACKAGE.between(dt.date(2026, 10, 9), dt.date(2026, 10, 11)).days == 1


def test_start_on_a_holiday_does_not_count_the_start_day():
    assert PACKAGE.add(dt.date(2026, 10, 1), 1).date == dt.date(2026, 10, 8)
    assert PACKAGE.add(dt.date(2026, 10, 4), 3).date == dt.date(2026, 10, 10)
    assert chinese_calendar.find_workday(1, dt.date(2026, 10, 1)) == dt.date(2026, 10, 9)  # one day later


def test_zero_days_is_the_start_day_itself():
    for day in (dt.date(2026, 10, 1), dt.date(2026, 10, 8), dt.date(2026, 10, 11), dt.date(2027, 1, 2)):
        assert PACKAGE.add(day, 0) == WorkdayResult(day, False)


def test_negative_days_count_back():
    assert PACKAGE.add(dt.date(2026, 10, 8), -1).date == dt.date(2026, 9, 30)
    assert PACKAGE.add(dt.date(2026, 10, 5), -1).date == dt.date(2026, 9, 30)  # from a holiday
    assert PACKAGE.add(dt.date(2026, 10, 12), -3).date == dt.date(2026, 10, 8)  # through the adjusted Saturday


def test_between_an_earlier_end_is_negative():
    assert PACKAGE.between(dt.date(2026, 10, 8), dt.date(2026, 9, 30)) == WorkdayCount(-1, False)
    assert PACKAGE.between(dt.date(2026, 10, 16), dt.date(2026, 10, 9)).days == -6


def test_results_beyond_the_supported_years_raise_a_clear_error():
    with pytest.raises(ValueError, match="outside the calendar"):
        PACKAGE.add(dt.date(9999, 12, 31), 1)
    with pytest.raises(ValueError, match="outside the calendar"):
        PACKAGE.add(dt.date(1, 1, 1), -1)
    with pytest.raises(ValueError, match="outside the calendar"):
        PACKAGE.add(dt.date(2026, 1, 1), 10**9)
    with pytest.raises(ValueError, match="outside the calendar"):
        PACKAGE.add(dt.date(2026, 1, 1), -(10**9))


def test_results_near_the_ends_of_the_supported_years():
    calendar = WorkingCalendar(overrides={}, official_years=PACKAGE_YEARS, span=(9999, 9999))
    built = calendar._span
    assert calendar.add(dt.date(9999, 12, 29), 1).date == dt.date(9999, 12, 30)  # a Thursday
    assert calendar._span is built  # asking past year 9999 does not rebuild the calendar
    with pytest.raises(ValueError, match="outside the calendar"):
        calendar.add(dt.date(9999, 12, 29), 3)  # 31 December 9999 is a Friday, then nothing
    calendar = WorkingCalendar(overrides={}, official_years=PACKAGE_YEARS, span=(1, 1))
    assert calendar.add(dt.date(1, 1, 3), -2).date == dt.date(1, 1, 1)  # a Monday
    with pytest.raises(ValueError, match="outside the calendar"):
        calendar.add(dt.date(1, 1, 3), -3)


# --- years without an official schedule ------------------------------------------------


def test_a_year_without_data_is_monday_to_friday_and_provisional():
    assert [PACKAGE.is_working_day(d) for d in days(dt.date(2027, 1, 1), dt.date(2027, 1, 7))] == [
        True,
        False,
        False,
        True,
        True,
        True,
        True,  # Fri 1 January: the package knows no 元旦 yet
    ]
    assert PACKAGE.add(dt.date(2027, 1, 4), 5) == WorkdayResult(dt.date(2027, 1, 11), True)
    assert PACKAGE.between(dt.date(2027, 1, 4), dt.date(2027, 1, 11)) == WorkdayCount(5, True)


def test_a_result_inside_the_package_years_is_not_provisional():
    assert PACKAGE.add(dt.date(2026, 12, 1), 20) == WorkdayResult(dt.date(2026, 12, 29), False)
    assert not PACKAGE.between(dt.date(2026, 1, 1), dt.date(2026, 12, 31)).provisional


def test_a_span_crossing_into_a_year_without_data_is_provisional():
    assert PACKAGE.add(dt.date(2026, 12, 31), 1) == WorkdayResult(dt.date(2027, 1, 1), True)
    assert PACKAGE.add(dt.date(2027, 1, 4), -3) == WorkdayResult(dt.date(2026, 12, 30), True)
    assert PACKAGE.between(dt.date(2026, 12, 30), dt.date(2027, 1, 4)) == WorkdayCount(3, True)
    assert PACKAGE.between(dt.date(2027, 1, 4), dt.date(2026, 12, 30)) == WorkdayCount(-3, True)


# --- the tables: overrides, published years ------------------------------------------------


@pytest.fixture
def no_refresh(settings):
    """Changes must show through the service's invalidation, not the periodic check."""
    settings.WORKDAYS_REFRESH_SECONDS = 3600


@pytest.mark.django_db
def test_calendar_days_of_a_new_year_apply_at_once(no_refresh):
    assert workdays_add(dt.date(2026, 12, 31), 1) == WorkdayResult(dt.date(2027, 1, 1), True)
    assert workdays_add(dt.date(2027, 2, 5), 1).date == dt.date(2027, 2, 8)

    calendar_day_set(date=dt.date(2027, 1, 1), kind=HOLIDAY, name="元旦")
    calendar_day_set(date=dt.date(2027, 2, 6), kind=WORKING_DAY, name="春节调休")  # a Saturday

    assert not is_working_day(dt.date(2027, 1, 1))
    assert workdays_add(dt.date(2026, 12, 31), 1) == WorkdayResult(dt.date(2027, 1, 4), True)
    assert workdays_add(dt.date(2027, 2, 5), 1).date == dt.date(2027, 2, 6)
    assert workdays_between(dt.date(2026, 12, 31), dt.date(2027, 2, 8)).days == 27


@pytest.mark.django_db
def test_a_published_year_is_no_longer_provisional(no_refresh):
    calendar_day_set(date=dt.date(2027, 1, 1), kind=HOLIDAY, name="元旦")
    calendar_year_set(year=2027, published=False, source="国办发明电〔2026〕号")
    assert workdays_add(dt.date(2026, 12, 31), 1).provisional

    CalendarYear.objects.filter(year=2027).update(published=True)  # not through the service: no effect yet
    assert workdays_add(dt.date(2026, 12, 31), 1).provisional
    calendar_year_set(year=2027, published=True, source="国办发明电〔2026〕号")

    assert workdays_add(dt.date(2026, 12, 31), 1) == WorkdayResult(dt.date(2027, 1, 4), False)
    assert workdays_between(dt.date(2027, 1, 4), dt.date(2027, 3, 1)) == WorkdayCount(40, False)
    assert workdays_add(dt.date(2027, 12, 31), 1).provisional  # 2028 still is


@pytest.mark.django_db
def test_a_local_adjustment_overrides_the_package(no_refresh):
    assert workdays_add(dt.date(2026, 9, 30), 2).date == dt.date(2026, 10, 9)

    calendar_day_set(date=dt.date(2026, 10, 9), kind=HOLIDAY, name="本地调整")
    assert workdays_add(dt.date(2026, 9, 30), 2) == WorkdayResult(dt.date(2026, 10, 10), False)

    calendar_day_set(date=dt.date(2026, 10, 7), kind=WORKING_DAY, name="本地调整")
    assert workdays_add(dt.date(2026, 9, 30), 1).date == dt.date(2026, 10, 7)

    calendar_days_delete(days=CalendarDay.objects.all())  # deleting the overrides restores the package
    assert workdays_add(dt.date(2026, 9, 30), 1).date == dt.date(2026, 10, 8)


@pytest.mark.django_db
def test_add_and_between_make_no_query_once_loaded(no_refresh, django_assert_num_queries):
    calendar_day_set(date=dt.date(2027, 1, 1), kind=HOLIDAY, name="元旦")
    get_calendar()
    starts = list(days(dt.date(2025, 1, 1), dt.date(2027, 9, 27)))[:1000]
    with django_assert_num_queries(0):
        for i, start in enumerate(starts):
            end = workdays_add(start, i % 61).date
            assert workdays_between(start, end).days == i % 61
            is_working_day(end)
        workdays_add(dt.date(2080, 1, 1), 250)  # extending the span is in memory too


@pytest.mark.django_db
def test_changes_made_by_other_processes_are_picked_up(settings):
    """Another process's change reaches this one only through CalendarRevision:
    bulk_create and update() skip the calendar services, as another process's save would."""
    settings.WORKDAYS_REFRESH_SECONDS = 0
    saturday = dt.date(2027, 2, 6)
    loaded = get_calendar()
    assert workdays_add(dt.date(2027, 2, 5), 1).date == dt.date(2027, 2, 8)

    CalendarDay.objects.bulk_create([CalendarDay(date=saturday, kind=WORKING_DAY, name="春节调休")])
    assert get_calendar() is loaded  # same revision: nothing to reload

    if not CalendarRevision.objects.filter(pk=1).update(number=F("number") + 1):
        CalendarRevision.objects.bulk_create([CalendarRevision(pk=1, number=1)])
    reloaded = get_calendar()
    assert reloaded is not loaded
    assert reloaded.is_working_day(saturday)
    assert workdays_add(dt.date(2027, 2, 5), 1).date == saturday


@pytest.mark.django_db
def test_a_revision_is_checked_at_most_every_refresh_interval(settings):
    settings.WORKDAYS_REFRESH_SECONDS = 3600
    loaded = get_calendar()
    CalendarDay.objects.bulk_create([CalendarDay(date=dt.date(2027, 2, 6), kind=WORKING_DAY, name="春节调休")])
    CalendarRevision.objects.update_or_create(pk=1, defaults={"number": 99})
    assert get_calendar() is loaded
    settings.WORKDAYS_REFRESH_SECONDS = 0
    assert get_calendar().is_working_day(dt.date(2027, 2, 6))


# --- import (CSV / Excel through crm.imports) --------------------------------------


def dataset(*rows):
    return tablib.Dataset(*rows, headers=["日期", "类型", "名称", "备注"])


@pytest.mark.django_db
def test_import_creates_calendar_days():
    data = tablib.Dataset().load(
        "日期,类型,名称,备注\n"
        "2027-01-01,法定节假日（不上班）,元旦,\n"
        "2027-02-06,班,春节调休,国办发明电\n"
        "2027-02-11,holiday,春节,\n",
        format="csv",
    )
    result = CalendarDaySheet().import_data(data, dry_run=False, raise_errors=False)

    assert not result.has_errors() and not result.has_validation_errors()
    assert list(CalendarDay.objects.values_list("date", "kind", "name", "note")) == [
        (dt.date(2027, 1, 1), HOLIDAY, "元旦", ""),
        (dt.date(2027, 2, 6), WORKING_DAY, "春节调休", "国办发明电"),
        (dt.date(2027, 2, 11), HOLIDAY, "春节", ""),
    ]
    assert workdays_add(dt.date(2026, 12, 31), 1).date == dt.date(2027, 1, 4)


@pytest.mark.django_db
def test_reimporting_a_day_updates_it():
    calendar_day_set(date=dt.date(2027, 1, 1), kind=WORKING_DAY, name="误录")
    result = CalendarDaySheet().import_data(dataset(("2027-01-01", "休", "元旦", "")), dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert CalendarDay.objects.get().kind == HOLIDAY


def three_rows_the_last_one(bad_row):
    """A file whose first two rows are fine (one updates the existing day, one creates a day)."""
    calendar_day_set(date=dt.date(2027, 1, 1), kind=WORKING_DAY, name="误录")
    return dataset(("2027-01-01", "休", "元旦", ""), ("2027-02-06", "班", "春节调休", ""), bad_row)


def assert_unchanged():
    assert list(CalendarDay.objects.values_list("date", "kind", "name")) == [(dt.date(2027, 1, 1), WORKING_DAY, "误录")]


@pytest.mark.django_db
def test_an_import_with_an_unparsable_date_changes_nothing():
    data = three_rows_the_last_one(("2027-02-30", "休", "春节", ""))
    result = CalendarDaySheet().import_data(data, dry_run=False, raise_errors=False)

    [rejected] = result.invalid_rows
    assert rejected.number == 4  # the sheet's row: the header is row 1
    assert rejected.error_dict == {"日期": ["日期“2027-02-30”不存在，请核对月份和日"]}
    assert_unchanged()


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["2027年2月11日", "明年元旦", "2027-13-01"])
def test_a_date_written_otherwise_or_impossible_is_refused(text):
    result = CalendarDaySheet().import_data(dataset((text, "休", "春节", "")))
    [(row, column, reason)] = [(p.row, p.column, p.reason) for p in result.sheet_problems]
    assert (row, column) == (2, "日期")
    assert reason in (f"“{text}”不是日期：请写作YYYY-MM-DD，例如 2026-03-02", f"日期“{text}”不存在，请核对月份和日")
    assert not CalendarDay.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "bad_row, field",
    [(("2027-02-11", "放假", "春节", ""), "类型"), (("2027-02-11", "休", "", ""), "名称")],
    ids=["unknown-kind", "no-name"],
)
def test_an_import_with_an_invalid_row_changes_nothing(bad_row, field):
    data = three_rows_the_last_one(bad_row)
    result = CalendarDaySheet().import_data(data, dry_run=False, raise_errors=False)

    assert result.has_validation_errors() and not result.has_errors()
    [rejected] = result.invalid_rows
    assert rejected.number == 4
    assert list(rejected.field_specific_errors) == [field]
    # Kept by django-import-export's default (rollback_on_validation_errors=False);
    # SheetResource.import_data turns the rollback on.
    assert_unchanged()


def admin_csv_format_index():
    calendar_admin = django_admin.site._registry[CalendarDay]
    return next(i for i, f in enumerate(calendar_admin.get_import_formats()) if f().get_title() == "csv")


@pytest.mark.django_db
def test_import_through_the_admin_pages(admin_client, no_refresh):
    csv = "日期,类型,名称,备注\n2027-01-01,休,元旦,\n2027-02-06,班,春节调休,\n".encode()
    upload = SimpleUploadedFile("2027.csv", csv, content_type="text/csv")
    page = admin_client.post(
        "/admin/crm/calendarday/import/", {"import_file": upload, "format": admin_csv_format_index()}
    )
    assert page.status_code == 200
    assert not CalendarDay.objects.exists()  # the first step is a dry run
    confirm = page.context["confirm_form"]
    assert confirm is not None, page.context["result"].invalid_rows

    done = admin_client.post("/admin/crm/calendarday/process_import/", confirm.initial)

    assert done.status_code == 302 and done.url == "/admin/crm/calendarday/"
    assert list(CalendarDay.objects.values_list("date", "kind")) == [
        (dt.date(2027, 1, 1), HOLIDAY),
        (dt.date(2027, 2, 6), WORKING_DAY),
    ]
    assert workdays_add(dt.date(2026, 12, 31), 1).date == dt.date(2027, 1, 4)


@pytest.mark.django_db
@pytest.mark.parametrize("bad_row", ["2027-02-30,班,春节调休,", "2027-02-06,放假,春节调休,"], ids=["date", "kind"])
def test_the_admin_refuses_a_file_with_a_bad_row(admin_client, bad_row):
    csv = f"日期,类型,名称,备注\n2027-01-01,休,元旦,\n{bad_row}\n".encode()
    upload = SimpleUploadedFile("2027.csv", csv, content_type="text/csv")
    page = admin_client.post(
        "/admin/crm/calendarday/import/", {"import_file": upload, "format": admin_csv_format_index()}
    )
    assert page.status_code == 200
    assert "confirm_form" not in page.context  # nothing to confirm
    result = page.context["result"]
    assert [row.number for row in result.error_rows + result.invalid_rows] == [3]
    assert not CalendarDay.objects.exists()
