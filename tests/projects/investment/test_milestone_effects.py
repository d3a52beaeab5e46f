"""What each milestone move causes besides its own row: the milestone's deadline row,
the notification rows for the enterprise and the pages told to refresh."""

import datetime as dt

import pytest

from crm.accounts.roles import Role
from crm.calendar.workdays import workdays_add
from crm.live.services import enterprise_group, user_group
from crm.models import DeadlineState, NotificationKind
from projects.investment.services import milestone_finish, milestone_pause, milestone_resume, milestone_start
from projects.models import EnterpriseContact, PauseCause
from tests.factories import ProjectFactory, ProxyAgentFactory, ServiceCentreFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

MON = dt.date(2026, 3, 2)


def day(n: int) -> dt.date:
    return workdays_add(MON, n).date if n else MON


STEPS = {
    "start": lambda m, by: milestone_start(milestone=m, by=by, on=MON),
    "pause": lambda m, by: milestone_pause(
        milestone=m, cause=PauseCause.CORRECTION, reason="补正用地材料", by=by, on=day(2)
    ),
    "resume": lambda m, by: milestone_resume(milestone=m, by=by, on=day(7)),
    "finish": lambda m, by: milestone_finish(milestone=m, by=by, on=day(9)),
}

OPEN, PAUSED, CLOSED = DeadlineState.OPEN, DeadlineState.PAUSED, DeadlineState.CLOSED


def expected() -> dict:
    """move → (event, the milestone's deadline rows afterwards, the enterprise's message)."""
    due = workdays_add(MON, 50).date  # the construction permit's 50 working days
    due_after_pause = workdays_add(MON, 55).date  # paused on day 2, resumed on day 7
    return {
        "start": ("milestone.started", {("", OPEN, due)}, "开始计时"),
        "pause": ("milestone.paused", {("", PAUSED, due)}, "暂停计时"),
        "resume": ("milestone.resumed", {("", OPEN, due_after_pause)}, "恢复计时"),
        "finish": ("milestone.finished", {("", CLOSED, due_after_pause)}, "已完成"),
    }


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


@pytest.mark.parametrize("move", list(STEPS))
def test_each_milestone_move_shows_its_deadline_its_notification_and_its_pages(move, people, effects):
    project = people["project"]
    milestone = project.milestones.select_related("definition").get(definition__code="construction_permit")
    names = list(STEPS)
    for earlier in names[: names.index(move)]:
        STEPS[earlier](milestone, people["agent"])

    done = effects(lambda: STEPS[move](milestone, people["agent"]), milestone)

    event, deadlines, message = expected()[move]
    assert done.deadlines == deadlines
    assert done.notifications == {
        (people["enterprise"].pk, NotificationKind.STATUS, f"{project.name}：{milestone.definition.name}{message}")
    }
    pages = {
        enterprise_group(project.enterprise_id),
        user_group(people["agent"].pk),
        user_group(people["supervisor"].pk),
    }
    assert done.live == {group: [event] for group in pages}
