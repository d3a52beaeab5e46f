"""What each item transition causes besides its own row, in its transaction and after:
the item's deadline rows, the notification rows and the pages told to refresh."""

import datetime as dt

import pytest
from django.conf import settings

from crm.accounts.roles import Role
from crm.calendar.workdays import workdays_add
from crm.live.services import case_group, enterprise_group, user_group
from crm.models import DeadlineState, NotificationKind
from projects.cases.services import (
    case_authorise,
    case_items_choose,
    case_open,
    item_accept,
    item_approve,
    item_corrected,
    item_deliver,
    item_pass_prereview,
    item_reject,
    item_request_correction,
    item_resubmit,
    item_return,
    item_start_review,
    item_submit,
    item_verify,
)
from projects.models import EnterpriseContact
from tests.factories import ApprovalItemFactory, EnterpriseFactory, ProxyAgentFactory, ServiceCentreFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

MON = dt.date(2026, 3, 2)


def day(n: int) -> dt.date:
    """The n-th working day after MON."""
    return workdays_add(MON, n).date if n else MON


# The item's way through its machine, in order: transition → the service call (who
# acts: "agent" or "supervisor"), on the item approved on a written commitment.
STEPS = {
    "request_correction": (
        "agent",
        lambda item, by: item_request_correction(item=item, reason="缺营业执照", by=by, on=day(0)),
    ),
    "corrected": ("supervisor", lambda item, by: item_corrected(item=item, by=by, on=day(1))),
    "pass_prereview": ("agent", lambda item, by: item_pass_prereview(item=item, by=by, on=day(1))),
    "submit": ("agent", lambda item, by: item_submit(item=item, by=by, on=day(2))),
    "accept": ("agent", lambda item, by: item_accept(item=item, acceptance_no="SL-001", by=by, on=day(3))),
    "start_review": ("agent", lambda item, by: item_start_review(item=item, by=by, on=day(4))),
    "return_for_correction": ("agent", lambda item, by: item_return(item=item, reason="补充图纸", by=by, on=day(5))),
    "resubmit": ("agent", lambda item, by: item_resubmit(item=item, by=by, on=day(7))),
    "approve": ("agent", lambda item, by: item_approve(item=item, decision_no="XK-001", by=by, on=day(8))),
    "deliver": ("agent", lambda item, by: item_deliver(item=item, method="push", trips=0, by=by, on=day(9))),
    "verify": ("agent", lambda item, by: item_verify(item=item, by=by, on=day(10))),
}

OPEN, PAUSED, CLOSED = DeadlineState.OPEN, DeadlineState.PAUSED, DeadlineState.CLOSED


def expected() -> dict:
    """transition → (event, the item's deadline rows afterwards, the notification: who
    gets it, its kind and its message, or None)."""
    due = workdays_add(day(3), 10).date  # accepted on day 3: the committed 10 working days
    due_after_return = workdays_add(day(3), 12).date  # returned on day 5, resubmitted on day 7
    verification_due = workdays_add(day(8), settings.COMMITMENT_VERIFICATION_WORKING_DAYS).date
    decided = {("", CLOSED, due_after_return), ("verification", OPEN, verification_due)}
    return {
        "request_correction": (
            "item.correction_requested",
            set(),
            ("enterprise", NotificationKind.STATUS, "请补正材料"),
        ),
        "corrected": ("item.corrected", set(), ("agent", NotificationKind.RECEIPT, "补正材料已收到")),
        "pass_prereview": ("item.prereview_passed", set(), None),
        "submit": ("item.submitted", set(), None),
        "accept": ("item.accepted", {("", OPEN, due)}, ("enterprise", NotificationKind.RECEIPT, "部门已收件受理")),
        "start_review": ("item.review_started", {("", OPEN, due)}, None),
        "return_for_correction": (
            "item.returned",
            {("", PAUSED, due)},
            ("enterprise", NotificationKind.STATUS, "需要补正材料"),
        ),
        "resubmit": (
            "item.resubmitted",
            {("", OPEN, due_after_return)},
            ("enterprise", NotificationKind.RECEIPT, "补正材料已收件，恢复审查"),
        ),
        "approve": ("item.approved", decided, ("enterprise", NotificationKind.STATUS, "准予许可")),
        "deliver": ("item.delivered", decided, ("enterprise", NotificationKind.DELIVERY, "办理结果已送达")),
        "verify": ("item.verified", {("", CLOSED, due_after_return), ("verification", CLOSED, verification_due)}, None),
    }


@pytest.fixture
def people():
    centre = ServiceCentreFactory()
    agent = ProxyAgentFactory(centre=centre)
    supervisor = ProxyAgentFactory(centre=centre, user=UserFactory(roles=[Role.SUPERVISOR, Role.AGENT]))
    enterprise = EnterpriseFactory()
    contact = EnterpriseContact.objects.create(
        enterprise=enterprise, name="王经理", phone="0515-88880000", user=UserFactory(roles=[Role.ENTERPRISE])
    )
    return {"agent": agent.user, "supervisor": supervisor.user, "enterprise": contact.user, "of": enterprise}


@pytest.fixture
def case(people):
    case = case_open(
        enterprise=people["of"],
        agent=people["agent"].agent_profile,
        channel="phone",
        summary="新建厂房",
        on=MON,
        by=people["agent"],
    )
    case_authorise(case=case, signed_on=MON, signatory="王经理", scope="全部事项", by=people["agent"])
    return case


def _item(case, people, code="320903-XK-0100"):
    kind = ApprovalItemFactory(code=code, committed_days=10, notification_commitment=True)
    (item,) = case_items_choose(case=case, approval_items=[kind], by=people["agent"], by_commitment=[kind.pk])
    return item


def _pages(case, people) -> set[str]:
    """The case's page, its enterprise's, and the workbenches of its agent and of the
    supervisors of the agent's centre."""
    return {
        case_group(case.pk),
        enterprise_group(case.enterprise_id),
        user_group(people["agent"].pk),
        user_group(people["supervisor"].pk),
    }


@pytest.mark.parametrize("transition", list(STEPS))
def test_each_item_transition_shows_its_deadline_its_notification_and_its_pages(transition, case, people, effects):
    item = _item(case, people)
    names = list(STEPS)
    for earlier in names[: names.index(transition)]:
        actor, step = STEPS[earlier]
        step(item, people[actor])
    actor, step = STEPS[transition]

    done = effects(lambda: step(item, people[actor]), item)

    event, deadlines, notice = expected()[transition]
    assert done.deadlines == deadlines
    if notice is None:
        assert done.notifications == set()
    else:
        who, kind, message = notice
        assert done.notifications == {(people[who].pk, kind, f"{item.approval_item.name}：{message}")}
    assert done.live == {group: [event] for group in _pages(case, people)}


def test_rejecting_closes_the_deadline_and_tells_the_enterprise(case, people, effects):
    item = _item(case, people)
    for name in ("pass_prereview", "submit", "accept", "start_review"):
        actor, step = STEPS[name]
        step(item, people[actor])

    done = effects(
        lambda: item_reject(item=item, decision_no="BY-001", note="不符合规划条件", by=people["agent"], on=day(6)), item
    )

    assert done.deadlines == {("", CLOSED, workdays_add(day(3), 10).date)}
    assert done.notifications == {
        (people["enterprise"].pk, NotificationKind.STATUS, f"{item.approval_item.name}：不予许可")
    }
    assert done.live == {group: ["item.rejected"] for group in _pages(case, people)}


@pytest.mark.parametrize("actor, told", [("supervisor", True), ("agent", False)])
def test_choosing_an_item_tells_the_agent_unless_they_chose_it(actor, told, case, people, effects):
    chosen = []

    def choose():
        chosen.extend(
            case_items_choose(
                case=case,
                approval_items=[ApprovalItemFactory(code="320903-XK-0200", committed_days=10)],
                by=people[actor],
            )
        )

    done = effects(choose, case)
    (item,) = chosen
    assert done.deadlines == set()
    expected = {(people["agent"].pk, NotificationKind.RECEIPT, f"{item.approval_item.name}：新增办理事项")}
    assert done.notifications == (expected if told else set())
    assert done.live == {group: ["item.chosen"] for group in _pages(case, people)}
