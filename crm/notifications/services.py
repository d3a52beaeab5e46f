import datetime as dt
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from crm.accounts.models import User
from crm.models import Channel, Delivery, DeliveryState, Notification
from crm.transactions import after_commit_once

log = logging.getLogger(__name__)


CLAIM_BATCH = 100


class PushBackend:
    """The interface a push or SMS provider implements (两微一端, 短信). ``key`` is the
    idempotency key: a provider that has seen it must not send again."""

    def send(self, *, phone: str, text: str, url: str, key: str) -> None:
        raise NotImplementedError


class LoggingPushBackend(PushBackend):
    """Writes each message to the ``crm.push`` log: real providers cannot be reached
    from here; set ``CRM_PUSH_BACKEND`` to one that can."""

    def send(self, *, phone: str, text: str, url: str, key: str) -> None:
        logging.getLogger("crm.push").info("push to %s [%s]: %s %s", phone, key, text, url)


def push_backend() -> PushBackend:
    return import_string(settings.CRM_PUSH_BACKEND)()


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
            u["pk"]: u for u in User.objects.filter(pk__in={n.recipient_id for n in fresh}).values("pk", "email", "phone")
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
    from crm.notifications.tasks import deliveries_dispatch

    try:
        deliveries_dispatch.delay()
    except Exception as error:  # broker down: the periodic sweep dispatches later
        log.warning("dispatch not queued (%s); the supervision sweep will send it", error)


def dispatch_after_commit() -> None:
    """One dispatch request per transaction, however many notifications it wrote."""
    after_commit_once("crm.notify.dispatch", update=lambda state: None, make_state=lambda: None, run=_request_dispatch)


def backoff(attempts: int) -> dt.timedelta:
    """30 s, 1 min, 2 min, … up to an hour."""
    return dt.timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 3600))


def _send(delivery: Delivery) -> None:
    notification = delivery.notification
    recipient = notification.recipient
    if delivery.channel == Channel.IN_APP:
        from crm.live.services import live_publish, user_group

        live_publish(
            [user_group(recipient.pk)],
            {"kind": "notification", "id": notification.pk, "title": notification.title, "url": notification.url},
        )
    elif delivery.channel == Channel.EMAIL:
        link = f"\n\n{settings.CRM_SITE_URL.rstrip('/')}{notification.url}" if notification.url else ""
        EmailMessage(
            subject=notification.title,
            body=f"{notification.body}{link}",
            to=[recipient.email],
            headers={"Message-ID": f"<{delivery.key}@{settings.CRM_MAIL_DOMAIN}>", "X-Idempotency-Key": delivery.key},
        ).send()
    else:
        push_backend().send(
            phone=recipient.phone, text=f"{notification.title} {notification.body}".strip(), url=notification.url,
            key=delivery.key,
        )


def _claim(now: dt.datetime) -> list[Delivery]:
    with transaction.atomic():
        batch = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(state=DeliveryState.PENDING, next_attempt_at__lte=now)
            .order_by("next_attempt_at", "pk")[:CLAIM_BATCH]
        )
        for delivery in batch:
            delivery.state, delivery.sending_since, delivery.attempts = DeliveryState.SENDING, now, delivery.attempts + 1
        Delivery.objects.bulk_update(batch, ["state", "sending_since", "attempts"])
    return batch


def deliveries_recover(now: dt.datetime | None = None) -> int:
    """Deliveries a dead worker left 'sending' go back to the queue (the provider
    sees the same key again)."""
    now = now or timezone.now()
    stale = now - dt.timedelta(seconds=settings.CRM_DELIVERY_STALE_SECONDS)
    return Delivery.objects.filter(state=DeliveryState.SENDING, sending_since__lt=stale).update(
        state=DeliveryState.PENDING, next_attempt_at=now
    )


def deliveries_send(limit: int = 10_000) -> dict:
    """Send every due delivery (up to ``limit``); returns counts by outcome."""
    counts = {"sent": 0, "retry": 0, "failed": 0}
    while sum(counts.values()) < limit:
        batch = _claim(timezone.now())
        if not batch:
            break
        for delivery in Delivery.objects.filter(pk__in=[d.pk for d in batch]).select_related("notification__recipient"):
            try:
                _send(delivery)
            except Exception as error:
                delivery.last_error = f"{type(error).__name__}: {error}"[:500]
                if delivery.attempts >= settings.CRM_DELIVERY_MAX_ATTEMPTS:
                    delivery.state = DeliveryState.FAILED
                    counts["failed"] += 1
                else:
                    delivery.state = DeliveryState.PENDING
                    delivery.next_attempt_at = timezone.now() + backoff(delivery.attempts)
                    counts["retry"] += 1
                delivery.save(update_fields=["state", "next_attempt_at", "last_error"])
                log.warning("delivery %s failed (attempt %s): %s", delivery.key, delivery.attempts, error)
            else:
                delivery.state, delivery.sent_at = DeliveryState.SENT, timezone.now()
                delivery.save(update_fields=["state", "sent_at"])
                counts["sent"] += 1
    return counts
