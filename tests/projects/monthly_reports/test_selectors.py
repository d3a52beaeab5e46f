"""The figures of a zone's monthly report, against the dashboards' hand-counted world
(tests/projects/dashboards/fixture.py): zone 1, April 2026, read on 2026-05-11.

Zone 1's items in April: A decided 1 (on time), 2 (late: due 04-14, decided 04-16, 2
working days over), 3 and 8 (on time); B decided 7 (late: due 04-29, decided 04-30, 1
day over). Item 5 (A, due 04-16, in review) is overdue at the month's end: 10 working
days (04-17, 04-20..24, 04-27..30; 04-25/26 a weekend). Item 4 is due 04-30, not before
it; item 6 is stopped for a correction since 04-15; item 9 is zone 2's."""

import datetime as dt

import pytest
from django.test import override_settings

from crm.calendar.clock import PauseCause
from projects.models import MilestoneDefinition, MilestoneState
from projects.monthly_reports.selectors import (
    DepartmentRow,
    issuing_centre_ids,
    may_generate,
    month_ended,
    monthly_figures,
    report_recipients,
    report_zone_ids,
    zones_reported,
)
from tests.factories import ProjectFactory, ServiceCentreFactory, SupervisorFactory, UserFactory, ZoneFactory
from tests.projects.dashboards.fixture import TODAY, _case, _item, _milestone, dashboard_world
from tests.projects.monthly_reports import sections

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def w():
    return dashboard_world()


def test_the_league_table_of_the_month_counts_the_zones_items(w):
    figures = monthly_figures(w.z1, D(2026, 4, 17), today=TODAY)

    assert (figures.month, figures.last, figures.as_of) == (D(2026, 4, 1), D(2026, 4, 30), D(2026, 4, 30))
    assert figures.departments == [
        DepartmentRow(
            "看板住建局", decided=4, on_time=3, late=1, on_time_rate=75.0, government_days=4.5, overdue_open=1
        ),
        DepartmentRow(
            "看板自然资源局", decided=1, on_time=0, late=1, on_time_rate=0.0, government_days=3.0, overdue_open=0
        ),
    ]
    assert (figures.decided, figures.on_time, figures.on_time_rate) == (5, 3, 60.0)
    assert figures.title == "看板一区 2026年4月 超时办件通报"
    assert figures.issuer == "看板中心一"


def test_the_overdue_items_at_the_months_end_with_their_working_days_over(w):
    figures = monthly_figures(w.z1, D(2026, 4, 1), today=TODAY)

    rows = [(r.item, r.department, r.due_date, r.decided_on, r.days_over) for r in figures.overdue]
    assert rows == [
        ("施工许可", "看板住建局", D(2026, 4, 16), None, 10),  # item 5, still in review
        ("建设工程规划许可", "看板住建局", D(2026, 4, 14), D(2026, 4, 16), 2),  # item 2
        ("用地预审", "看板自然资源局", D(2026, 4, 29), D(2026, 4, 30), 1),  # item 7
    ]
    assert (figures.decided_late, figures.overdue_open) == (2, 1)
    assert figures.overdue[0].project_code == w.items[5].case.project.code


def test_in_the_current_month_the_items_are_overdue_as_of_today(w):
    may = monthly_figures(w.z1, D(2026, 5, 1), today=TODAY)
    # item 5: due 04-16, undecided on 05-11: 10 days in April, 05-06..08 and 05-09 (a
    # working Saturday), 05-11: 15 working days over; item 4 (due 04-30) decided 05-06: 1
    assert [(r.item, r.decided_on, r.days_over) for r in may.overdue] == [
        ("施工许可", None, 15),
        ("施工许可", D(2026, 5, 6), 1),
    ]
    assert may.as_of == TODAY


def test_compliance_ratings_and_callbacks_of_the_zone(w):
    figures = monthly_figures(w.z1, D(2026, 4, 1), today=TODAY)

    kind = [row for row in figures.compliance if row.milestone == "看板里程碑"]
    assert [(r.on_time, r.late, r.running, r.provisional, r.government_days, r.enterprise_days) for r in kind] == [
        (0, 1, 1, 1, 9.0, 2.0)  # m2 finished late, m3 running on a provisional deadline; m4 is zone 2's
    ]
    ratings = figures.ratings
    assert ratings.levels == {5: 1, 4: 0, 3: 0, 2: 1, 1: 1}  # case 3 is zone 2's, the 3 was given in March
    assert ratings.satisfied_share == 33.3
    # case1b's closed on time; another of centre 1 and centre 2's case (zone 1) late; the
    # open one is due 05-06, not overdue at April's end
    assert (ratings.callbacks_on_time, ratings.callbacks_late, ratings.callbacks_overdue_now) == (1, 2, 0)


def test_a_zones_report_includes_the_zones_inside_it(w):
    inner = ZoneFactory(name="看板一区东片", parent=w.z1)
    project = ProjectFactory(zone=inner, agent=w.s1)
    _item(_case(w.s1, project), w.b1, started=D(2026, 4, 20), committed=2, state="in_review")  # due 04-22

    outer = monthly_figures(w.z1, D(2026, 4, 1), today=TODAY)
    assert [r.days_over for r in outer.overdue] == [10, 6, 2, 1]
    own = monthly_figures(inner, D(2026, 4, 1), today=TODAY)
    assert [(r.project_code, r.days_over) for r in own.overdue] == [(project.code, 6)]
    assert own.issuer == "看板中心一"  # no centre in the inner zone: the one around it issues
    assert set(zones_reported()) == {w.z1, w.z2, inner}


def test_every_configured_figure_section_is_in_the_report_for_its_zone_and_month(w):
    sections.ASKED.clear()
    with override_settings(CRM_FIGURE_SECTIONS=sections.SECTIONS):
        figures = monthly_figures(w.z1, D(2026, 4, 1), today=TODAY)
    assert [s.key for s in figures.sections] == ["test_reuse"]
    ((scope, today),) = sections.ASKED
    assert (scope.zone_ids, scope.start, scope.end, today) == ([w.z1.pk], D(2026, 4, 1), D(2026, 4, 30), D(2026, 4, 30))


def test_the_readers_told_are_the_issuing_centres_supervisors_and_the_zones_committee(w):
    inner = ZoneFactory(name="看板一区东片", parent=w.z1)
    inner_centre = ServiceCentreFactory(name="东片中心", zone=inner)
    inner_supervisor = SupervisorFactory(centre=inner_centre, user=UserFactory(roles=["supervisor", "agent"]))
    gone = UserFactory(roles=["zone_committee"], zone=w.z1, is_active=False)

    assert report_recipients(w.z1) == sorted([w.s1.user.pk, w.committee.pk])
    # The inner zone's report is issued by its own centre: the outer centre neither reads nor hears of it.
    assert report_recipients(inner) == [inner_supervisor.user.pk]
    assert set(report_zone_ids(w.s1.user)) == {w.z1.pk} and report_zone_ids(inner_supervisor.user) == [inner.pk]
    assert issuing_centre_ids()[inner.pk] == inner_centre.pk and issuing_centre_ids()[w.z1.pk] == w.s1.centre_id
    assert gone.pk not in report_recipients(w.z1)
    assert report_recipients(w.z2) == sorted([w.s2.user.pk, w.committee2.pk])


def _overdue_milestones_world(w):
    """Beside m3 (due 04-27, running): milestones of another kind (target 5) in zone 1,
    started 04-01 (due 04-09, Qingming 04-06 off): one finished 05-06, after the month's end (overdue at it);
    one stopped by the enterprise since 04-20 (not overdue: the enterprise's time); one
    stopped by the enterprise 04-13..04-15 and running again (overdue); one finished
    04-08 (on time); one paused by the government's side since 04-20 (overdue)."""
    projects = [ProjectFactory(zone=w.z1, agent=w.s1, name=f"看板里程碑项目{n}") for n in range(5)]
    other = MilestoneDefinition.objects.create(code="dash-e", name="看板施工许可", target_working_days=5, order=100)
    ent, gov = PauseCause.CORRECTION, PauseCause.GOVERNMENT
    running, paused, done = MilestoneState.RUNNING, MilestoneState.PAUSED, MilestoneState.COMPLETED
    start = D(2026, 4, 1)
    return {
        "late_after": _milestone(projects[0], other, started=start, finished=D(2026, 5, 6), state=done),
        "enterprise": _milestone(
            projects[1], other, started=start, state=paused, pauses=[(ent, D(2026, 4, 20), None, 0)]
        ),
        "resumed": _milestone(
            projects[2], other, started=start, state=running, pauses=[(ent, D(2026, 4, 13), D(2026, 4, 15), 2)]
        ),
        "on_time": _milestone(projects[3], other, started=start, finished=D(2026, 4, 8), state=done),
        "government": _milestone(
            projects[4], other, started=start, state=paused, pauses=[(gov, D(2026, 4, 20), None, 0)]
        ),
    }


def test_the_milestones_running_past_their_due_date_at_the_months_end_are_listed(w):
    made = _overdue_milestones_world(w)

    figures = monthly_figures(w.z1, D(2026, 4, 1), today=TODAY)

    rows = {(r.project, r.milestone, r.due_date, r.days_over) for r in figures.milestones_overdue}
    assert rows == {
        (made["government"].project.name, "看板施工许可", D(2026, 4, 9), 15),
        (made["late_after"].project.name, "看板施工许可", D(2026, 4, 9), 15),
        (made["resumed"].project.name, "看板施工许可", D(2026, 4, 13), 13),
        (w.milestones[3].project.name, "看板里程碑", D(2026, 4, 27), 3),
    }
    assert [r.days_over for r in figures.milestones_overdue] == [15, 15, 13, 3]  # most over first (04-10..04-30: 15)
    assert {r.project for r in figures.milestones_overdue}.isdisjoint(
        {made["enterprise"].project.name, made["on_time"].project.name}
    )
    # March: none was due before its end; zone 2: none of zone 1's
    assert monthly_figures(w.z1, D(2026, 3, 1), today=TODAY).milestones_overdue == []
    assert monthly_figures(w.z2, D(2026, 4, 1), today=TODAY).milestones_overdue == []


def test_only_a_month_that_is_over_may_be_archived_and_the_current_one_is_a_draft(w):
    assert month_ended(D(2026, 4, 1), D(2026, 5, 1)) and not month_ended(D(2026, 4, 1), D(2026, 4, 30))
    assert monthly_figures(w.z1, D(2026, 4, 1), today=D(2026, 5, 1)).ended
    draft = monthly_figures(w.z1, D(2026, 5, 1), today=TODAY)
    assert (draft.ended, draft.as_of, draft.month_label) == (False, TODAY, "2026年5月")


def test_a_supervisor_may_generate_only_the_reports_its_own_centre_issues(w):
    inner = ZoneFactory(name="看板一区高新片", parent=w.z1)
    inner_centre = ServiceCentreFactory(name="高新片中心", zone=inner)
    inner_supervisor = SupervisorFactory(centre=inner_centre, user=UserFactory(roles=["supervisor", "agent"]))
    east = ZoneFactory(name="看板一区东片", parent=w.z1)  # no centre: zone 1's issues it

    assert may_generate(w.s1.user, w.z1) and may_generate(w.s1.user, east)
    assert not may_generate(w.s1.user, inner)  # read by centre 1, issued by another centre
    assert may_generate(inner_supervisor.user, inner) and not may_generate(inner_supervisor.user, w.z1)
    assert not may_generate(w.s2.user, w.z1) and not may_generate(w.committee, w.z1)
    assert all(may_generate(w.admin, zone) for zone in (w.z1, w.z2, inner))


def test_the_figures_take_the_same_few_queries_however_many_items_are_overdue(w, django_assert_num_queries):
    _overdue_milestones_world(w)
    monthly_figures(w.z1, D(2026, 4, 1), today=TODAY)  # the working-day table built once
    project = ProjectFactory(zone=w.z1, agent=w.s1)
    for approval_item in (w.a1, w.a2, w.b1):
        _item(_case(w.s1, project), approval_item, started=D(2026, 4, 20), committed=2, state="in_review")
    # the zone tree, the overdue items, the overdue milestones, the issuing centre, two
    # of compliance, the league table, ratings, callbacks, and the working-day tables'
    # revision checks (4); the configured sections (none here) count their own
    with override_settings(CRM_FIGURE_SECTIONS={}), django_assert_num_queries(13):
        figures = monthly_figures(w.z1, D(2026, 4, 1), today=TODAY)
    assert len(figures.overdue) == 6 and len(figures.milestones_overdue) == 4
