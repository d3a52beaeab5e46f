"""Background work of the ratings (Celery)."""

from decimal import Decimal

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from projects.ratings.services import callbacks_sample_draw, month_period, previous_month


@shared_task(name="projects.tasks.callbacks_sample_monthly", acks_late=True)  # the name beat's rows use
def callbacks_sample_monthly(*, month: str | None = None) -> dict:
    """Draw the phone-callback sample (一事一评电话回访) of the cases closed in
    ``month`` ("YYYY-MM"; default: last month). The month is the seed, so running
    twice for the same month returns the first draw and opens nothing new."""
    month = month or previous_month(timezone.localdate())
    first, last = month_period(month)
    draw = callbacks_sample_draw(
        share=Decimal(str(settings.PHONE_CALLBACK_SHARE)),
        seed=month,
        by=None,
        closed_since=first,
        closed_until=last,
    )
    return {"seed": draw.seed, "population": draw.population, "drawn": draw.callbacks.count()}
