"""Background work of the outbox."""

from celery import shared_task

from crm.notifications.delivery import deliveries_send


@shared_task(name="crm.tasks.deliveries_dispatch", acks_late=True)  # the name beat's schedule rows use
def deliveries_dispatch() -> dict:
    """Send the notifications waiting in the outbox (queued after each commit that
    wrote some; the periodic sweep calls it too)."""
    return deliveries_send()
