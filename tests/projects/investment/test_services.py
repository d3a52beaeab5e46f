"""Milestone clock: start, pause/resume arithmetic, finish on time or late, audit."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from crm.audit.models import AuditEntry
from crm.calendar.workdays import workdays_add
from projects.investment.events import MilestoneEvent
from projects.investment.services import (
    milestone_finish,
    milestone_pause,
    milestone_resume,
    milestones_recompute,
    project_event_record,
)
from projects.models import (
    DeadlineLevel,
    MilestoneOutcome,
    MilestoneState,
    PauseCause,
    milestone_level,
    milestone_working_days_left,
)
from tests.factories import MON, ProjectFactory, ProxyAgentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent():
    """The user of a real proxy agent; projects made here are that agent's."""
    return ProxyAgentFactory().user


@pytest.fixture
def permit(agent):
    project = ProjectFactory(agent=agent.agent_profile)
    project_event_record(project=project, event=MilestoneEvent.PROJECT_FILED, on=MON, by=agent)
    return project.milestones.get(definition__code="construction_permit")


def test_start_computes_deadline_in_working_days(permit):
    assert permit.state == MilestoneState.RUNNING
    assert permit.started_on == MON
    assert permit.due_date == workdays_add(MON, 50).date
    assert permit.due_provisional is False


def test_three_day_registration_counts_from_next_working_day(agent):
    from tests.factories import EnterpriseFactory

    project = ProjectFactory(agent=agent.agent_profile, enterprise=EnterpriseFactory(credit_code=None))
    friday = dt.date(2026, 3, 6)
    project_event_record(project=project, event=MilestoneEvent.REGISTRATION_ACCEPTED, on=friday, by=agent)
    registration = project.milestones.get(definition__code="registration")
    assert registration.due_date == dt.date(2026, 3, 11)  # Mon, Tue, Wed


def test_pause_and_resume_extend_deadline_by_paused_working_days(permit, agent):
    due = permit.due_date
    milestone_pause(
        milestone=permit, cause=PauseCause.CORRECTION, reason="补正用地材料", on=dt.date(2026, 3, 4), by=agent
    )
    assert permit.state == MilestoneState.PAUSED
    milestone_resume(milestone=permit, on=dt.date(2026, 3, 11), by=agent)  # Wed → next Wed: 5 working days
    assert permit.state == MilestoneState.RUNNING
    assert permit.paused_working_days == 5
    assert permit.due_date == workdays_add(due, 5).date
    pause = permit.pauses.get()
    assert (pause.working_days, pause.paused_by, pause.resumed_by) == (5, agent, agent)


def test_pauses_add_up(permit, agent):
    for paused_on, resumed_on in [
        (dt.date(2026, 3, 3), dt.date(2026, 3, 5)),
        (dt.date(2026, 3, 9), dt.date(2026, 3, 10)),
    ]:
        milestone_pause(milestone=permit, cause=PauseCause.EXPERT_REVIEW, reason="专家评审", on=paused_on, by=agent)
        milestone_resume(milestone=permit, on=resumed_on, by=agent)
    assert permit.paused_working_days == 3
    assert permit.due_date == workdays_add(MON, 53).date


def test_pause_and_resume_the_same_day_changes_nothing(permit, agent):
    due = permit.due_date
    milestone_pause(milestone=permit, cause=PauseCause.HEARING, reason="听证", on=dt.date(2026, 3, 4), by=agent)
    milestone_resume(milestone=permit, on=dt.date(2026, 3, 4), by=agent)
    assert permit.due_date == due


def test_pause_over_a_holiday_counts_only_working_days(agent):
    project = ProjectFactory(agent=agent.agent_profile)
    project_event_record(project=project, event=MilestoneEvent.PROJECT_FILED, on=dt.date(2026, 9, 21), by=agent)
    permit = project.milestones.get(definition__code="construction_permit")
    milestone_pause(milestone=permit, cause=PauseCause.CORRECTION, reason="补正", on=dt.date(2026, 9, 30), by=agent)
    milestone_resume(milestone=permit, on=dt.date(2026, 10, 9), by=agent)
    # 2026-10-01..07 National Day; 10-08 and 10-09 are working days (10-10 is an adjusted Saturday)
    assert permit.paused_working_days == 2


def test_pause_requires_a_reason(permit, agent):
    with pytest.raises(ValidationError) as caught:
        milestone_pause(milestone=permit, cause=PauseCause.CORRECTION, reason="  ", by=agent)
    assert caught.value.code == "pause_reason_required"


def test_illegal_transition_lists_what_is_allowed(permit, agent):
    with pytest.raises(ValidationError) as caught:
        milestone_resume(milestone=permit, on=dt.date(2026, 3, 5), by=agent)
    message = caught.value.messages[0]
    assert caught.value.code == "transition_not_allowed"
    assert "计时中" in message and "恢复计时" in message
    assert "暂停计时" in message and "完成" in message  # the allowed ones


def test_finish_on_time_and_late(agent):
    from tests.factories import EnterpriseFactory

    project = ProjectFactory(agent=agent.agent_profile, enterprise=EnterpriseFactory(credit_code=None))
    project_event_record(project=project, event=MilestoneEvent.REGISTRATION_ACCEPTED, on=MON, by=agent)
    project_event_record(project=project, event=MilestoneEvent.ENTERPRISE_OPENED, on=dt.date(2026, 3, 5), by=agent)
    registration = project.milestones.get(definition__code="registration")
    assert (registration.state, registration.outcome) == (MilestoneState.COMPLETED, MilestoneOutcome.ON_TIME)

    project_event_record(project=project, event=MilestoneEvent.PROPERTY_REGISTRATION_ACCEPTED, on=MON, by=agent)
    project_event_record(project=project, event=MilestoneEvent.PROPERTY_TITLE_ISSUED, on=dt.date(2026, 3, 10), by=agent)
    title = project.milestones.get(definition__code="property_title")
    assert title.due_date == dt.date(2026, 3, 9)
    assert title.outcome == MilestoneOutcome.LATE


def test_finish_while_paused_closes_the_pause(permit, agent):
    milestone_pause(milestone=permit, cause=PauseCause.CORRECTION, reason="补正", on=dt.date(2026, 3, 3), by=agent)
    milestone_finish(milestone=permit, on=dt.date(2026, 3, 5), by=agent)
    assert permit.state == MilestoneState.COMPLETED
    assert permit.paused_working_days == 2
    assert permit.pauses.get().resumed_on == dt.date(2026, 3, 5)


def test_every_change_is_audited_with_before_and_after(permit, agent):
    milestone_pause(
        milestone=permit, cause=PauseCause.CORRECTION, reason="补正用地材料", on=dt.date(2026, 3, 4), by=agent
    )
    milestone_resume(milestone=permit, on=dt.date(2026, 3, 6), by=agent)
    entries = list(AuditEntry.objects.filter(subject_id=str(permit.pk)).order_by("id"))
    assert [e.event for e in entries] == ["milestone.started", "milestone.paused", "milestone.resumed"]
    paused, resumed = entries[1], entries[2]
    assert paused.actor == agent and paused.reason == "补正用地材料"
    assert paused.before == {"state": "running"} and paused.after == {"state": "paused"}
    assert resumed.before["due_date"] != resumed.after["due_date"]
    assert resumed.after["paused_working_days"] == 2


def test_levels_and_days_left(permit, agent):
    due = permit.due_date
    assert milestone_working_days_left(permit, due) == 0
    assert milestone_level(permit, workdays_add(due, -3).date) == DeadlineLevel.NORMAL
    assert milestone_level(permit, workdays_add(due, -2).date) == DeadlineLevel.WARNING
    assert milestone_level(permit, workdays_add(due, 1).date) == DeadlineLevel.OVERDUE
    assert milestone_working_days_left(permit, workdays_add(due, 1).date) == -1
    milestone_pause(
        milestone=permit, cause=PauseCause.CORRECTION, reason="补正", on=workdays_add(due, -4).date, by=agent
    )
    assert milestone_level(permit, workdays_add(due, 10).date) == DeadlineLevel.PAUSED
    assert milestone_working_days_left(permit, workdays_add(due, 10).date) == 4


def test_deadline_in_a_year_without_schedule_is_provisional(agent):
    project = ProjectFactory(agent=agent.agent_profile)
    project_event_record(project=project, event=MilestoneEvent.PROJECT_FILED, on=dt.date(2026, 11, 2), by=agent)
    permit = project.milestones.get(definition__code="construction_permit")
    assert permit.due_date.year == 2027
    assert permit.due_provisional is True


def test_events_cannot_be_recorded_in_the_future(agent):
    from django.utils import timezone

    project = ProjectFactory(agent=agent.agent_profile)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        project_event_record(project=project, event=MilestoneEvent.PROJECT_FILED, on=tomorrow, by=agent)
    assert caught.value.code == "date_in_future"


def test_audit_keeps_the_day_it_happened(permit):
    entry = AuditEntry.objects.get(subject_id=str(permit.pk), event="milestone.started")
    assert entry.effective_on == MON


def test_registration_only_for_enterprises_being_set_up(agent):
    from tests.factories import EnterpriseFactory

    registered = ProjectFactory(agent=agent.agent_profile)
    new = ProjectFactory(agent=agent.agent_profile, enterprise=EnterpriseFactory(credit_code=None))
    assert not registered.milestones.filter(definition__code="registration").exists()
    assert new.milestones.filter(definition__code="registration").exists()


def test_milestone_full_clean_works_on_saved_milestones(permit):
    permit.full_clean()


def test_finished_milestone_on_provisional_deadline_is_judged_again(agent):
    from crm.calendar.services import calendar_day_set, calendar_year_set
    from projects.models import Milestone

    project = ProjectFactory(agent=agent.agent_profile)
    project_event_record(project=project, event=MilestoneEvent.PROJECT_FILED, on=dt.date(2026, 11, 2), by=agent)
    permit = project.milestones.get(definition__code="construction_permit")
    provisional_due = permit.due_date
    one_day_late = workdays_add(provisional_due, 1).date
    # Finished one working day after the provisional deadline (set directly: that day is
    # still in the future as this test is written).
    Milestone.objects.filter(pk=permit.pk).update(
        state=MilestoneState.COMPLETED, finished_on=one_day_late, outcome=MilestoneOutcome.LATE
    )
    calendar_day_set(date=dt.date(2027, 1, 4), kind="holiday", name="地方调整")  # a Monday before the due date
    calendar_year_set(year=2027, source="测试", published=True)
    assert milestones_recompute(years=[2027]) == 1
    permit.refresh_from_db()
    assert (permit.due_date, permit.due_provisional) == (one_day_late, False)
    assert permit.outcome == MilestoneOutcome.ON_TIME


def test_a_government_pause_neither_stops_the_government_clock_nor_moves_the_deadline(permit, agent):
    due = permit.due_date
    milestone_pause(
        milestone=permit, cause=PauseCause.GOVERNMENT, reason="部门内部会签", on=dt.date(2026, 3, 4), by=agent
    )
    milestone_resume(milestone=permit, on=dt.date(2026, 3, 9), by=agent)
    assert (permit.paused_working_days, permit.due_date) == (0, due)
    pause = permit.pauses.get()
    assert (pause.cause, pause.working_days) == (PauseCause.GOVERNMENT, 3)  # recorded, yet the government's time
    milestone_pause(
        milestone=permit, cause=PauseCause.INTERMEDIARY, reason="中介编制报告", on=dt.date(2026, 3, 10), by=agent
    )
    milestone_finish(milestone=permit, on=dt.date(2026, 3, 12), by=agent)
    assert permit.paused_working_days == 2 and permit.due_date == workdays_add(MON, 52).date
