"""Background work of the supervision."""

from celery import shared_task


@shared_task(name="crm.tasks.supervision_sweep", acks_late=True)  # the name beat's schedule rows use
def supervision_sweep(today: str | None = None) -> dict:
    """The periodic supervision sweep (schedule in the admin, 定时任务): levels and
    alerts of every open deadline, deliveries a dead worker left behind, and the
    outbox — so nothing written while the broker was down stays unsent."""
    import datetime as dt

    from crm.notifications.delivery import deliveries_recover, deliveries_send
    from crm.supervision.services import sweep

    outcome = sweep(dt.date.fromisoformat(today) if today else None)
    recovered = deliveries_recover()
    sent = deliveries_send()
    return {"changed": outcome.changed, "alerts": len(outcome.alerts), "recovered": recovered, **sent}


@shared_task(name="crm.tasks.supervisors_digest", acks_late=True)  # the name beat's schedule rows use
def supervisors_digest(today: str | None = None) -> int:
    """The daily digest of each centre's overdue and warning deadlines to its
    supervisors (once a day per supervisor, whatever the number of runs)."""
    import datetime as dt

    from crm.supervision.services import digests_send

    return digests_send(dt.date.fromisoformat(today) if today else None)
