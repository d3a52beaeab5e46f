"""The proxy-service case and its items, through the services every page and API uses."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from crm.accounts.roles import Role
from crm.audit.models import AuditEntry
from crm.calendar.workdays import workdays_add
from projects.cases.actions import ITEM_ACTIONS, item_action_perform
from projects.cases.services import (
    case_authorise,
    case_close,
    case_contact_record,
    case_items_choose,
    case_open,
    case_project_link,
    case_reassign,
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
    item_verify,
)
from projects.models import (
    CaseState,
    ItemState,
    ProjectItem,
    staff_on_case,
)
from tests.factories import (
    MON,
    ApprovalItemFactory,
    EnterpriseFactory,
    ProjectFactory,
    ProxyAgentFactory,
    SupervisorFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(agent):
    return case_open(
        enterprise=EnterpriseFactory(),
        agent=agent,
        channel="phone",
        summary="新建厂房，咨询施工许可",
        on=MON,
        by=agent.user,
    )


@pytest.fixture
def item(case, agent):
    (created,) = case_items_choose(
        case=case, approval_items=[ApprovalItemFactory(code="320903-XK-0100", committed_days=10)], by=agent.user
    )
    return created


def test_first_contact_opens_a_case_owned_by_that_agent(case, agent):
    assert case.agent == agent and case.state == CaseState.INTAKE
    assert case.number == f"DB2026{case.pk:06d}"
    assert case.contacts.get().summary == "新建厂房，咨询施工许可"
    entry = AuditEntry.objects.get(event="case.opened", subject_id=str(case.pk))
    assert entry.actor == agent.user and entry.effective_on == MON


def test_only_case_staff_may_act(case, agent, centre):
    colleague = ProxyAgentFactory(centre=centre)
    supervisor = SupervisorFactory(centre=centre)
    other_supervisor = SupervisorFactory()
    admin = UserFactory(roles=[Role.ADMINISTRATOR])
    enterprise_user = UserFactory(roles=[Role.ENTERPRISE])
    assert staff_on_case(case, agent.user) and staff_on_case(case, supervisor.user) and staff_on_case(case, admin)
    for outsider in (colleague.user, other_supervisor.user, enterprise_user):
        assert not staff_on_case(case, outsider)
        with pytest.raises(PermissionDenied):
            case_contact_record(case=case, channel="visit", summary="越权", by=outsider)


def test_reassignment_by_supervisor_with_reason_only(case, agent, centre):
    colleague = ProxyAgentFactory(centre=centre)
    supervisor = SupervisorFactory(centre=centre)
    with pytest.raises(PermissionDenied):
        case_reassign(case=case, to=colleague, reason="我想交给同事", by=agent.user)
    with pytest.raises(ValidationError) as caught:
        case_reassign(case=case, to=colleague, reason=" ", by=supervisor.user)
    assert caught.value.code == "reassign_reason_required"
    with pytest.raises(ValidationError) as caught:
        case_reassign(case=case, to=ProxyAgentFactory(), reason="调整", by=supervisor.user)
    assert caught.value.code == "agent_other_centre"
    case_reassign(case=case, to=colleague, reason="原代办员休假", by=supervisor.user)
    case.refresh_from_db()
    assert case.agent == colleague
    entry = AuditEntry.objects.get(event="case.reassigned", subject_id=str(case.pk))
    assert (
        entry.reason == "原代办员休假"
        and entry.before["agent"] == str(agent)
        and entry.after["agent"] == str(colleague)
    )
    assert not staff_on_case(case, agent.user)


def test_items_chosen_once_with_their_committed_days(case, agent):
    first, second = (
        ApprovalItemFactory(code="A-1", committed_days=10),
        ApprovalItemFactory(code="A-2", statutory_days=10, committed_days=3),
    )
    created = case_items_choose(case=case, approval_items=[first, second], by=agent.user)
    again = case_items_choose(case=case, approval_items=[first], by=agent.user)
    assert len(created) == 2 and again == []
    assert sorted(case.items.values_list("committed_days", flat=True)) == [3, 10]


def test_commitment_only_where_the_catalogue_allows_it(case, agent):
    plain = ApprovalItemFactory(code="B-1", committed_days=10)
    with pytest.raises(ValidationError):
        case_items_choose(case=case, approval_items=[plain], by_commitment=[plain.pk], by=agent.user)
    assert not case.items.exists()


def test_the_whole_path_of_an_item(case, item, agent):
    by = agent.user
    item_request_correction(item=item, reason="营业执照副本不清晰", on=MON, by=by)
    assert item.state == ItemState.CORRECTING
    item_corrected(item=item, on=dt.date(2026, 3, 4), by=by)
    pause = item.pauses.get()
    assert (pause.before_acceptance, pause.working_days) == (True, 2)
    assert item.due_date is None  # the enterprise's time: no department deadline yet
    item_pass_prereview(item=item, on=dt.date(2026, 3, 4), by=by)

    with pytest.raises(ValidationError) as caught:
        item_submit(item=item, on=dt.date(2026, 3, 4), by=by)
    assert caught.value.code == "not_authorised"

    case_authorise(case=case, signed_on=dt.date(2026, 3, 4), signatory="张总", scope="施工许可全流程代办", by=by)
    item_submit(item=item, on=dt.date(2026, 3, 5), by=by)
    item_accept(item=item, acceptance_no="YD-2026-0305-001", on=dt.date(2026, 3, 5), by=by)
    assert item.due_date == workdays_add(dt.date(2026, 3, 5), 10).date
    item_start_review(item=item, on=dt.date(2026, 3, 6), by=by)
    item_return(item=item, reason="消防设计专篇需补充", on=dt.date(2026, 3, 9), by=by)
    assert item.state == ItemState.RETURNED
    item_resubmit(item=item, on=dt.date(2026, 3, 12), by=by)
    assert item.paused_working_days == 3
    assert item.due_date == workdays_add(dt.date(2026, 3, 5), 13).date
    item_approve(item=item, decision_no="盐都建许〔2026〕12号", on=dt.date(2026, 3, 16), by=by)

    with pytest.raises(ValidationError) as caught:
        item_deliver(item=item, method="express", trips=0, carrier="EMS", tracking_no="", by=by)
    assert caught.value.code == "tracking_required"
    with pytest.raises(ValidationError):
        item_deliver(item=item, method="agent", trips=2, by=by)
    item_deliver(
        item=item, method="express", trips=0, carrier="EMS", tracking_no="1100123456789", on=dt.date(2026, 3, 17), by=by
    )
    assert (item.state, item.trips, item.tracking_no) == (ItemState.DELIVERED, 0, "1100123456789")

    case_close(case=case, on=dt.date(2026, 3, 17), by=by)
    assert case.state == CaseState.CLOSED
    events = list(
        AuditEntry.objects.filter(subject_id=str(item.pk), subject_type__model="projectitem")
        .order_by("id")
        .values_list("event", flat=True)
    )
    assert events == [
        "item.chosen",
        "item.correction_requested",
        "item.corrected",
        "item.prereview_passed",
        "item.submitted",
        "item.accepted",
        "item.review_started",
        "item.returned",
        "item.resubmitted",
        "item.approved",
        "item.delivered",
    ]


def test_case_cannot_close_with_open_items(case, item, agent):
    case_authorise(case=case, signed_on=MON, signatory="张总", scope="代办", by=agent.user)
    with pytest.raises(ValidationError) as caught:
        case_close(case=case, by=agent.user)
    assert caught.value.code == "open_items" and item.approval_item.name in caught.value.messages[0]


def test_illegal_item_transition_names_what_is_allowed(item, agent):
    with pytest.raises(ValidationError) as caught:
        item_accept(item=item, acceptance_no="X-1", on=MON, by=agent.user)
    message = caught.value.messages[0]
    assert "材料准备" in message and "部门受理" in message
    assert "要求补正" in message and "预审通过" in message


def test_item_transition_needs_permission(item):
    with pytest.raises(PermissionDenied):
        item_pass_prereview(item=item, on=MON, by=ProxyAgentFactory().user)
    item.refresh_from_db()
    assert item.state == ItemState.PREPARING


def test_commitment_item_gets_a_verification_deadline(case, agent, settings):
    settings.COMMITMENT_VERIFICATION_WORKING_DAYS = 20
    by = agent.user
    committed = ApprovalItemFactory(code="C-1", committed_days=10, notification_commitment=True)
    (item,) = case_items_choose(case=case, approval_items=[committed], by_commitment=[committed.pk], by=by)
    case_authorise(case=case, signed_on=MON, signatory="张总", scope="代办", by=by)
    for step in (item_pass_prereview, item_submit):
        step(item=item, on=MON, by=by)
    item_accept(item=item, acceptance_no="A-1", on=MON, by=by)
    item_start_review(item=item, on=MON, by=by)
    item_approve(item=item, decision_no="承诺制〔2026〕1号", on=MON, by=by)
    assert item.verification_due == workdays_add(MON, 20).date
    # supervised like any deadline: the agent is warned before the verification is due
    from crm.models import Deadline

    deadlines = {
        d.facet: d for d in Deadline.objects.filter(subject_id=item.pk, kind_label__in=["审批事项", "承诺核查"])
    }
    assert deadlines[""].state == "closed"  # decided within its committed time
    verification = deadlines["verification"]
    assert (verification.state, verification.due_date, verification.owner) == ("open", item.verification_due, by)
    item_verify(item=item, on=dt.date(2026, 3, 20), by=by, note="现场核查属实")
    verification.refresh_from_db()
    assert verification.state == "closed"
    with pytest.raises(ValidationError) as caught:
        item_verify(item=item, by=by)
    assert caught.value.code == "already_verified"


def test_stale_item_copy_is_refused(item, agent):
    stale = ProjectItem.objects.get(pk=item.pk)
    item_pass_prereview(item=item, on=MON, by=agent.user)
    with pytest.raises(ValidationError) as caught:
        item_request_correction(item=stale, reason="补正", on=MON, by=agent.user)
    assert caught.value.code == "concurrent_change"
    assert not item.pauses.exists()


def test_project_link_must_be_the_same_enterprise(case, agent):
    with pytest.raises(ValidationError):
        case_project_link(case=case, project=ProjectFactory(), by=agent.user)
    project = ProjectFactory(enterprise=case.enterprise, zone=agent.centre.zone)
    case_project_link(case=case, project=project, by=agent.user)
    assert case.project == project


@pytest.mark.parametrize("action", sorted(ITEM_ACTIONS))
def test_every_item_action_refuses_outsiders(item, agent, action):
    outsider = ProxyAgentFactory().user  # an agent of another centre
    with pytest.raises(PermissionDenied):
        item_action_perform(
            item=item,
            action=action,
            on=MON,
            by=outsider,
            reason="x",
            acceptance_no="x",
            decision_no="x",
            note="x",
            method="agent",
            trips=0,
        )
    item.refresh_from_db()
    assert (
        item.state == ItemState.PREPARING
        and not AuditEntry.objects.filter(subject_id=str(item.pk), event__startswith="item.", actor=outsider).exists()
    )


def test_every_item_transition_is_reachable_by_the_case_agent(case, item, agent):
    """Each transition, by the case's own agent, through the table every caller uses."""
    by = agent.user
    case_authorise(case=case, signed_on=MON, signatory="张总", scope="代办", by=by)
    seen = []
    for action, fields in [
        ("request_correction", {"reason": "补正"}),
        ("corrected", {}),
        ("pass_prereview", {}),
        ("submit", {}),
        ("accept", {"acceptance_no": "A"}),
        ("start_review", {}),
        ("return_for_correction", {"reason": "退回"}),
        ("resubmit", {}),
        ("reject", {"decision_no": "D", "note": "不符合条件"}),
        ("deliver", {"method": "push", "trips": 0}),
    ]:
        item_action_perform(item=item, action=action, on=MON, by=by, **fields)
        seen.append(item.state)
    assert seen[-1] == ItemState.DELIVERED and ItemState.REJECTED in seen


def test_case_cannot_close_before_its_last_delivery(case, item, agent):
    by = agent.user
    case_authorise(case=case, signed_on=MON, signatory="张总", scope="代办", by=by)
    for action, fields in [
        ("pass_prereview", {}),
        ("submit", {}),
        ("accept", {"acceptance_no": "A"}),
        ("start_review", {}),
        ("approve", {"decision_no": "D"}),
        ("deliver", {"method": "push", "trips": 0}),
    ]:
        item_action_perform(item=item, action=action, on=dt.date(2026, 3, 10), by=by, **fields)
    with pytest.raises(ValidationError) as caught:
        case_close(case=case, on=dt.date(2026, 3, 9), by=by)
    assert caught.value.code == "close_before_delivery"
    case_close(case=case, on=dt.date(2026, 3, 10), by=by)
    assert case.state == CaseState.CLOSED


def test_pre_review_keeps_the_items_reusable_materials_on_file(case, item, agent):
    from projects.models import EnterpriseMaterial, Material, MaterialRequirement

    licence = Material.objects.create(name="营业执照", reusable=True)
    form = Material.objects.create(name="申请表", reusable=False)
    MaterialRequirement.objects.create(item=item.approval_item, material=licence)
    MaterialRequirement.objects.create(item=item.approval_item, material=form, order=2)
    item_pass_prereview(item=item, on=MON, by=agent.user)
    held = EnterpriseMaterial.objects.filter(enterprise=case.enterprise)
    assert list(held.values_list("material__name", flat=True)) == ["营业执照"]
    assert held.get().received_on == MON and case.number in held.get().note


def test_a_request_from_the_public_site_opens_a_case_for_the_chosen_agent(agent):
    from crm.notifications.models import Notification
    from projects.cases.services import case_open_from_site
    from projects.models import Enterprise

    case = case_open_from_site(
        agent=agent, enterprise_name="盐城新材料有限公司", contact_name="钱经理", phone="13905150000", plan="新建厂房"
    )
    assert case.agent == agent and case.state == CaseState.INTAKE and case.first_contact_channel == "online"
    enterprise = case.enterprise
    assert enterprise.zone == agent.centre.zone and enterprise.assigned_agent == agent
    assert list(enterprise.contacts.values_list("name", "phone")) == [("钱经理", "13905150000")]
    contact = case.contacts.get()
    assert contact.summary == "新建厂房" and contact.recorded_by == agent.user
    entry = AuditEntry.objects.get(event="case.opened", subject_id=str(case.pk))
    assert entry.actor is None and "钱经理（13905150000）" in entry.reason
    assert AuditEntry.objects.filter(event="enterprise.registered", subject_id=str(enterprise.pk)).exists()
    note = Notification.objects.get(recipient=agent.user)
    assert note.url == f"/projects/cases/{case.pk}/" and "盐城新材料有限公司" in note.title

    # An enterprise already known by that name gets the case; the visitor is not made its contact.
    known = EnterpriseFactory(name="盐城老牌机械有限公司")
    again = case_open_from_site(
        agent=agent, enterprise_name="盐城老牌机械有限公司", contact_name="冒名者", phone="13905150001", plan="扩建"
    )
    assert again.enterprise == known and not known.contacts.filter(name="冒名者").exists()
    assert Enterprise.objects.filter(name="盐城老牌机械有限公司").count() == 1


def test_the_public_site_cannot_open_a_case_for_an_agent_out_of_post(agent):
    from projects.cases.services import case_open_from_site

    agent.is_active = False
    agent.save()
    with pytest.raises(ValidationError) as caught:
        case_open_from_site(agent=agent, enterprise_name="某公司", contact_name="王", phone="13905150000", plan="咨询")
    assert caught.value.code == "agent_inactive"
    agent.is_active = True
    with pytest.raises(ValidationError) as caught:
        case_open_from_site(agent=agent, enterprise_name="某公司", contact_name="王", phone="13905150000", plan=" ")
    assert caught.value.code == "summary_required"
