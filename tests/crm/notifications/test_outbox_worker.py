"""Notifications through a real Celery worker on Redis, and the outage: the worker is
killed in the middle of sending, restarted, and every notification reaches the
provider exactly once (the provider refuses a key it has seen)."""

import time

import pytest
from django.db import transaction

from crm.celery import app as celery_app
from crm.models import Delivery, DeliveryState, Notification, NotificationKind
from crm.notifications.services import notify_many
from tests.factories import UserFactory
from tests.workers import worker_start, worker_stop

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

COUNT = 30


def _wait(condition, seconds: float = 90) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.3)
    return False


def _lines(path) -> list[str]:
    return path.read_text().split() if path.exists() else []


@pytest.fixture
def recorded(tmp_path):
    return tmp_path / "push.txt"


@pytest.fixture
def worker_env(recorded):
    celery_app.control.purge()
    return {
        "CRM_PUSH_BACKEND": "tests.crm.notifications.recording_push.FileRecordingPushBackend",
        "RECORDING_PUSH_FILE": str(recorded),
        "CRM_DELIVERY_STALE_SECONDS": "2",
    }


def _write_notifications(users) -> None:
    with transaction.atomic():  # one event's transaction: the outbox rows and, after commit, one dispatch
        notify_many(
            Notification(
                key=f"outage-{n}",
                recipient_id=users[n % len(users)].pk,
                kind=NotificationKind.ALERT,
                title=f"【超时】事项{n}",
            )
            for n in range(COUNT)
        )


def test_a_worker_delivers_the_outbox_after_commit(transactional_db, worker_env, recorded):
    users = [UserFactory(username=f"ow_{n}", phone=f"1380000000{n}") for n in range(3)]
    worker = worker_start(**worker_env)
    try:
        _write_notifications(users)
        assert _wait(lambda: len(_lines(recorded)) == COUNT), worker.stdout.read() if worker.poll() else "timeout"
    finally:
        worker_stop(worker)
    assert sorted(_lines(recorded)) == sorted(f"outage-{n}:push" for n in range(COUNT))
    assert Delivery.objects.exclude(state=DeliveryState.SENT).count() == 0


def test_killing_the_worker_mid_run_loses_nothing_and_sends_nothing_twice(transactional_db, worker_env, recorded):
    users = [UserFactory(username=f"ok_{n}", phone=f"1390000000{n}") for n in range(3)]
    slow = {**worker_env, "RECORDING_PUSH_DELAY": "0.3"}
    worker = worker_start(**slow)
    try:
        _write_notifications(users)
        assert _wait(lambda: len(_lines(recorded)) >= 5)
    finally:
        worker_stop(worker, kill=True)  # SIGKILL in the middle of a batch
    sent_before = len(_lines(recorded))
    assert sent_before < COUNT
    assert Delivery.objects.filter(channel="push").exclude(state=DeliveryState.SENT).exists()

    time.sleep(2.5)  # the claimed batch is now stale
    worker = worker_start(**worker_env)
    try:
        from crm.supervision.tasks import supervision_sweep

        supervision_sweep.delay()  # what beat does every few minutes
        assert _wait(lambda: not Delivery.objects.exclude(state=DeliveryState.SENT).exists())
    finally:
        worker_stop(worker)
    lines = _lines(recorded)
    assert len(lines) == COUNT and len(set(lines)) == COUNT  # every one delivered, none twice
    assert Delivery.objects.filter(channel="in_app", state=DeliveryState.SENT).count() == COUNT
