"""Alerts on the workbench with acknowledge (kept in the audit trail); the in-app
notification list; nobody acknowledges or reads another's by changing an id."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType

from crm.audit.models import AuditEntry
from crm.models import Alert, Deadline, Notification
from crm.supervision.services import sweep
from projects.investment.events import MilestoneEvent
from projects.investment.services import project_event_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def overdue(world):
    agent = world.users["agent1"]
    project_event_record(
        project=world.own_project, event=MilestoneEvent.PROJECT_FILED, on=dt.date(2026, 3, 2), by=agent
    )
    permit = world.own_project.milestones.get(definition__code="construction_permit")
    deadline = Deadline.objects.get(subject_type=ContentType.objects.get_for_model(permit), subject_id=permit.pk)
    sweep(deadline.due_date + dt.timedelta(days=1))
    return Alert.objects.get(deadline=deadline)


def test_the_agent_and_the_supervisor_see_the_alert_and_acknowledge_it(client, world, overdue):
    client.force_login(world.users["agent1"])
    page = client.get("/projects/workbench/").content.decode()
    assert f'data-alert="{overdue.pk}"' in page and "超时" in page
    client.force_login(world.users["supervisor"])
    page = client.get("/projects/workbench/").content.decode()
    assert f'data-alert="{overdue.pk}"' in page  # the centre's alerts
    client.post(f"/projects/alerts/{overdue.pk}/acknowledge/")
    overdue.refresh_from_db()
    assert overdue.acknowledged_by == world.users["supervisor"]
    assert f'data-alert="{overdue.pk}"' not in client.get("/projects/workbench/").content.decode()
    entry = AuditEntry.objects.get(event="alert.acknowledged")
    assert entry.actor == world.users["supervisor"] and entry.subject_id == str(overdue.pk)


@pytest.mark.parametrize("username", ["agent2", "supervisor_b"])
def test_another_centre_cannot_acknowledge_by_changing_the_id(client, world, overdue, username):
    client.force_login(world.users[username])
    assert client.post(f"/projects/alerts/{overdue.pk}/acknowledge/").status_code == 404
    overdue.refresh_from_db()
    assert overdue.acknowledged_at is None


def test_the_inbox_lists_my_notifications_and_marks_them_read(client, world, overdue):
    agent = world.users["agent1"]
    note = Notification.objects.get(recipient=agent, alert=overdue)
    client.force_login(agent)
    home = client.get("/projects/workbench/").content.decode()
    assert 'data-testid="notifications-link"' in home and 'level-overdue">1</span>' in home
    page = client.get("/notifications/").content.decode()
    assert note.title in page and 'class="unread"' in page
    response = client.post(f"/notifications/{note.pk}/open/")
    assert response.status_code == 302 and response["Location"] == note.url
    note.refresh_from_db()
    assert note.read_at is not None
    client.force_login(world.users["agent2"])
    assert client.post(f"/notifications/{note.pk}/open/").status_code == 404
    assert note.title not in client.get("/notifications/").content.decode()
