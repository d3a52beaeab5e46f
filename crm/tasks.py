from celery import shared_task

from crm import workdays
from crm.signals import working_calendar_changed


@shared_task(acks_late=True)
def deadlines_recompute(*, years: list[int] | None = None) -> None:
    """Recompute open deadlines after the calendar changed for ``years`` (None: only
    the provisional ones, e.g. after an upgrade brought a new year's schedule)."""
    workdays.load_calendar()
    working_calendar_changed.send(sender=deadlines_recompute, years=years)


@shared_task(acks_late=True)
def deliveries_dispatch() -> dict:
    """Send the notifications waiting in the outbox (queued after each commit that
    wrote some; the periodic sweep calls it too)."""
    from crm.notify import deliveries_send

    return deliveries_send()


@shared_task(acks_late=True)
def supervision_sweep(today: str | None = None) -> dict:
    """The periodic supervision sweep (schedule in the admin, 定时任务): levels and
    alerts of every open deadline, deliveries a dead worker left behind, and the
    outbox — so nothing written while the broker was down stays unsent."""
    import datetime as dt

    from crm.notify import deliveries_recover, deliveries_send
    from crm.supervision import sweep

    outcome = sweep(dt.date.fromisoformat(today) if today else None)
    recovered = deliveries_recover()
    sent = deliveries_send()
    return {"changed": outcome.changed, "alerts": len(outcome.alerts), "recovered": recovered, **sent}


@shared_task(acks_late=True)
def supervisors_digest(today: str | None = None) -> int:
    """The daily digest of each centre's overdue and warning deadlines to its
    supervisors (once a day per supervisor, whatever the number of runs)."""
    import datetime as dt

    from crm.supervision import digests_send

    return digests_send(dt.date.fromisoformat(today) if today else None)
