from celery import shared_task

from crm import workdays
from crm.signals import working_calendar_changed


@shared_task(acks_late=True)
def deadlines_recompute(*, years: list[int] | None = None) -> None:
    """Recompute open deadlines after the calendar changed for ``years`` (None: only
    the provisional ones, e.g. after an upgrade brought a new year's schedule)."""
    workdays.load_calendar()
    working_calendar_changed.send(sender=deadlines_recompute, years=years)
