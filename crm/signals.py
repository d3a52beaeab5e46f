"""Signals of the spine.

``working_calendar_changed`` is sent (after commit, from the Celery task) when an
administrator publishes or changes a year's schedule; apps that hold deadlines
connect to it and recompute theirs. The spine does not know those apps.
"""

from django.db import transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver

from crm import workdays
from crm.models import CalendarDay, CalendarRevision, CalendarYear

# kwargs: years (sorted list of int), actor (User or None)
working_calendar_changed = Signal()


@receiver([post_save, post_delete], sender=CalendarDay)
@receiver([post_save, post_delete], sender=CalendarYear)
def calendar_table_changed(sender, instance, **kwargs) -> None:
    year = instance.date.year if isinstance(instance, CalendarDay) else instance.year
    updated = CalendarRevision.objects.filter(pk=1).update(number=F("number") + 1)
    if not updated:
        CalendarRevision.objects.create(pk=1, number=1)
    workdays.invalidate()
    _recompute_after_commit(year)


def _recompute_after_commit(year: int) -> None:
    """One recompute task per transaction, for every year it touched: an import of a
    year's thirty days must not queue thirty tasks. The pending callback is found
    in the connection's on-commit list, which a rollback empties."""
    from crm.tasks import deadlines_recompute

    for _savepoints, callback, _robust in transaction.get_connection().run_on_commit:
        years = getattr(callback, "calendar_years", None)
        if years is not None:
            years.add(year)
            return
    years = {year}

    def send() -> None:
        deadlines_recompute.delay(years=sorted(years))

    send.calendar_years = years
    transaction.on_commit(send)
