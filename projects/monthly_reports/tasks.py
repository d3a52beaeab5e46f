"""Background work of the monthly overdue reports (Celery)."""

import datetime as dt
import logging

from celery import shared_task

from projects.monthly_reports.selectors import MonthNotOver
from projects.monthly_reports.services import monthly_reports_issue

logger = logging.getLogger(__name__)


@shared_task(name="projects.tasks.monthly_reports_issue", acks_late=True)  # the name beat's rows use
def monthly_reports_issue_task(*, month: str | None = None) -> dict:
    """Issue the report of ``month`` ("YYYY-MM"; default: last month) of every zone
    with projects and tell their readers; a second run for a month sends nothing. A
    month not yet over is refused: nothing made or sent, the reason in ``refused``."""
    first = dt.datetime.strptime(month, "%Y-%m").date() if month else None
    try:
        return monthly_reports_issue(month=first)
    except MonthNotOver as refused:
        logger.warning("monthly reports not issued: %s", refused)
        return {"month": month, "generated": 0, "notified": 0, "refused": str(refused)}
