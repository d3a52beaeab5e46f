"""What each move of a merged assessment causes besides its own row: the assessment's
deadline row, the notification rows (through the project's assessments milestone,
which it starts, pauses, resumes and finishes) and the project's pages told to refresh."""

import datetime as dt

import pytest

from crm.accounts.roles import Role
from crm.calendar.workdays import workdays_add
from crm.live.services import enterprise_group, user_group
from crm.models import DeadlineState, NotificationKind
from projects.models import EnterpriseContact
from regional_assessments.merged.models import MergedAssessment
from regional_assessments.merged.services import (
    experts_draw,
    intermediary_draw,
    merged_assessment_approve,
    merged_assessment_start,
    merged_compiling_start,
    merged_resubmit,
    merged_revision_request,
)
from tests.effects import deadline_rows
from tests.factories import (
    ExpertFactory,
    IntermediaryFactory,
    ProjectFactory,
    ProxyAgentFactory,
    ServiceCentreFactory,
    UserFactory,
    ZoneReportFactory,
)
from tests.regional_assessments.merged.test_merged import COVERED, LEFT

pytestmark = pytest.mark.django_db(transaction=True)

MON = dt.date(2026, 3, 2)


def day(n: int) -> dt.date:
    return workdays_add(MON, n).date if n else MON


OPEN, PAUSED, CLOSED = DeadlineState.OPEN, DeadlineState.PAUSED, DeadlineState.CLOSED

STEPS = {
    "draw_intermediary": lambda a, by: intermediary_draw(assessment=a, seed=1, by=by, on=day(1)),
    "start_compiling": lambda a, by: merged_compiling_start(assessment=a, by=by, on=day(2)),
    "start_joint_review": lambda a, by: experts_draw(assessment=a, seed=7, count=3, by=by, on=day(3)),
    "request_revision": lambda a, by: merged_revision_request(assessment=a, reason="补充能耗测算", by=by, on=day(4)),
    "resubmit": lambda a, by: merged_resubmit(assessment=a, by=by, on=day(6)),
    "approve": lambda a, by: merged_assessment_approve(assessment=a, approval_no="批-001", by=by, on=day(8)),
}


def expected() -> dict:
    """move → (events announced, the assessment's deadline rows afterwards, the
    milestone's message to the enterprise or None)."""
    due = workdays_add(MON, 40).date  # forty working days from scoping
    due_after_revision = workdays_add(MON, 42).date  # revising from day 4 to day 6
    return {
        "draw_intermediary": (["merged_assessment.intermediary_drawn"], {("", OPEN, due)}, None),
        "start_compiling": (["merged_assessment.compiling"], {("", OPEN, due)}, None),
        "start_joint_review": (["merged_assessment.experts_drawn"], {("", OPEN, due)}, None),
        "request_revision": (
            ["merged_assessment.revision_requested", "milestone.paused"],
            {("", PAUSED, due)},
            "暂停计时",
        ),
        "resubmit": (
            ["merged_assessment.resubmitted", "milestone.resumed"],
            {("", OPEN, due_after_revision)},
            "恢复计时",
        ),
        "approve": (["merged_assessment.approved", "milestone.finished"], {("", CLOSED, due_after_revision)}, "已完成"),
    }


@pytest.fixture
def people():
    centre = ServiceCentreFactory()
    agent = ProxyAgentFactory(centre=centre)
    supervisor = ProxyAgentFactory(centre=centre, user=UserFactory(roles=[Role.SUPERVISOR, Role.AGENT]))
    project = ProjectFactory(agent=agent)
    ZoneReportFactory(zone=project.zone, assessment_types=COVERED)
    for n in range(3):
        IntermediaryFactory(name=f"中介{n}", qualifications=LEFT)
    for n in range(5):
        ExpertFactory(name=f"专家{n}", specialties=("environmental_impact",))
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


def _notified(people, message) -> set:
    if message is None:
        return set()
    project = people["project"]
    return {(people["enterprise"].pk, NotificationKind.STATUS, f"{project.name}：多评合一{message}")}


def test_scoping_starts_the_clock_and_the_milestone(people, effects):
    project = people["project"]
    done = effects(lambda: merged_assessment_start(project=project, by=people["agent"], on=MON), project)
    assessment = MergedAssessment.objects.get(project=project)
    assert deadline_rows(assessment) == {("", OPEN, workdays_add(MON, 40).date)}
    assert done.notifications == _notified(people, "开始计时")
    events = ["merged_assessment.scoped", "milestone.started", "regional_report.reused"]
    assert done.live == {group: events for group in _pages(people)}


@pytest.mark.parametrize("move", list(STEPS))
def test_each_merged_assessment_move_shows_its_deadline_its_notification_and_its_pages(move, people, effects):
    assessment = merged_assessment_start(project=people["project"], by=people["agent"], on=MON).assessment
    names = list(STEPS)
    for earlier in names[: names.index(move)]:
        STEPS[earlier](assessment, people["agent"])

    done = effects(lambda: STEPS[move](assessment, people["agent"]), assessment)

    events, deadlines, message = expected()[move]
    assert done.deadlines == deadlines
    assert done.notifications == _notified(people, message)
    assert done.live == {group: events for group in _pages(people)}
