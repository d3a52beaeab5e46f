"""The monthly run through a real Celery worker on Redis, as beat starts it on the 1st:
the reports are archived and their readers told, once however often it is queued."""

import time

import pytest

from crm.models import Notification, NotificationKind
from projects.monthly_reports.models import MonthlyReport
from projects.monthly_reports.tasks import monthly_reports_issue_task
from tests.projects.dashboards.fixture import dashboard_world

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _wait(condition, seconds: float = 120) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return False


def test_a_worker_issues_the_months_reports_once(celery_worker_process):
    w = dashboard_world()
    monthly_reports_issue_task.delay(month="2026-04")
    monthly_reports_issue_task.delay(month="2026-04")  # queued twice (a beat restart): nothing twice
    monthly_reports_issue_task.delay(month="2026-03")  # one worker, in order: when March is out, April's runs are done
    march = MonthlyReport.objects.filter(month__month=3)
    assert _wait(lambda: march.count() == 2 and Notification.objects.filter(title__contains="3月").count() == 4)
    april = MonthlyReport.objects.filter(month__month=4)
    assert {r.zone_id for r in april} == {w.z1.pk, w.z2.pk}
    assert Notification.objects.filter(kind=NotificationKind.REPORT, title__contains="4月").count() == 4
    for report in MonthlyReport.objects.all():
        assert report.pdf.read().startswith(b"%PDF")
        report.pdf.delete(save=False)
