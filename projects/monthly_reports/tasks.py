"""Background work of the monthly overdue reports (Celery)."""

import datetime as dt

from celery import shared_task

from projects.monthly_reports.services import monthly_reports_issue


@shared_task(name="projects.tasks.monthly_reports_issue", acks_late=True)  # the name beat's rows use
def monthly_reports_issue_task(*, month: str | None = None) -> dict:
    """Issue the report of ``month`` ("YYYY-MM"; default: last month) of every zone
    with projects and tell their readers; a second run for a month sends nothing."""
    first = dt.datetime.strptime(month, "%Y-%m").date() if month else None
    return monthly_reports_issue(month=first)
