"""Milestones follow the work: the triggers of a definition (data) say which item,
drawing-review or assessment events start and finish it; the item's own service moves
the milestone in its transaction, audited; a return pauses it with the same reason."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from crm.audit.models import AuditEntry
from crm.calendar.workdays import workdays_add
from projects.cases.services import (
    case_authorise,
    case_items_choose,
    case_open,
    case_project_link,
    item_accept,
    item_approve,
    item_corrected,
    item_deliver,
    item_pass_prereview,
    item_request_correction,
    item_resubmit,
    item_return,
    item_start_review,
    item_submit,
)
from projects.investment.forms import event_choices
from projects.investment.services import milestone_pause, project_event_record
from projects.models import MilestoneDefinition, MilestoneState, MilestoneTrigger, PauseCause
from projects.seed import milestone_triggers_seed
from tests.factories import ApprovalItemFactory, EnterpriseFactory, ProjectFactory

pytestmark = pytest.mark.django_db

MON = dt.date(2026, 3, 2)


def day(n: int) -> dt.date:
    return workdays_add(MON, n).date if n else MON


@pytest.fixture
def catalogue():
    """The catalogue items the seeded triggers name, then the triggers linked to them."""
    items = {
        name: ApprovalItemFactory(name=name, committed_days=days, kind=kind)
        for name, days, kind in [
            ("企业设立登记", 1, "committed"),
            ("国有建设用地使用权首次登记", 5, "committed"),
            ("企业投资项目备案", 0, "immediate"),
            ("建筑工程施工许可证核发", 7, "committed"),
        ]
    }
    assert milestone_triggers_seed() == 6
    return items


@pytest.fixture
def new_enterprise_case(world, catalogue):
    """agent1's authorised case for a project of an enterprise still being registered
    (so it has the registration milestone), with 企业设立登记 chosen and pre-reviewed."""
    agent1 = world.users["agent1"]
    enterprise = EnterpriseFactory(zone=world.own_project.zone, credit_code="")
    project = ProjectFactory(enterprise=enterprise, agent=agent1.agent_profile)
    case = case_open(
        enterprise=enterprise, agent=agent1.agent_profile, channel="visit", summary="新设立", by=agent1, on=MON
    )
    case_project_link(case=case, project=project, by=agent1)
    case_authorise(case=case, signed_on=MON, signatory="张三", scope="企业开办", by=agent1)
    return case


def _item(case, name, by):
    from projects.models import ApprovalItem

    (item,) = case_items_choose(case=case, approval_items=[ApprovalItem.objects.get(name=name)], by=by)
    item_pass_prereview(item=item, by=by, on=MON)
    item_submit(item=item, by=by, on=MON)
    return item


def _milestone(case, code):
    return case.project.milestones.get(definition__code=code)


def _entries(milestone, event):
    return AuditEntry.objects.filter(subject_id=str(milestone.pk), event=event, subject_type__model="milestone")


def test_registration_starts_at_acceptance_and_finishes_at_the_decision(world, new_enterprise_case):
    agent1 = world.users["agent1"]
    item = _item(new_enterprise_case, "企业设立登记", agent1)

    item_accept(item=item, acceptance_no="SL-1", by=agent1, on=day(1))
    milestone = _milestone(new_enterprise_case, "registration")
    assert (milestone.state, milestone.started_on) == (MilestoneState.RUNNING, day(1))
    assert milestone.due_date == day(4)  # 3 working days after the start day
    (started,) = _entries(milestone, "milestone.started")
    assert (started.effective_on, started.actor) == (day(1), agent1)

    item_start_review(item=item, by=agent1, on=day(1))
    item_approve(item=item, decision_no="JY-1", by=agent1, on=day(2))
    milestone.refresh_from_db()
    assert (milestone.state, milestone.finished_on, milestone.outcome) == (MilestoneState.COMPLETED, day(2), "on_time")
    (finished,) = _entries(milestone, "milestone.finished")
    assert (finished.effective_on, finished.actor) == (day(2), agent1)

    item_deliver(item=item, method="push", trips=0, by=agent1, on=day(2))  # no trigger: nothing more moves
    assert _entries(milestone, "milestone.finished").count() == 1


def test_a_return_pauses_the_milestone_with_the_same_reason_and_the_resubmission_resumes_it(world, new_enterprise_case):
    agent1 = world.users["agent1"]
    item = _item(new_enterprise_case, "企业设立登记", agent1)
    item_accept(item=item, acceptance_no="SL-1", by=agent1, on=day(1))
    item_start_review(item=item, by=agent1, on=day(1))

    item_return(item=item, reason="公司章程缺股东签字", by=agent1, on=day(2))
    milestone = _milestone(new_enterprise_case, "registration")
    assert milestone.state == MilestoneState.PAUSED
    pause = milestone.pauses.get()
    assert (pause.cause, pause.paused_on, pause.source) == (PauseCause.CORRECTION, day(2), f"item:{item.pk}")
    assert pause.reason == "企业设立登记：公司章程缺股东签字"
    (paused,) = _entries(milestone, "milestone.paused")
    assert paused.reason == pause.reason and paused.effective_on == day(2)

    item_resubmit(item=item, by=agent1, on=day(5))
    milestone.refresh_from_db()
    assert milestone.state == MilestoneState.RUNNING
    assert milestone.paused_working_days == 3
    assert milestone.due_date == day(7)  # moved by the 3 working days the enterprise corrected


def test_a_pause_made_by_hand_is_not_ended_by_the_item(world, new_enterprise_case):
    agent1 = world.users["agent1"]
    item = _item(new_enterprise_case, "企业设立登记", agent1)
    item_accept(item=item, acceptance_no="SL-1", by=agent1, on=day(1))
    item_start_review(item=item, by=agent1, on=day(1))
    milestone = _milestone(new_enterprise_case, "registration")
    milestone_pause(milestone=milestone, cause=PauseCause.EXPERT_REVIEW, reason="专家论证", by=agent1, on=day(2))

    item_return(item=item, reason="补充材料", by=agent1, on=day(2))  # already paused: no second pause
    item_resubmit(item=item, by=agent1, on=day(3))
    milestone.refresh_from_db()
    assert milestone.state == MilestoneState.PAUSED
    assert milestone.pauses.count() == 1


def test_a_pre_review_correction_pauses_a_milestone_the_item_would_finish(world, catalogue):
    agent1 = world.users["agent1"]
    project = world.own_project
    case = case_open(
        enterprise=project.enterprise,
        agent=agent1.agent_profile,
        channel="visit",
        summary="施工许可",
        by=agent1,
        on=MON,
    )
    case_project_link(case=case, project=project, by=agent1)
    case_authorise(case=case, signed_on=MON, signatory="张三", scope="施工许可", by=agent1)

    filing = _item(case, "企业投资项目备案", agent1)
    item_accept(item=filing, acceptance_no="BA-1", by=agent1, on=MON)
    item_start_review(item=filing, by=agent1, on=MON)
    item_approve(item=filing, decision_no="BA-1", by=agent1, on=day(1))
    permit_milestone = _milestone(case, "construction_permit")
    assert (permit_milestone.state, permit_milestone.started_on) == (MilestoneState.RUNNING, day(1))

    (permit,) = case_items_choose(case=case, approval_items=[catalogue["建筑工程施工许可证核发"]], by=agent1)
    item_request_correction(item=permit, reason="缺施工合同", by=agent1, on=day(10))
    permit_milestone.refresh_from_db()
    assert permit_milestone.state == MilestoneState.PAUSED
    item_corrected(item=permit, by=agent1, on=day(12))
    permit_milestone.refresh_from_db()
    assert (permit_milestone.state, permit_milestone.paused_working_days) == (MilestoneState.RUNNING, 2)

    item_pass_prereview(item=permit, by=agent1, on=day(12))
    item_submit(item=permit, by=agent1, on=day(12))
    item_accept(item=permit, acceptance_no="SG-1", by=agent1, on=day(13))
    item_start_review(item=permit, by=agent1, on=day(13))
    item_approve(item=permit, decision_no="SG-1", by=agent1, on=day(20))
    permit_milestone.refresh_from_db()
    assert (permit_milestone.state, permit_milestone.finished_on) == (MilestoneState.COMPLETED, day(20))


def test_an_item_no_trigger_names_and_a_case_without_project_move_nothing(world, new_enterprise_case, own_case):
    agent1 = world.users["agent1"]
    other = ApprovalItemFactory(name="其他事项")
    (item,) = case_items_choose(case=new_enterprise_case, approval_items=[other], by=agent1)
    item_pass_prereview(item=item, by=agent1, on=MON)
    item_submit(item=item, by=agent1, on=MON)
    item_accept(item=item, acceptance_no="X-1", by=agent1, on=MON)
    assert not new_enterprise_case.project.milestones.exclude(state=MilestoneState.PENDING).exists()

    assert own_case.project is None  # the item of a case with no project: nothing to move, no error
    case_authorise(case=own_case, signed_on=MON, signatory="李四", scope="咨询", by=agent1)
    (lone,) = own_case.items.all()
    item_pass_prereview(item=lone, by=agent1, on=MON)
    item_submit(item=lone, by=agent1, on=MON)
    item_accept(item=lone, acceptance_no="X-2", by=agent1, on=MON)


def test_a_trigger_an_administrator_adds_is_followed(world, new_enterprise_case):
    """A new rule is data: the registration milestone also finishes when the seal
    filing is delivered, once an administrator says so."""
    agent1 = world.users["agent1"]
    seal = ApprovalItemFactory(name="公章刻制备案", committed_days=1)
    definition = MilestoneDefinition.objects.get(code="registration")
    definition.triggers.filter(move="finish").delete()
    MilestoneTrigger.objects.create(definition=definition, move="finish", event="item_delivered", approval_item=seal)

    registration = _item(new_enterprise_case, "企业设立登记", agent1)
    item_accept(item=registration, acceptance_no="SL-1", by=agent1, on=day(1))
    item_start_review(item=registration, by=agent1, on=day(1))
    item_approve(item=registration, decision_no="JY-1", by=agent1, on=day(1))
    milestone = _milestone(new_enterprise_case, "registration")
    assert milestone.state == MilestoneState.RUNNING  # the decision no longer finishes it

    (item,) = case_items_choose(case=new_enterprise_case, approval_items=[seal], by=agent1)
    for step in (item_pass_prereview, item_submit):
        step(item=item, by=agent1, on=day(2))
    item_accept(item=item, acceptance_no="GZ-1", by=agent1, on=day(2))
    item_start_review(item=item, by=agent1, on=day(2))
    item_approve(item=item, decision_no="GZ-1", by=agent1, on=day(2))
    item_deliver(item=item, method="agent", trips=0, by=agent1, on=day(3))
    milestone.refresh_from_db()
    assert (milestone.state, milestone.finished_on) == (MilestoneState.COMPLETED, day(3))


def test_a_milestone_that_refuses_the_move_rolls_the_item_back(world, new_enterprise_case):
    """One transaction: the decision dated before the milestone's start (recorded by
    hand later) is refused, the item stays in review, and the message says why."""
    agent1 = world.users["agent1"]
    project = new_enterprise_case.project
    project_event_record(project=project, event="registration_accepted", by=agent1, on=day(3))
    item = _item(new_enterprise_case, "企业设立登记", agent1)
    item_accept(item=item, acceptance_no="SL-1", by=agent1, on=day(1))  # already running: not restarted
    item_start_review(item=item, by=agent1, on=day(1))
    with pytest.raises(ValidationError) as refused:
        item_approve(item=item, decision_no="JY-1", by=agent1, on=day(2))
    assert "起算日" in " ".join(refused.value.messages)
    item.refresh_from_db()
    assert item.state == "in_review" and not item.decision_no
    assert _milestone(new_enterprise_case, "registration").state == MilestoneState.RUNNING


def test_events_by_hand_exclude_item_events_and_name_the_milestones_they_move(world, catalogue):
    agent1 = world.users["agent1"]
    choices = dict(event_choices(world.own_project))
    assert "item_accepted" not in choices
    assert choices["drawings_accepted"] == "施工图联审受理 → 开始“施工图多图联审”"
    assert choices["project_filed"] == "项目备案（核准）完成 → 开始“工业项目施工许可”"
    assert "不影响本项目里程碑" in choices["registration_accepted"]  # own project's enterprise is registered
    with pytest.raises(ValidationError) as refused:
        project_event_record(project=world.own_project, event="item_approved", by=agent1, on=MON)
    assert refused.value.code == "item_event_by_hand"


# -- real dates --------------------------------------------------------------------------------


def test_a_step_cannot_come_before_the_previous_one_nor_after_today(world, new_enterprise_case):
    agent1 = world.users["agent1"]
    item = _item(new_enterprise_case, "企业设立登记", agent1)
    item_accept(item=item, acceptance_no="SL-1", by=agent1, on=day(2))
    with pytest.raises(ValidationError) as refused:
        item_start_review(item=item, by=agent1, on=day(1))
    assert refused.value.messages == [f"日期不能早于上一环节的日期（{day(2):%Y-%m-%d}）"]
    with pytest.raises(ValidationError) as refused:
        item_start_review(item=item, by=agent1, on=timezone.localdate() + dt.timedelta(days=1))
    assert refused.value.code == "date_in_future"
    item.refresh_from_db()
    assert item.state == "accepted"
    item_start_review(item=item, by=agent1, on=day(2))  # the same day is fine


def test_a_late_entry_keeps_both_days_and_the_timeline_says_so(client, world, new_enterprise_case):
    agent1 = world.users["agent1"]
    item = _item(new_enterprise_case, "企业设立登记", agent1)
    friday = timezone.localdate() - dt.timedelta(days=(timezone.localdate().weekday() - 4) % 7 or 7)
    item_accept(item=item, acceptance_no="SL-9", by=agent1, on=friday)
    entry = AuditEntry.objects.get(event="item.accepted", subject_id=str(item.pk))
    assert entry.effective_on == friday
    assert timezone.localtime(entry.at).date() == timezone.localdate()
    assert entry.recorded_late_days == (timezone.localdate() - friday).days

    client.force_login(agent1)
    page = client.get(reverse("projects:case_detail", args=[new_enterprise_case.pk])).content.decode()
    assert f"补录 · 晚{entry.recorded_late_days}天登记" in page
    project_page = client.get(
        reverse("projects:project_detail", args=[new_enterprise_case.project.pk])
    ).content.decode()
    assert "补录" in project_page  # the milestone started that Friday, recorded today
