from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver

from crm.calendar.models import CalendarDay, CalendarRevision, CalendarYear
from crm.calendar.workdays import invalidate
from crm.transactions import after_commit_once

# kwargs: years (sorted list of int), actor (User or None)
working_calendar_changed = Signal()


@receiver([post_save, post_delete], sender=CalendarDay)
@receiver([post_save, post_delete], sender=CalendarYear)
def calendar_table_changed(sender, instance, **kwargs) -> None:
    year = instance.date.year if isinstance(instance, CalendarDay) else instance.year
    updated = CalendarRevision.objects.filter(pk=1).update(number=F("number") + 1)
    if not updated:
        CalendarRevision.objects.create(pk=1, number=1)
    invalidate()
    _recompute_after_commit(year)


def _recompute_after_commit(year: int) -> None:
    """One recompute task per transaction, for every year it touched: an import of a
    year's thirty days must not queue thirty tasks."""

    def send(years: set[int]) -> None:
        from crm.calendar.tasks import deadlines_recompute

        deadlines_recompute.delay(years=sorted(years))

    after_commit_once("crm.calendar.recompute", update=lambda years: years.add(year), make_state=set, run=send)
