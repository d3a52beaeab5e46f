"""The 3550 compliance table of a project: each milestone's government working days
against its target, the enterprise's and the others' days, within target or not, read
by one aggregate query and checked against figures computed by hand over a 调休
weekend and a year end entered in the calendar table."""

import datetime as dt

import pytest

from crm.calendar.services import calendar_day_set, calendar_year_set, clock_restart, clock_start, clock_stop
from crm.calendar.workdays import get_calendar, workdays_add
from projects.investment.selectors import milestones_compliance, project_compliance
from projects.models import Milestone, MilestoneState, PauseCause
from tests.factories import ProjectFactory, ProxyAgentFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2032, 1, 15)  # Thursday


@pytest.fixture
def year_end():
    """元旦 2032 on Thursday and Friday, Saturday 2031-12-27 an adjusted working day."""
    calendar_year_set(year=2031, source="测试")
    calendar_year_set(year=2032, source="测试")
    calendar_day_set(date=dt.date(2031, 12, 27), kind="working_day", name="元旦调休")
    calendar_day_set(date=dt.date(2032, 1, 1), kind="holiday", name="元旦")
    calendar_day_set(date=dt.date(2032, 1, 2), kind="holiday", name="元旦")


def run(milestone: Milestone, started_on: dt.date, pauses, *, by, finished_on=None) -> Milestone:
    """Drive the milestone's clock through the spine (the services refuse days after
    today, and these are in 2032): started, paused and resumed as given, finished."""
    state = MilestoneState.RUNNING  # the state field is protected: written by the update below
    clock_start(milestone, on=started_on)
    for cause, paused_on, resumed_on in pauses:
        clock_stop(milestone, cause=cause, reason=f"{PauseCause(cause).label}（测试）", on=paused_on, by=by)
        if resumed_on is not None:
            clock_restart(milestone, on=resumed_on, by=by)
    if milestone.paused_on is not None:
        state = MilestoneState.PAUSED
    if finished_on is not None:
        state, milestone.finished_on = MilestoneState.COMPLETED, finished_on
        milestone.judge_outcome()
    Milestone.objects.filter(pk=milestone.pk).update(
        state=state,
        started_on=milestone.started_on,
        due_date=milestone.due_date,
        paused_working_days=milestone.paused_working_days,
        paused_on=milestone.paused_on,
        finished_on=milestone.finished_on,
        outcome=milestone.outcome or "",
    )
    return milestone


@pytest.fixture
def project(year_end):
    user = ProxyAgentFactory().user
    project = ProjectFactory(agent=user.agent_profile)
    milestones = {m.definition.code: m for m in project.milestones.select_related("definition")}
    # 50 days from Monday 15 Dec, paused for each party; paused by the enterprise today.
    run(
        milestones["construction_permit"],
        dt.date(2031, 12, 15),
        [
            (PauseCause.CORRECTION, dt.date(2031, 12, 19), dt.date(2031, 12, 29)),  # 7, across the 调休 Saturday
            (PauseCause.EXPERT_REVIEW, dt.date(2031, 12, 30), dt.date(2032, 1, 6)),  # 3, across 元旦
            (PauseCause.GOVERNMENT, dt.date(2032, 1, 6), dt.date(2032, 1, 8)),  # 2, the government's
            (PauseCause.INTERMEDIARY, dt.date(2032, 1, 8), dt.date(2032, 1, 12)),  # 2
            (PauseCause.ENTERPRISE, dt.date(2032, 1, 13), None),  # 2 by today, still open
        ],
        by=user,
    )
    # 7 days from Wednesday 24 Dec, finished Wednesday 7 Jan, the statutory procedures.
    run(
        milestones["drawing_review"],
        dt.date(2031, 12, 24),
        [
            (PauseCause.HEARING, dt.date(2031, 12, 26), dt.date(2031, 12, 29)),  # 27 (调休), 29 = 2
            (PauseCause.PUBLIC_NOTICE, dt.date(2031, 12, 30), dt.date(2031, 12, 31)),  # 1
            (PauseCause.INSPECTION, dt.date(2032, 1, 5), dt.date(2032, 1, 6)),  # 1
        ],
        by=user,
        finished_on=dt.date(2032, 1, 7),
    )
    # 5 days from Monday 29 Dec, finished Monday 12 Jan: a government pause does not help.
    run(
        milestones["property_title"],
        dt.date(2031, 12, 29),
        [(PauseCause.GOVERNMENT, dt.date(2031, 12, 31), dt.date(2032, 1, 6))],
        by=user,
        finished_on=dt.date(2032, 1, 12),
    )
    return project


def test_compliance_table_matches_the_hand_computed_figures(project, settings, django_assert_num_queries):
    settings.WORKDAYS_REFRESH_SECONDS = 3600  # no calendar revision check inside the measurement
    get_calendar()
    with django_assert_num_queries(1):
        rows = project_compliance(project, TODAY)
    table = {
        row.milestone.definition.code: None
        if row.figures is None
        else (row.figures.government, row.figures.target, row.figures.enterprise, row.figures.other, row.within_target)
        for row in rows
    }
    assert table == {
        "property_title": (8, 5, 0, 0, False),  # 30, 31, 5, 6, 7, 8, 9, 12
        "drawing_review": (9 - 4, 7, 0, 4, True),  # span 25, 26, 27, 29, 30, 31, 5, 6, 7
        "assessments": None,  # not started
        # span 16-19, 22-26, 27, 29-31, 5-9, 12-15 = 22; enterprise 7 + 2; others 3 + 2
        "construction_permit": (22 - 9 - 5, 50, 9, 5, True),
    }


def test_a_government_pause_moves_no_deadline_and_judges_the_outcome(project):
    title = project.milestones.get(definition__code="property_title")
    assert title.paused_working_days == 0
    assert title.due_date == workdays_add(dt.date(2031, 12, 29), 5).date == dt.date(2032, 1, 7)
    assert title.outcome == "late"
    permit = project.milestones.get(definition__code="construction_permit")
    assert permit.paused_working_days == 7 + 3 + 2  # the closed pauses of others, not the government's


def test_a_zone_table_is_one_query_whatever_the_number_of_projects(project, settings, django_assert_num_queries):
    settings.WORKDAYS_REFRESH_SECONDS = 3600
    for _ in range(3):
        ProjectFactory(zone=project.zone)
    get_calendar()
    with django_assert_num_queries(1):
        rows = milestones_compliance(Milestone.objects.filter(project__zone=project.zone), TODAY)
    assert len(rows) == 4 * 4
    assert sum(1 for row in rows if row.figures is not None) == 3
