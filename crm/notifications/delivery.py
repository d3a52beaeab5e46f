"""The outbox's sending side: claim the deliveries that are due, send each on its
channel (in-app, e-mail, push), retry with back-off, give back what a dead worker
left. Run in the background by ``crm.notifications.tasks``; ``crm.notifications.services``
writes the outbox and asks for a dispatch."""

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from crm.links import absolute_url
from crm.models import Channel, Delivery, DeliveryState

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
        link = f"\n\n{absolute_url(notification.url)}" if notification.url else ""
        EmailMessage(
            subject=notification.title,
            body=f"{notification.body}{link}",
            to=[recipient.email],
            headers={"Message-ID": f"<{delivery.key}@{settings.CRM_MAIL_DOMAIN}>", "X-Idempotency-Key": delivery.key},
        ).send()
    else:
        push_backend().send(
            phone=recipient.phone,
            text=f"{notification.title} {notification.body}".strip(),
            url=notification.url,
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
            delivery.state, delivery.sending_since, delivery.attempts = (
                DeliveryState.SENDING,
                now,
                delivery.attempts + 1,
            )
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
            except Exception as error:  # noqa: BLE001  (a provider may fail in any way; the row keeps why)
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
