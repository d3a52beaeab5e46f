"""The outbox: notifications written in the transaction of their cause, one delivery
per channel, and one dispatch request after the commit (``crm.notifications.delivery``
sends them)."""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from crm.accounts.models import User
from crm.models import Channel, Delivery, Notification
from crm.notifications.tasks import deliveries_dispatch
from crm.transactions import after_commit_once

log = logging.getLogger(__name__)


def _channels(user: dict) -> list[str]:
    channels = [Channel.IN_APP]
    if user["email"]:
        channels.append(Channel.EMAIL)
    if user["phone"] and settings.CRM_PUSH_ENABLED:
        channels.append(Channel.PUSH)
    return channels


def notify_many(notifications: Iterable[Notification]) -> int:
    """Write the notifications whose key is new, with their deliveries; dispatch
    after commit. Returns how many were written."""
    notifications = list(notifications)
    if not notifications:
        return 0
    with transaction.atomic():
        known = set(Notification.objects.filter(key__in=[n.key for n in notifications]).values_list("key", flat=True))
        fresh, seen = [], set()
        for notification in notifications:
            if notification.key not in known and notification.key not in seen:
                seen.add(notification.key)
                fresh.append(notification)
        if not fresh:
            return 0
        Notification.objects.bulk_create(fresh)
        if any(n.pk is None for n in fresh):  # a backend that does not return keys
            by_key = dict(Notification.objects.filter(key__in=seen).values_list("key", "pk"))
            for notification in fresh:
                notification.pk = by_key[notification.key]
        users = {
            u["pk"]: u
            for u in User.objects.filter(pk__in={n.recipient_id for n in fresh}).values("pk", "email", "phone")
        }
        now = timezone.now()
        Delivery.objects.bulk_create(
            Delivery(notification_id=n.pk, channel=channel, next_attempt_at=now)
            for n in fresh
            for channel in _channels(users[n.recipient_id])
        )
        dispatch_after_commit()
    return len(fresh)


def notify(*, key: str, recipient_id: int, kind: str, title: str, body: str = "", url: str = "") -> int:
    return notify_many(
        [Notification(key=key, recipient_id=recipient_id, kind=kind, title=title[:200], body=body, url=url[:300])]
    )


def _request_dispatch(_state=None) -> None:
    try:
        deliveries_dispatch.delay()
    except Exception as error:  # noqa: BLE001  (broker down: the periodic sweep dispatches later)
        log.warning("dispatch not queued (%s); the supervision sweep will send it", error)


def dispatch_after_commit() -> None:
    """One dispatch request per transaction, however many notifications it wrote."""
    after_commit_once("crm.notify.dispatch", update=lambda state: None, make_state=lambda: None, run=_request_dispatch)
