"""The outbox: notifications written with the event, delivered once per channel,
retried with backoff, kept when the broker is down; events that reach people."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone
from kombu.exceptions import OperationalError

from crm.accounts.roles import Role
from crm.models import Delivery, DeliveryState, Notification, NotificationKind
from crm.notifications.delivery import _send, deliveries_recover, deliveries_send
from crm.notifications.services import notify
from projects.investment.events import MilestoneEvent
from projects.investment.services import project_event_record
from projects.models import EnterpriseContact
from tests.factories import ProjectFactory, ProxyAgentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(db):
    return UserFactory(username="nt_person", email="person@example.com", phone="13800000001")


@pytest.fixture
def recording(tmp_path, monkeypatch, settings):
    path = tmp_path / "push.txt"
    monkeypatch.setenv("RECORDING_PUSH_FILE", str(path))
    settings.CRM_PUSH_BACKEND = "tests.crm.notifications.recording_push.FileRecordingPushBackend"
    return path


def test_each_channel_is_sent_once_with_its_key(person, recording, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        assert notify(key="t-1", recipient_id=person.pk, kind=NotificationKind.STATUS, title="项目已开工") == 1
        assert notify(key="t-1", recipient_id=person.pk, kind=NotificationKind.STATUS, title="项目已开工") == 0
    assert deliveries_send() == {"sent": 3, "retry": 0, "failed": 0}
    assert deliveries_send() == {"sent": 0, "retry": 0, "failed": 0}
    (email,) = mail.outbox
    assert email.subject == "项目已开工" and email.extra_headers["Message-ID"].startswith("<t-1:email@")
    assert recording.read_text().split() == ["t-1:push"]
    assert set(Delivery.objects.values_list("state", flat=True)) == {DeliveryState.SENT}


def test_a_failing_channel_backs_off_then_gives_up_without_touching_the_others(person, settings):
    settings.CRM_PUSH_BACKEND = "tests.crm.notifications.recording_push.FailingPushBackend"
    settings.CRM_DELIVERY_MAX_ATTEMPTS = 2
    notify(key="t-2", recipient_id=person.pk, kind=NotificationKind.ALERT, title="超时")
    assert deliveries_send() == {"sent": 2, "retry": 1, "failed": 0}
    push = Delivery.objects.get(channel="push")
    assert push.state == DeliveryState.PENDING and push.next_attempt_at > timezone.now() + dt.timedelta(seconds=20)
    assert "短信网关不可用" in push.last_error
    Delivery.objects.filter(pk=push.pk).update(next_attempt_at=timezone.now())
    assert deliveries_send() == {"sent": 0, "retry": 0, "failed": 1}
    assert Delivery.objects.get(pk=push.pk).state == DeliveryState.FAILED


def test_with_the_broker_down_the_notification_waits_in_the_outbox(
    person, monkeypatch, django_capture_on_commit_callbacks
):
    from crm.notifications.tasks import deliveries_dispatch

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(deliveries_dispatch, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        notify(key="t-3", recipient_id=person.pk, kind=NotificationKind.DELIVERY, title="已送达")
    assert Delivery.objects.filter(state=DeliveryState.PENDING).count() == 3  # nothing lost, nothing sent
    from crm.supervision.tasks import supervision_sweep

    assert supervision_sweep.run()["sent"] == 3  # the periodic sweep sends it once the broker is back


def test_a_delivery_left_sending_by_a_dead_worker_is_sent_again_with_the_same_key(person, recording, settings):
    notify(key="t-4", recipient_id=person.pk, kind=NotificationKind.ALERT, title="预警")
    push = Delivery.objects.get(channel="push")
    _send(Delivery.objects.select_related("notification__recipient").get(pk=push.pk))  # sent, then the crash
    Delivery.objects.filter(pk=push.pk).update(
        state=DeliveryState.SENDING, sending_since=timezone.now() - dt.timedelta(hours=1)
    )
    assert deliveries_recover() == 1
    deliveries_send()
    assert recording.read_text().split() == ["t-4:push"]  # the provider refused the repeat
    assert Delivery.objects.get(pk=push.pk).state == DeliveryState.SENT


def test_the_enterprise_hears_of_its_milestones_and_the_agent_of_items_added_by_others(db):
    agent = ProxyAgentFactory()
    project = ProjectFactory(agent=agent)
    contact_user = UserFactory(username="nt_enterprise", roles=[Role.ENTERPRISE])
    EnterpriseContact.objects.create(
        enterprise=project.enterprise, user=contact_user, name="王经理", phone="13800000000"
    )
    project_event_record(project=project, event=MilestoneEvent.PROJECT_FILED, on=dt.date(2026, 3, 2), by=agent.user)
    notes = Notification.objects.filter(recipient=contact_user, kind=NotificationKind.STATUS)
    assert notes.count() == 1 and "开始计时" in notes.get().title
    assert not Notification.objects.filter(recipient=agent.user).exists()  # the agent did it
