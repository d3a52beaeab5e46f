"""Background work of the calendar."""

from celery import shared_task

from crm.calendar.recompute import clock_recompute
from crm.calendar.workdays import load_calendar


@shared_task(name="crm.tasks.deadlines_recompute", acks_late=True)  # the name beat's schedule rows use
def deadlines_recompute(*, years: list[int] | None = None) -> None:
    """Recompute open deadlines after the calendar changed for ``years`` (None: only
    the provisional ones, e.g. after an upgrade brought a new year's schedule)."""
    load_calendar()
    clock_recompute(years=years)
