"""What each move of a joint drawing review causes besides its own row: the review's
deadline row, the notification rows (through the project's drawing-review milestone,
which the review starts, pauses, resumes and finishes) and the pages told to refresh."""

import datetime as dt

import pytest

from crm.accounts.roles import Role
from crm.calendar.workdays import workdays_add
from crm.live.services import enterprise_group, user_group
from crm.models import DeadlineState, NotificationKind
from projects.drawings.services import (
    drawing_opinion_give,
    drawing_review_accept,
    drawing_review_consolidate,
    drawing_review_fail,
    drawing_review_pass,
    drawing_review_resubmit,
    drawing_review_return,
    drawing_review_start,
    drawing_review_submit,
)
from projects.models import EnterpriseContact, OpinionVerdict, ReviewDiscipline
from tests.effects import deadline_rows
from tests.factories import ProjectFactory, ProxyAgentFactory, ServiceCentreFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

MON = dt.date(2026, 3, 2)


def day(n: int) -> dt.date:
    return workdays_add(MON, n).date if n else MON


def due() -> dt.date:
    return workdays_add(day(1), 7).date  # accepted on day 1: seven working days


def due_after_revision() -> dt.date:
    return workdays_add(day(1), 9).date  # returned on day 5, resubmitted on day 7


OPEN, PAUSED, CLOSED = DeadlineState.OPEN, DeadlineState.PAUSED, DeadlineState.CLOSED


def _speak(review, by, on, *, objecting: bool, first_only=False, rest_only=False):
    disciplines = list(ReviewDiscipline.objects.filter(is_active=True).order_by("order", "code"))
    chosen = disciplines[:1] if first_only else disciplines[1:] if rest_only else disciplines
    for n, discipline in enumerate(chosen):
        objection = objecting and n == 0 and not rest_only
        drawing_opinion_give(
            review=review,
            discipline=discipline,
            verdict=OpinionVerdict.OBJECTION if objection else OpinionVerdict.PASS,
            text="疏散宽度不足，需修改" if objection else "",
            by=by,
            on=on,
        )


# The review's way, in order: step → (the call, what it causes: event(s) announced,
# the review's deadline rows afterwards, the milestone's message or None). Steps
# without expectations only lead to the next.
PATH = [
    (
        "accept",
        lambda r, by: drawing_review_accept(review=r, acceptance_no="LS-001", by=by, on=day(1)),
        (["drawing.accepted", "milestone.started"], {("", OPEN, due)}, "开始计时"),
    ),
    (
        "start_review",
        lambda r, by: drawing_review_start(review=r, by=by, on=day(2)),
        (["drawing.review_started"], {("", OPEN, due)}, None),
    ),
    (
        "opinion",
        lambda r, by: _speak(r, by, day(3), objecting=True, first_only=True),
        (["drawing.opinion_given"], {("", OPEN, due)}, None),
    ),
    ("other_opinions", lambda r, by: _speak(r, by, day(3), objecting=False, rest_only=True), None),
    (
        "consolidate",
        lambda r, by: drawing_review_consolidate(review=r, by=by, on=day(4)),
        (["drawing.consolidated"], {("", OPEN, due)}, None),
    ),
    (
        "return_for_revision",
        lambda r, by: drawing_review_return(review=r, reason="疏散宽度不足", by=by, on=day(5)),
        (["drawing.returned", "milestone.paused"], {("", PAUSED, due)}, "暂停计时"),
    ),
    (
        "resubmit",
        lambda r, by: drawing_review_resubmit(review=r, by=by, on=day(7)),
        (["drawing.resubmitted", "milestone.resumed"], {("", OPEN, due_after_revision)}, "恢复计时"),
    ),
    (
        "start_round_two",
        lambda r, by: drawing_review_start(review=r, by=by, on=day(7)),
        (["drawing.review_started"], {("", OPEN, due_after_revision)}, None),
    ),
    ("round_two_opinions", lambda r, by: _speak(r, by, day(8), objecting=False), None),
    (
        "consolidate_round_two",
        lambda r, by: drawing_review_consolidate(review=r, by=by, on=day(8)),
        (["drawing.consolidated"], {("", OPEN, due_after_revision)}, None),
    ),
    (
        "pass_review",
        lambda r, by: drawing_review_pass(review=r, certificate_no="HG-001", by=by, on=day(9)),
        (["drawing.passed", "milestone.finished"], {("", CLOSED, due_after_revision)}, "已完成"),
    ),
]


@pytest.fixture
def people():
    centre = ServiceCentreFactory()
    agent = ProxyAgentFactory(centre=centre)
    supervisor = ProxyAgentFactory(centre=centre, user=UserFactory(roles=[Role.SUPERVISOR, Role.AGENT]))
    project = ProjectFactory(agent=agent)
    contact = EnterpriseContact.objects.create(
        enterprise=project.enterprise, name="王经理", phone="0515-88880000", user=UserFactory(roles=[Role.ENTERPRISE])
    )
    return {"agent": agent.user, "supervisor": supervisor.user, "enterprise": contact.user, "project": project}


def _pages(people) -> set[str]:
    project = people["project"]
    return {
        enterprise_group(project.enterprise_id),
        user_group(people["agent"].pk),
        user_group(people["supervisor"].pk),
    }


def _notified(people, message):
    if message is None:
        return set()
    project = people["project"]
    return {(people["enterprise"].pk, NotificationKind.STATUS, f"{project.name}：施工图多图联审{message}")}


def test_submitting_a_package_tells_the_project_pages(people, effects):
    submitted = []
    done = effects(
        lambda: submitted.append(
            drawing_review_submit(project=people["project"], package="一期", by=people["agent"], on=MON)
        ),
        people["project"],
    )
    assert deadline_rows(submitted[0]) == set()
    assert done.notifications == set()
    assert done.live == {group: ["drawing.submitted"] for group in _pages(people)}


@pytest.mark.parametrize("step", [name for name, _call, expected in PATH if expected is not None])
def test_each_review_move_shows_its_deadline_its_notification_and_its_pages(step, people, effects):
    by = people["agent"]
    review = drawing_review_submit(project=people["project"], package="一期", by=by, on=MON)
    for name, call, expected in PATH:
        if name == step:
            break
        call(review, by)

    done = effects(lambda: call(review, by), review)

    events, deadlines, message = expected
    assert done.deadlines == {(facet, state, when()) for facet, state, when in deadlines}
    assert done.notifications == _notified(people, message)
    assert done.live == {group: events for group in _pages(people)}


def test_failing_round_two_closes_the_deadline_without_a_notification(people, effects):
    by = people["agent"]
    review = drawing_review_submit(project=people["project"], package="一期", by=by, on=MON)
    for name, call, _expected in PATH:
        if name == "round_two_opinions":
            break
        call(review, by)
    _speak(review, by, day(8), objecting=True)
    drawing_review_consolidate(review=review, by=by, on=day(8))

    done = effects(lambda: drawing_review_fail(review=review, reason="仍不满足疏散要求", by=by, on=day(9)), review)

    assert done.deadlines == {("", CLOSED, due_after_revision())}
    assert done.notifications == set()
    assert done.live == {group: ["drawing.failed"] for group in _pages(people)}
