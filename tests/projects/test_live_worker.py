"""The worker → Redis → socket path: a real Celery worker publishes live updates
(in-app notifications, and audited changes it makes itself) through the Redis
channel layer to a socket held by this process. Several sends from the same worker
process prove the one-loop-per-send layer does not die with "Event loop is closed"
(channels_redis #332)."""

import datetime as dt

import pytest
from channels.db import database_sync_to_async
from django.db import transaction

from crm.calendar.services import calendar_day_set, calendar_year_set
from crm.live.services import enterprise_group, user_group
from crm.models import Delivery, DeliveryState, NotificationKind
from crm.notifications.services import notify
from projects.investment.events import MilestoneEvent
from projects.investment.services import project_event_record
from tests.factories import ProjectFactory, ProxyAgentFactory, UserFactory
from tests.projects.live_sockets import connected, run, subscribe

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_notifications_delivered_by_a_worker_reach_the_recipients_socket(celery_worker_process):
    user, other = UserFactory(), UserFactory()

    async def body():
        socket = await connected(user)
        bystander = await connected(other)
        await subscribe(socket, [user_group(user.pk)])
        await subscribe(bystander, [user_group(other.pk)])
        for n in range(3):  # one dispatch each, all in the same worker process
            await database_sync_to_async(notify)(
                key=f"live-test-{user.pk}-{n}",
                recipient_id=user.pk,
                kind=NotificationKind.ALERT,
                title=f"期限预警{n}",
                url="/projects/workbench/",
            )
            event = await socket.receive_json_from(timeout=60)
            assert event["type"] == "live" and event["kind"] == "notification"
            assert event["title"] == f"期限预警{n}" and event["url"] == "/projects/workbench/"
        assert await bystander.receive_nothing(timeout=0.5)
        await socket.disconnect()
        await bystander.disconnect()

    run(body)
    assert celery_worker_process.poll() is None
    assert set(Delivery.objects.filter(notification__recipient=user).values_list("state", flat=True)) == {
        DeliveryState.SENT
    }


def test_a_deadline_the_worker_recomputes_reaches_the_enterprise_page(celery_worker_process):
    agent = ProxyAgentFactory()
    project = ProjectFactory(agent=agent)
    project_event_record(project=project, event=MilestoneEvent.PROJECT_FILED, on=dt.date(2026, 11, 2), by=agent.user)
    admin = UserFactory(is_superuser=True)

    def publish_2027():
        with transaction.atomic():  # the worker recomputes once this commits
            calendar_day_set(date=dt.date(2027, 1, 1), kind="holiday", name="元旦")
            calendar_year_set(year=2027, source="国办发明电〔2026〕测试号", published=True)

    async def body():
        socket = await connected(admin)
        await subscribe(socket, [enterprise_group(project.enterprise_id)])
        await database_sync_to_async(publish_2027)()
        event = await socket.receive_json_from(timeout=60)
        assert event == {"type": "live", "kind": "change", "events": ["milestone.deadline_recomputed"]}
        await socket.disconnect()

    run(body)
    assert celery_worker_process.poll() is None
