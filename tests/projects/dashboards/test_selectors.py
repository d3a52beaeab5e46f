"""Every figure of the league table and of the 3550 compliance against the hand-counted
world of ``fixture.py``, for each audience (another centre's or zone's rows never
counted), and the SQL working days against the calendar's own count for every item."""

import datetime as dt

import pytest

from crm.calendar.clock import PauseCause
from crm.calendar.ordinals import workday_ordinals_ensure
from crm.calendar.selectors import clock_figures, clock_figures_annotate
from projects.dashboards.selectors import (
    Audience,
    ComplianceMonth,
    compliance_by_month,
    government_days,
    league_table,
    overdue_by_month,
    rating_summary,
    service_table,
)
from projects.models import ItemPause, ItemState, Milestone, ProjectItem
from tests.factories import EnterpriseFactory, ProjectFactory
from tests.projects.dashboards.fixture import TODAY, _case, dashboard_world, world_scope

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def w():
    return dashboard_world()


_scope = world_scope


def _figures(rows, *, item=False):
    return {
        (row.item_code if item else row.department): (
            row.decided,
            row.on_time,
            row.late,
            row.on_time_rate,
            row.government_days,
            row.overdue_now,
        )
        for row in rows
    }


def test_league_table_of_a_centre(w):
    rows = league_table(_scope(w, Audience.CENTRE), today=TODAY)

    assert _figures(rows) == {
        "看板住建局": (3, 2, 1, 66.7, 4.7, 1),  # items 1, 2, 3 (gov 5, 7, 2); item 5 overdue
        "看板自然资源局": (2, 1, 1, 50.0, 2.5, 0),  # items 7 (gov 3), 9 (gov 2)
    }
    assert [row.department for row in rows] == ["看板住建局", "看板自然资源局"]  # best rate first


def test_league_table_per_item(w):
    rows = league_table(_scope(w, Audience.CENTRE), today=TODAY, by_item=True)

    assert _figures(rows, item=True) == {
        "DASH-A1": (2, 1, 1, 50.0, 6.0, 0),  # items 1, 2; item 6 is paused, not overdue
        "DASH-A2": (1, 1, 0, 100.0, 2.0, 1),  # item 3; item 4 decided in May; item 5 overdue
        "DASH-B1": (2, 1, 1, 50.0, 2.5, 0),
    }


def test_league_table_of_a_zone_counts_its_projects_only(w):
    rows = league_table(_scope(w, Audience.ZONE), today=TODAY)

    assert _figures(rows) == {
        "看板住建局": (4, 3, 1, 75.0, 4.5, 1),  # and item 8 of the other centre (gov 4)
        "看板自然资源局": (1, 0, 1, 0.0, 3.0, 0),  # item 9 lies in zone 2
    }
    other_zone = league_table(_scope(w, Audience.ZONE, zone_ids=[w.z2.pk]), today=TODAY)
    assert _figures(other_zone) == {"看板自然资源局": (1, 1, 0, 100.0, 2.0, 0)}


def test_league_table_of_the_administrator_and_its_filters(w):
    assert _figures(league_table(_scope(w, Audience.ALL), today=TODAY)) == {
        "看板住建局": (4, 3, 1, 75.0, 4.5, 1),
        "看板自然资源局": (2, 1, 1, 50.0, 2.5, 0),
    }
    by_zone = league_table(_scope(w, Audience.ALL, filter_zone_ids=[w.z2.pk]), today=TODAY)
    assert _figures(by_zone) == {"看板自然资源局": (1, 1, 0, 100.0, 2.0, 0)}
    by_department = league_table(_scope(w, Audience.ALL, department_id=w.dept_b.pk), today=TODAY)
    assert _figures(by_department) == {"看板自然资源局": (2, 1, 1, 50.0, 2.5, 0)}
    may = league_table(_scope(w, Audience.ALL, start=D(2026, 5, 1), end=D(2026, 5, 31)), today=TODAY)
    assert _figures(may) == {"看板住建局": (1, 0, 1, 0.0, 4.0, 1)}  # item 4: 04-27 → 05-06 is 4 days (劳动节)


def test_government_days_in_sql_equal_the_clock_of_every_item(w):
    """The ordinal table's count is the calendar's: the same figure as the item's
    clock (``clock_figures``) for every decided item of the world."""
    workday_ordinals_ensure()  # the dashboards do this first; a flushed test database has no table
    items = clock_figures_annotate(ProjectItem.objects.filter(decided_on__isnull=False)).annotate(
        sql_government=government_days("decided_ordinal")
    )
    checked = 0
    for item in items:
        figures = clock_figures(item, end=item.decided_on, today=TODAY, target=item.committed_days)
        assert item.sql_government == figures.government, item
        checked += 1
    assert checked == 9


def test_government_days_in_sql_equal_the_clock_of_every_milestone(w):
    workday_ordinals_ensure()
    milestones = clock_figures_annotate(Milestone.objects.filter(finished_on__isnull=False)).annotate(
        sql_government=government_days("finished_ordinal")
    )
    pairs = [
        (m.sql_government, clock_figures(m, end=m.finished_on, today=TODAY, target=m.target_working_days).government)
        for m in milestones
    ]
    assert len(pairs) == 3 and all(ours == theirs for ours, theirs in pairs)


def _months(rows):
    return {
        row.month: (row.on_time, row.late, row.running, row.provisional, row.government_days, row.enterprise_days)
        for row in rows
        if row.milestone == "看板里程碑"
    }


def test_compliance_per_milestone_per_month(w):
    scope = _scope(w, Audience.CENTRE, start=D(2026, 3, 1), end=D(2026, 4, 30))
    rows = compliance_by_month(scope, today=TODAY)

    assert all(isinstance(row, ComplianceMonth) for row in rows)
    assert _months(rows) == {
        D(2026, 3, 1): (1, 0, 1, 0, 4.0, 0.0),  # m1 on time; m2 running at the month's end
        D(2026, 4, 1): (0, 1, 1, 1, 9.0, 2.0),  # m2 late; m3 running on a provisional deadline
    }


def test_compliance_of_each_audience(w):
    march = {"start": D(2026, 3, 1), "end": D(2026, 3, 31)}
    assert _months(compliance_by_month(_scope(w, Audience.ZONE, **march), today=TODAY)) == {
        D(2026, 3, 1): (1, 0, 1, 0, 4.0, 0.0)
    }
    assert _months(compliance_by_month(_scope(w, Audience.ZONE, zone_ids=[w.z2.pk], **march), today=TODAY)) == {
        D(2026, 3, 1): (0, 1, 0, 0, 6.0, 0.0)  # m4: 03-02 → 03-10 is 6 days
    }
    assert _months(compliance_by_month(_scope(w, Audience.ALL, **march), today=TODAY)) == {
        D(2026, 3, 1): (1, 1, 1, 0, 5.0, 0.0)
    }


def test_a_date_the_table_lacks_leaves_the_figure_unknown_never_zero(w):
    from crm.calendar.models import WorkdayOrdinal

    workday_ordinals_ensure()
    WorkdayOrdinal.objects.filter(date=D(2026, 4, 7)).delete()  # item 1's decision day
    item = ProjectItem.objects.annotate(days=government_days("decided_ordinal")).get(pk=w.items[1].pk)
    assert item.days is None


def test_how_items_were_handled(w):
    rows = service_table(_scope(w, Audience.CENTRE))

    shares = {
        row.department: (
            row.delivered,
            row.fully_online,
            row.zero_trips,
            row.one_trip,
            row.fully_online_share,
            row.zero_trip_share,
            row.at_most_one_trip_share,
        )
        for row in rows
    }
    assert shares == {
        "看板住建局": (1, 1, 1, 0, 100.0, 100.0, 100.0),  # item 10: fully online, zero trips
        "看板自然资源局": (1, 0, 0, 1, 0.0, 0.0, 100.0),  # item 11: at the window, one trip
    }
    assert service_table(_scope(w, Audience.ZONE, zone_ids=[w.z2.pk])) == []
    assert service_table(_scope(w, Audience.CENTRE, start=D(2026, 5, 1), end=D(2026, 5, 31))) == []


def test_ratings_and_callbacks_of_each_audience(w):
    centre = rating_summary(_scope(w, Audience.CENTRE), today=TODAY)
    # case1 5, case1b 2, case3 4 (centre 1's case in zone 2); the March rating is outside the period
    assert centre.levels == {5: 1, 4: 1, 3: 0, 2: 1, 1: 0}
    assert (centre.rated, centre.satisfied_share) == (3, 66.7)
    assert (centre.callbacks_on_time, centre.callbacks_late, centre.callbacks_overdue_now) == (1, 1, 1)
    assert centre.callbacks_on_time_share == 50.0

    zone = rating_summary(_scope(w, Audience.ZONE, zone_ids=[w.z2.pk]), today=TODAY)
    assert zone.levels == {5: 0, 4: 1, 3: 0, 2: 0, 1: 0} and zone.callbacks_closed == 0

    everyone = rating_summary(_scope(w, Audience.ALL), today=TODAY)
    assert everyone.levels == {5: 1, 4: 1, 3: 0, 2: 1, 1: 1}
    assert (everyone.callbacks_on_time, everyone.callbacks_late, everyone.callbacks_overdue_now) == (1, 2, 1)


def _overdue_item(w, approval_item, *, agent=None, started, due, decided=None, pauses=()):
    """An item with its dates written out (the overdue trend reads dates, not the calendar)."""
    project = ProjectFactory(enterprise=EnterpriseFactory(zone=w.z1), zone=w.z1, agent=agent or w.s1)
    item = ProjectItem.objects.create(
        case=_case(agent or w.s1, project),
        approval_item=approval_item,
        state=ItemState.APPROVED if decided else ItemState.IN_REVIEW,
        committed_days=5,
        started_on=started,
        due_date=due,
        decided_on=decided,
    )
    for cause, on, until in pauses:
        ItemPause.objects.create(item=item, cause=cause, reason="补正", paused_on=on, resumed_on=until, working_days=1)
    return item


def test_overdue_count_at_each_months_end(w):
    """Besides the world's item 5 (due 04-16, still in review: overdue at 04-30 and
    today) and item 6 (paused by the enterprise since 04-15: never counted):

    Z  due 03-23, decided 04-03            overdue at 03-31 only
    X  due 04-08, enterprise pause 04-28 → 05-06   paused at 04-30; overdue today
    Y  due 04-10, government pause since 04-27 (the government's time)  overdue 04-30, today
    V  due 04-30, undecided                 not overdue at 04-30 (due that day); overdue today
    O  another centre's, due 03-20, undecided   never the centre's
    """
    ent, gov = PauseCause.CORRECTION, PauseCause.GOVERNMENT
    _overdue_item(w, w.a1, started=D(2026, 3, 16), due=D(2026, 3, 23), decided=D(2026, 4, 3))
    _overdue_item(w, w.a1, started=D(2026, 4, 1), due=D(2026, 4, 8), pauses=[(ent, D(2026, 4, 28), D(2026, 5, 6))])
    _overdue_item(w, w.b1, started=D(2026, 4, 1), due=D(2026, 4, 10), pauses=[(gov, D(2026, 4, 27), None)])
    _overdue_item(w, w.a2, started=D(2026, 4, 24), due=D(2026, 4, 30))
    _overdue_item(w, w.a2, agent=w.s2, started=D(2026, 3, 13), due=D(2026, 3, 20))
    june = {"start": D(2026, 3, 1), "end": D(2026, 6, 30)}

    rows = overdue_by_month(_scope(w, Audience.CENTRE, **june), today=TODAY)

    assert [(row.month, row.at, row.overdue) for row in rows] == [
        (D(2026, 3, 1), D(2026, 3, 31), 1),  # Z
        (D(2026, 4, 1), D(2026, 4, 30), 2),  # item 5, Y
        (D(2026, 5, 1), TODAY, 4),  # item 5, X, Y, V
        (D(2026, 6, 1), D(2026, 6, 30), None),  # not yet begun
    ]
    everyone = overdue_by_month(_scope(w, Audience.ALL, **june), today=TODAY)
    assert [row.overdue for row in everyone] == [2, 3, 5, None]  # and O
    land = overdue_by_month(_scope(w, Audience.CENTRE, department_id=w.dept_b.pk, **june), today=TODAY)
    assert [row.overdue for row in land] == [0, 1, 1, None]  # Y
    zone2 = overdue_by_month(_scope(w, Audience.ZONE, zone_ids=[w.z2.pk], **june), today=TODAY)
    assert [row.overdue for row in zone2] == [0, 0, 0, None]


def test_overdue_today_agrees_with_the_league_tables_overdue_now(w):
    scope = _scope(w, Audience.ALL, start=D(2026, 5, 1), end=D(2026, 5, 31))
    [may] = overdue_by_month(scope, today=TODAY)
    assert may.overdue == sum(row.overdue_now for row in league_table(scope, today=TODAY)) == 1


def test_milestones_running_past_their_due_date_at_each_months_end(w):
    """m2 (due 04-01) runs at March's end, not yet past due; m3 (due 04-27) runs at
    April's end and at today (05-11) past due. Finished ones never count."""
    scope = _scope(w, Audience.CENTRE, start=D(2026, 3, 1), end=D(2026, 5, 31))
    rows = [row for row in compliance_by_month(scope, today=TODAY) if row.milestone == "看板里程碑"]
    assert [(row.month, row.running, row.past_due) for row in rows] == [
        (D(2026, 3, 1), 1, 0),
        (D(2026, 4, 1), 1, 1),
        (D(2026, 5, 1), 1, 1),
    ]
    # April cut at 04-26: m3 still within its target (due 04-27)
    cut = _scope(w, Audience.CENTRE, start=D(2026, 4, 1), end=D(2026, 4, 30))
    [april] = [row for row in compliance_by_month(cut, today=D(2026, 4, 26)) if row.milestone == "看板里程碑"]
    assert (april.running, april.past_due) == (1, 0)
    # a row built by hand (another report's) needs no past_due
    assert ComplianceMonth(1, "x", 5, D(2026, 4, 1), 0, 0, 0, 0, None, None).past_due == 0


def test_the_overdue_trend_counts_at_the_periods_end_when_it_ends_mid_month(w):
    """At 04-13 nothing is overdue (item 2 is due 04-14, item 5 04-16); at 04-15 item 2."""
    rows = overdue_by_month(_scope(w, Audience.CENTRE, start=D(2026, 4, 1), end=D(2026, 4, 13)), today=TODAY)
    assert [(row.at, row.overdue) for row in rows] == [(D(2026, 4, 13), 0)]
    rows = overdue_by_month(_scope(w, Audience.CENTRE, start=D(2026, 4, 1), end=D(2026, 4, 15)), today=TODAY)
    assert [(row.at, row.overdue) for row in rows] == [(D(2026, 4, 15), 1)]
