"""The demo's archive of overdue reports: last month's, issued as the schedule issues
them on the 1st (archived, readers told), so the list is not empty. Once."""

import datetime as dt

from projects.monthly_reports.models import MonthlyReport
from projects.monthly_reports.selectors import previous_month_first
from projects.monthly_reports.services import monthly_reports_issue


def monthly_reports_demo(today: dt.date) -> int:
    month = previous_month_first(today)
    if MonthlyReport.objects.filter(month=month).exists():
        return 0
    return monthly_reports_issue(month=month, today=today)["generated"]
