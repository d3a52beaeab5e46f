"""Joint survey and joint acceptance services: scheduling, attendance and findings,
the one issued record, follow-ups on the working-day clock and in the supervision
sweep, and a passed acceptance finishing the milestones its triggers name."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from crm.audit.models import AuditEntry
from crm.calendar.workdays import workdays_add
from crm.models import Alert, Deadline
from crm.supervision.services import sweep
from projects.investment.events import MilestoneEvent, MilestoneMove
from projects.investment.services import project_event_record, project_milestones_ensure
from projects.models import (
    FindingKind,
    JointVisitKind,
    JointVisitState,
    MilestoneDefinition,
    MilestoneState,
    MilestoneTrigger,
    PauseCause,
    VisitFollowUp,
)
from projects.visits.selectors import visit_departments_default
from projects.visits.services import (
    follow_up_close,
    follow_up_pause,
    follow_up_resume,
    visit_attendance_record,
    visit_issue,
    visit_schedule,
)
from tests.factories import MON, DepartmentFactory, EnterpriseFactory, ProjectFactory
from tests.projects.visits.scenario import FRI, THU, TUE, WED, project_with_needs

pytestmark = pytest.mark.django_db


def codes(error: ValidationError) -> set[str]:
    return {e.code for e in error.error_list}


def schedule(project, by, departments, *, kind=JointVisitKind.SURVEY, visit_on=TUE):
    return visit_schedule(
        project=project,
        kind=kind,
        visit_on=visit_on,
        visit_time=dt.time(9, 30),
        place="开发大道88号项目地块",
        departments=departments,
        by=by,
        on=MON,
    )


def attend(visit, department, by, *, finding=FindingKind.NONE, text="", days=None, on=TUE, **kwargs):
    return visit_attendance_record(
        visit=visit,
        department=department,
        attended=True,
        attendees="王科长",
        finding=finding,
        finding_text=text,
        rectification_days=days,
        by=by,
        on=on,
        **kwargs,
    )


def entries(subject, event):
    return AuditEntry.objects.filter(
        subject_type=ContentType.objects.get_for_model(subject), subject_id=str(subject.pk), event=event
    )


@pytest.fixture
def survey_world(world):
    agent = world.users["agent1"]
    departments = project_with_needs(world.own_project, agent)
    return world, agent, departments


def test_the_survey_from_scheduling_to_issued_record_and_overdue_follow_up(survey_world):
    world, agent, (planning, housing, fire) = survey_world
    project = world.own_project
    # By default the visit invites the departments the project's items need.
    assert set(visit_departments_default(project)) == {planning, housing, fire}
    visit = schedule(project, agent, visit_departments_default(project))
    assert visit.state == JointVisitState.SCHEDULED
    assert {a.department for a in visit.attendances.all()} == {planning, housing, fire}
    scheduled = entries(visit, "visit.scheduled").get()
    assert scheduled.effective_on == MON and scheduled.after["visit_on"] == "2026-03-03"

    # Nothing is recorded before the visit day.
    with pytest.raises(ValidationError) as refused:
        attend(visit, planning, agent, on=MON)
    assert codes(refused.value) == {"visit_not_yet"}

    attend(visit, planning, agent, finding=FindingKind.RECTIFICATION, text="消防车道宽度不足4米", days=5)
    attend(visit, housing, agent)
    # Issuing waits for every department's attendance, and says which is missing.
    with pytest.raises(ValidationError) as refused:
        visit_issue(visit=visit, by=agent, on=WED)
    assert codes(refused.value) == {"visit_attendance_missing"}
    assert "盐都区消防救援大队" in refused.value.messages[0]
    visit_attendance_record(visit=visit, department=fire, attended=False, by=agent, on=TUE)

    visit = visit_issue(visit=visit, by=agent, on=WED)
    assert (visit.state, visit.record_no, visit.issued_on) == (JointVisitState.ISSUED, "LK-2026-00001", WED)
    assert "【盐都区消防救援大队】未到场" in visit.summary and "消防车道宽度不足4米" in visit.summary
    issued = entries(visit, "visit.issued").get()
    assert issued.effective_on == WED and issued.after["record_no"] == "LK-2026-00001"

    # The rectification is a follow-up on the working-day clock, from the issue day.
    follow_up = VisitFollowUp.objects.get(visit=visit)
    assert (follow_up.department, follow_up.requirement, follow_up.started_on) == (planning, "消防车道宽度不足4米", WED)
    assert follow_up.due_date == workdays_add(WED, 5).date
    deadline = Deadline.objects.get(
        subject_type=ContentType.objects.get_for_model(VisitFollowUp), subject_id=follow_up.pk
    )
    assert deadline.due_date == follow_up.due_date and deadline.kind_label == "联合踏勘整改"
    assert deadline.owner == agent and deadline.enterprise_key == project.enterprise_id

    # Past its deadline and still open: the sweep raises it as overdue.
    sweep(workdays_add(follow_up.due_date, 1).date)
    alert = Alert.objects.get(deadline=deadline)
    assert alert.level == "overdue"

    # Closed: the clock stops, the deadline leaves the open rows.
    follow_up_close(follow_up=follow_up, note="已调整总平面图并报规划复核", by=agent, on=workdays_add(WED, 6).date)
    follow_up.refresh_from_db()
    deadline.refresh_from_db()
    assert follow_up.closed_on == workdays_add(WED, 6).date and deadline.state == "closed"
    assert entries(follow_up, "visitfollowup.closed").get().effective_on == follow_up.closed_on


def test_attendance_and_findings_are_checked(survey_world):
    world, agent, (planning, housing, fire) = survey_world
    visit = schedule(world.own_project, agent, [planning, housing])

    def refused(**kwargs) -> set[str]:
        values = {"visit": visit, "department": planning, "attended": True, "by": agent, "on": TUE, **kwargs}
        with pytest.raises(ValidationError) as error:
            visit_attendance_record(**values)
        return codes(error.value)

    assert refused(attendees="", finding="none") == {"visit_attendees_required"}
    assert refused(attendees="王科长", finding="") == {"visit_finding_required"}
    assert refused(attendees="王科长", finding="rectification", rectification_days=5) == {"visit_finding_text_required"}
    assert refused(attendees="王科长", finding="rectification", finding_text="整改", rectification_days=None) == {
        "visit_days_required"
    }
    assert refused(attendees="王科长", finding="rectification", finding_text="整改", rectification_days=61) == {
        "visit_days_required"
    }
    assert refused(attended=False, finding="rectification", finding_text="整改") == {"visit_absent_no_finding"}
    assert refused(department=fire, attendees="李", finding="none") == {"visit_not_invited"}
    assert refused(attendees="王科长", finding="none", on=timezone.localdate() + dt.timedelta(days=1)) == {
        "date_in_future"
    }
    with pytest.raises(ValueError):
        refused(attendees="王科长", finding="maybe")
    assert not visit.attendances.exclude(attended=None).exists()

    # Recording again corrects, until the record is issued.
    attend(visit, planning, agent, finding=FindingKind.RECTIFICATION, text="补充排水方案", days=3)
    attend(visit, planning, agent)
    attend(visit, housing, agent)
    corrected = (
        entries(visit, "visit.attendance_recorded").filter(after__department=planning.name).order_by("pk").last()
    )
    assert corrected.before["finding"] == "有整改要求" and corrected.after["finding"] == "无意见"
    visit_issue(visit=visit, by=agent, on=TUE)
    assert not VisitFollowUp.objects.exists()
    assert refused(attendees="王科长", finding="none") == {"visit_already_issued"}


def test_scheduling_is_checked(survey_world):
    world, agent, (planning, *_rest) = survey_world

    def refused(**kwargs) -> set[str]:
        values = {
            "project": world.own_project,
            "kind": "survey",
            "visit_on": TUE,
            "visit_time": dt.time(9),
            "place": "地块",
            "departments": [planning],
            "by": agent,
            "on": MON,
            **kwargs,
        }
        with pytest.raises(ValidationError) as error:
            visit_schedule(**values)
        return codes(error.value)

    assert refused(departments=[]) == {"visit_no_departments"}
    assert refused(place="  ") == {"visit_place_required"}
    assert refused(visit_on=MON - dt.timedelta(days=3)) == {"visit_before_scheduled"}
    assert refused(visit_on=MON + dt.timedelta(days=5)) == {"visit_not_working_day"}  # a Saturday
    assert refused(on=timezone.localdate() + dt.timedelta(days=1)) == {"date_in_future"}
    with pytest.raises(PermissionDenied):
        schedule(world.own_project, world.users["agent2"], [planning])
    with pytest.raises(PermissionDenied):
        schedule(world.own_project, world.users["enterprise1"], [planning])


def test_record_numbers_run_per_kind_and_year(survey_world):
    world, agent, (planning, *_rest) = survey_world
    numbers = []
    for kind in ("survey", "survey", "acceptance"):
        visit = schedule(world.own_project, agent, [planning], kind=kind)
        visit_attendance_record(visit=visit, department=planning, attended=False, by=agent, on=TUE)
        numbers.append(visit_issue(visit=visit, by=agent, on=TUE).record_no)
    assert numbers == ["LK-2026-00001", "LK-2026-00002", "LY-2026-00001"]


@pytest.fixture
def acceptance_milestone(world):
    """What an administrator adds in the admin: a milestone the joint acceptance finishes
    (started when the project is filed); the seeded 3550 mapping is left alone."""
    definition = MilestoneDefinition.objects.create(
        code="completion_acceptance", name="竣工联合验收", target_working_days=20, order=60
    )
    MilestoneTrigger.objects.create(definition=definition, move=MilestoneMove.START, event=MilestoneEvent.PROJECT_FILED)
    MilestoneTrigger.objects.create(
        definition=definition, move=MilestoneMove.FINISH, event=MilestoneEvent.JOINT_ACCEPTANCE_PASSED
    )
    project_milestones_ensure(project=world.own_project)
    return definition


def test_a_passed_joint_acceptance_finishes_the_milestone_its_trigger_names(world, acceptance_milestone):
    agent = world.users["agent1"]
    project = ProjectFactory(enterprise=world.own_project.enterprise, agent=agent.agent_profile)
    planning, housing = project_with_needs(project, agent, names=("规划局", "住建局"))
    project_event_record(project=project, event=MilestoneEvent.PROJECT_FILED, on=MON, by=agent)
    milestone = project.milestones.get(definition=acceptance_milestone)
    assert milestone.state == MilestoneState.RUNNING

    visit = schedule(project, agent, [planning, housing], kind=JointVisitKind.ACCEPTANCE, visit_on=WED)
    attend(visit, planning, agent, on=WED, finding=FindingKind.RECTIFICATION, text="补设无障碍坡道", days=5)
    attend(visit, housing, agent, on=WED)
    visit = visit_issue(visit=visit, by=agent, on=THU)
    # A rectification is open: issued, not yet passed; the milestone still runs.
    milestone.refresh_from_db()
    assert visit.state == JointVisitState.ISSUED and milestone.state == MilestoneState.RUNNING

    follow_up = visit.follow_ups.get()
    follow_up_close(follow_up=follow_up, note="坡道已建成，住建局现场确认", by=agent, on=FRI)
    visit.refresh_from_db()
    milestone.refresh_from_db()
    assert (visit.state, visit.passed_on) == (JointVisitState.PASSED, FRI)
    assert (milestone.state, milestone.finished_on) == (MilestoneState.COMPLETED, FRI)
    finished = entries(milestone, "milestone.finished").get()
    assert finished.effective_on == FRI and finished.actor == agent
    assert entries(visit, "visit.acceptance_passed").get().effective_on == FRI
    # The same milestone of another project is untouched.
    assert world.own_project.milestones.get(definition=acceptance_milestone).state == MilestoneState.PENDING


def test_an_acceptance_with_nothing_to_rectify_passes_when_issued(world, acceptance_milestone):
    agent = world.users["agent1"]
    project = world.own_project
    planning, housing = project_with_needs(project, agent, names=("规划局", "住建局"))
    project_event_record(project=project, event=MilestoneEvent.PROJECT_FILED, on=MON, by=agent)
    visit = schedule(project, agent, [planning, housing], kind=JointVisitKind.ACCEPTANCE)
    attend(visit, planning, agent)
    attend(visit, housing, agent)
    visit = visit_issue(visit=visit, by=agent, on=WED)
    assert (visit.state, visit.record_no, visit.passed_on) == (JointVisitState.PASSED, "LY-2026-00001", WED)
    milestone = project.milestones.get(definition=acceptance_milestone)
    assert (milestone.state, milestone.finished_on) == (MilestoneState.COMPLETED, WED)


def test_an_acceptance_a_department_missed_does_not_pass(world, acceptance_milestone):
    agent = world.users["agent1"]
    project = world.own_project
    planning, housing = project_with_needs(project, agent, names=("规划局", "住建局"))
    project_event_record(project=project, event=MilestoneEvent.PROJECT_FILED, on=MON, by=agent)
    visit = schedule(project, agent, [planning, housing], kind=JointVisitKind.ACCEPTANCE)
    attend(visit, planning, agent)
    visit_attendance_record(visit=visit, department=housing, attended=False, by=agent, on=TUE)
    visit = visit_issue(visit=visit, by=agent, on=WED)
    assert visit.state == JointVisitState.ISSUED
    assert project.milestones.get(definition=acceptance_milestone).state == MilestoneState.RUNNING


def test_a_survey_never_passes_nor_finishes_milestones(world, acceptance_milestone):
    agent = world.users["agent1"]
    project = world.own_project
    (planning,) = project_with_needs(project, agent, names=("规划局",))
    project_event_record(project=project, event=MilestoneEvent.PROJECT_FILED, on=MON, by=agent)
    visit = schedule(project, agent, [planning])
    attend(visit, planning, agent)
    assert visit_issue(visit=visit, by=agent, on=TUE).state == JointVisitState.ISSUED
    assert project.milestones.get(definition=acceptance_milestone).state == MilestoneState.RUNNING


def test_a_follow_up_pauses_and_its_deadline_moves_by_the_days_it_stood_still(survey_world):
    world, agent, (planning, *_rest) = survey_world
    visit = schedule(world.own_project, agent, [planning])
    attend(visit, planning, agent, finding=FindingKind.RECTIFICATION, text="补充地勘报告", days=5)
    follow_up = visit_issue(visit=visit, by=agent, on=TUE).follow_ups.get()
    due = follow_up.due_date
    follow_up_pause(follow_up=follow_up, cause=PauseCause.EXPERT_REVIEW, reason="专家论证", by=agent, on=WED)
    follow_up.refresh_from_db()
    assert follow_up.clock_paused() and not follow_up.clock_running()
    with pytest.raises(ValidationError) as refused:
        follow_up_pause(follow_up=follow_up, cause="hearing", reason="听证", by=agent, on=WED)
    assert codes(refused.value) == {"visit_already_paused"}
    follow_up_resume(follow_up=follow_up, by=agent, on=FRI)
    follow_up.refresh_from_db()
    assert follow_up.paused_working_days == 2 and follow_up.due_date == workdays_add(due, 2).date
    with pytest.raises(ValidationError) as refused:
        follow_up_resume(follow_up=follow_up, by=agent, on=FRI)
    assert codes(refused.value) == {"visit_not_paused"}


def test_closing_a_follow_up_is_dated_and_explained(survey_world):
    world, agent, (planning, *_rest) = survey_world
    visit = schedule(world.own_project, agent, [planning])
    attend(visit, planning, agent, finding=FindingKind.RECTIFICATION, text="补充地勘报告", days=5)
    follow_up = visit_issue(visit=visit, by=agent, on=WED).follow_ups.get()

    def refused(**kwargs) -> set[str]:
        with pytest.raises(ValidationError) as error:
            follow_up_close(**{"follow_up": follow_up, "note": "已补充", "by": agent, "on": THU, **kwargs})
        return codes(error.value)

    assert refused(note=" ") == {"visit_note_required"}
    assert refused(on=TUE) == {"date_before_previous"}
    assert refused(on=timezone.localdate() + dt.timedelta(days=1)) == {"date_in_future"}
    with pytest.raises(PermissionDenied):
        follow_up_close(follow_up=follow_up, note="已补充", by=world.users["agent2"], on=THU)
    follow_up_close(follow_up=follow_up, note="已补充", by=agent, on=THU)
    assert refused() == {"visit_follow_up_closed"}


def test_departments_of_another_zone_are_not_offered(survey_world):
    from projects.visits.selectors import visit_department_choices

    world, _agent, departments = survey_world
    elsewhere = DepartmentFactory(name="外区审批局", zone=world.other_project.zone)
    offered = set(visit_department_choices(world.own_project))
    assert set(departments) <= offered and elsewhere not in offered
    other = ProjectFactory(enterprise=EnterpriseFactory(zone=world.other_project.zone))
    assert elsewhere in set(visit_department_choices(other))


def test_a_holiday_declared_inside_a_follow_ups_span_moves_its_deadline(survey_world):
    """The follow-up is a registered clock: a calendar change recomputes it, audited,
    and its supervision row follows."""
    from crm.calendar.recompute import clock_recompute
    from crm.calendar.services import calendar_day_set

    world, agent, (planning, *_rest) = survey_world
    visit = schedule(world.own_project, agent, [planning])
    attend(visit, planning, agent, finding=FindingKind.RECTIFICATION, text="补充地勘报告", days=5)
    follow_up = visit_issue(visit=visit, by=agent, on=TUE).follow_ups.get()
    due = follow_up.due_date
    calendar_day_set(date=THU, kind="holiday", name="临时调整")
    clock_recompute(years=[2026])
    follow_up.refresh_from_db()
    assert follow_up.due_date == workdays_add(due, 1).date
    recomputed = entries(follow_up, "visitfollowup.deadline_recomputed").get()
    assert recomputed.after["due_date"] == f"{follow_up.due_date:%Y-%m-%d}"
    deadline = Deadline.objects.get(
        subject_type=ContentType.objects.get_for_model(VisitFollowUp), subject_id=follow_up.pk
    )
    assert deadline.due_date == follow_up.due_date


def test_a_follow_up_paused_past_its_due_day_is_not_shown_overdue(survey_world):
    from projects.visits.selectors import follow_ups_judged

    world, agent, (planning, *_rest) = survey_world
    visit = schedule(world.own_project, agent, [planning])
    attend(visit, planning, agent, finding=FindingKind.RECTIFICATION, text="补充地勘报告", days=1)
    follow_up = visit_issue(visit=visit, by=agent, on=TUE).follow_ups.get()
    late = workdays_add(follow_up.due_date, 3).date
    (running,) = follow_ups_judged(visit.follow_ups.prefetch_related("pauses"), late)
    assert running.overdue_days == 3
    follow_up_pause(follow_up=follow_up, cause=PauseCause.EXPERT_REVIEW, reason="专家论证", by=agent, on=WED)
    (paused,) = follow_ups_judged(visit.follow_ups.prefetch_related("pauses"), late)
    assert paused.overdue_days == 0 and paused.level == "paused"
    assert (paused.wait.cause, paused.wait.reason) == (PauseCause.EXPERT_REVIEW, "专家论证")
