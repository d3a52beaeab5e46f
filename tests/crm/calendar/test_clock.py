"""The two clocks (DOMAIN §3): whose time each pause is, the government's working days
against the target and the enterprise's and the others' apart; a government pause
neither stops the government's clock nor moves the deadline."""

import datetime as dt
from types import SimpleNamespace

import pytest

from crm.calendar.clock import (
    STOPPING_CAUSES,
    ClockParty,
    PauseCause,
    clock_days,
    clock_days_from_sums,
    pause_party,
)
from crm.calendar.services import calendar_day_set, calendar_year_set


def pause(cause, paused_on, resumed_on=None):
    return SimpleNamespace(cause=cause, paused_on=paused_on, resumed_on=resumed_on)


@pytest.fixture
def year_end(db):
    """2031/2032 entered by hand: 元旦 on Thursday and Friday 2032-01-01/02, and
    Saturday 2031-12-27 an adjusted working day (调休)."""
    calendar_year_set(year=2031, source="测试")
    calendar_year_set(year=2032, source="测试")
    calendar_day_set(date=dt.date(2031, 12, 27), kind="working_day", name="元旦调休")
    calendar_day_set(date=dt.date(2032, 1, 1), kind="holiday", name="元旦")
    calendar_day_set(date=dt.date(2032, 1, 2), kind="holiday", name="元旦")


def test_every_cause_has_a_party():
    assert {cause: pause_party(cause) for cause in PauseCause.values} == {
        "correction": ClockParty.ENTERPRISE,
        "enterprise": ClockParty.ENTERPRISE,
        "intermediary": ClockParty.INTERMEDIARY,
        "expert_review": ClockParty.SPECIAL_PROCEDURE,
        "hearing": ClockParty.SPECIAL_PROCEDURE,
        "public_notice": ClockParty.SPECIAL_PROCEDURE,
        "inspection": ClockParty.SPECIAL_PROCEDURE,
        "government": ClockParty.GOVERNMENT,
    }
    assert PauseCause.GOVERNMENT not in STOPPING_CAUSES and len(STOPPING_CAUSES) == 7


def test_pauses_of_each_party_across_the_adjusted_weekend_and_the_year_end(year_end):
    started = dt.date(2031, 12, 15)  # Monday
    pauses = [
        # Fri 19 -> Mon 29 Dec: 22, 23, 24, 25, 26, Sat 27 (调休), 29 = 7
        pause(PauseCause.CORRECTION, dt.date(2031, 12, 19), dt.date(2031, 12, 29)),
        # Tue 30 Dec -> Tue 6 Jan: 31, (元旦 1 and 2 off), 5, 6 = 3
        pause(PauseCause.EXPERT_REVIEW, dt.date(2031, 12, 30), dt.date(2032, 1, 6)),
        # 7, 8: the government's own time, still counted as government days
        pause(PauseCause.GOVERNMENT, dt.date(2032, 1, 6), dt.date(2032, 1, 8)),
        # 9, 12 = 2
        pause(PauseCause.INTERMEDIARY, dt.date(2032, 1, 8), dt.date(2032, 1, 12)),
        # open since Tue 13: 14, 15 = 2 by Thursday 15
        pause(PauseCause.ENTERPRISE, dt.date(2032, 1, 13)),
    ]
    days = clock_days(started_on=started, end=dt.date(2032, 1, 15), target=50, pauses=pauses)
    # From Mon 15 Dec to Thu 15 Jan: 16-19 (4), 22-26 (5), 27 (1), 29-31 (3), 5-9 (5), 12-15 (4) = 22
    assert (days.government, days.enterprise, days.other) == (22 - 9 - 5, 7 + 2, 3 + 2)
    assert days.within_target and not days.provisional


def test_the_start_day_does_not_count_and_a_late_clock_is_beyond_its_target(year_end):
    days = clock_days(
        started_on=dt.date(2031, 12, 29),
        end=dt.date(2032, 1, 12),
        target=5,
        pauses=[pause(PauseCause.GOVERNMENT, dt.date(2031, 12, 31), dt.date(2032, 1, 6))],
    )
    # 30, 31, 5, 6, 7, 8, 9, 12: all the government's
    assert (days.government, days.enterprise, days.other, days.within_target) == (8, 0, 0, False)


def test_pauses_count_only_within_the_clock(year_end):
    """A correction asked for before acceptance is outside the department's clock; an
    open pause lasts until the clock's end."""
    days = clock_days(
        started_on=dt.date(2032, 1, 5),
        end=dt.date(2032, 1, 9),
        target=3,
        pauses=[
            pause(PauseCause.CORRECTION, dt.date(2031, 12, 22), dt.date(2032, 1, 5)),
            pause(PauseCause.HEARING, dt.date(2032, 1, 7)),
        ],
    )
    assert (days.government, days.enterprise, days.other) == (2, 0, 2)


def test_not_started_has_no_figures_and_sums_add_an_open_pause(year_end):
    assert clock_days(started_on=None, end=dt.date(2032, 1, 9), target=3, pauses=[]) is None
    days = clock_days_from_sums(
        started_on=dt.date(2031, 12, 26),
        end=dt.date(2032, 1, 6),
        target=3,
        enterprise=1,
        other=0,
        open_cause=PauseCause.PUBLIC_NOTICE,
        open_since=dt.date(2031, 12, 31),
    )
    # span 27, 29, 30, 31, 5, 6 = 6; the public notice open since 31 Dec: 5, 6 = 2
    assert (days.government, days.enterprise, days.other) == (3, 1, 2)


def test_without_a_schedule_the_figures_are_provisional(db):
    days = clock_days(started_on=dt.date(2035, 3, 5), end=dt.date(2035, 3, 12), target=3, pauses=[])
    assert days.provisional and days.government == 5
