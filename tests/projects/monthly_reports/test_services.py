"""Issuing the month's reports: the run on the 1st makes every zone's report once,
archives it and tells its readers once (a second run makes and sends nothing); the
schedule is in django-celery-beat; the command makes a month's report again now."""

import datetime as dt
import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from crm.celery import app as celery_app
from crm.models import Notification, NotificationKind
from projects.monthly_reports.models import MonthlyReport
from projects.monthly_reports.selectors import MonthNotOver
from projects.monthly_reports.services import monthly_report_generate, monthly_reports_issue
from projects.monthly_reports.tasks import monthly_reports_issue_task
from tests.projects.dashboards.fixture import TODAY, dashboard_world

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def w(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return dashboard_world()


def test_the_monthly_run_archives_every_zones_report_and_tells_its_readers_once(w):
    outcome = monthly_reports_issue(today=D(2026, 5, 1))  # the 1st: last month's reports

    assert outcome == {"month": "2026-04", "generated": 2, "notified": 4}
    reports = {r.zone: r for r in MonthlyReport.objects.all()}
    assert set(reports) == {w.z1, w.z2}
    assert reports[w.z1].month == D(2026, 4, 1) and reports[w.z1].generated_by is None
    assert (reports[w.z1].overdue_count, reports[w.z2].overdue_count) == (3, 0)
    assert reports[w.z1].pdf.read().startswith(b"%PDF")
    told = {(n.recipient_id, n.url) for n in Notification.objects.filter(kind=NotificationKind.REPORT)}
    assert told == {
        (w.s1.user.pk, reverse("projects:monthly_report_file", args=[reports[w.z1].pk])),
        (w.committee.pk, reverse("projects:monthly_report_file", args=[reports[w.z1].pk])),
        (w.s2.user.pk, reverse("projects:monthly_report_file", args=[reports[w.z2].pk])),
        (w.committee2.pk, reverse("projects:monthly_report_file", args=[reports[w.z2].pk])),
    }
    title = Notification.objects.get(recipient=w.committee).title
    assert title == "看板一区 2026年4月 超时办件通报已生成"

    again = monthly_reports_issue(today=D(2026, 5, 1))
    assert again == {"month": "2026-04", "generated": 0, "notified": 0}
    assert Notification.objects.count() == 4
    assert MonthlyReport.objects.get(zone=w.z1).generated_at == reports[w.z1].generated_at  # left as issued


def test_the_task_takes_a_month_and_is_registered_under_the_name_the_schedule_uses(w):
    result = monthly_reports_issue_task.apply(kwargs={"month": "2026-04"}).get()
    assert result["month"] == "2026-04" and result["generated"] == 2
    assert "projects.tasks.monthly_reports_issue" in celery_app.tasks


def test_the_schedule_runs_on_the_first_of_each_month_at_eight_shanghai_time():
    task = PeriodicTask.objects.get(task="projects.tasks.monthly_reports_issue")
    crontab = task.crontab
    assert (crontab.minute, crontab.hour, crontab.day_of_month, crontab.month_of_year) == ("0", "8", "1", "*")
    assert str(crontab.timezone) == "Asia/Shanghai" and task.enabled


def test_the_command_makes_a_months_report_again_now(w, capsys):
    call_command("monthly_report", "--month", "2026-04", "--zone", "看板一区", "--notify")
    first = MonthlyReport.objects.get(zone=w.z1)
    assert "看板一区 2026年4月 超时办件通报：超时办件 3 件，通知 2 人" in capsys.readouterr().out
    call_command("monthly_report", "--month", "2026-04", "--zone", "看板一区", "--notify")
    assert MonthlyReport.objects.get(zone=w.z1).generated_at > first.generated_at
    assert "通知 0 人" in capsys.readouterr().out  # told once
    assert MonthlyReport.objects.count() == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--month", "2026-13"], "月份的格式为"),
        (["--month", "2026-04\x00"], "空字符"),
        (["--month", "x" * 10_000], "不超过"),
        (["--month", "2999-01"], "不能晚于本月"),
        (["--month", "2026-04", "--zone", "没有这个区"], "没有名为“没有这个区”的区域"),
    ],
)
def test_the_command_answers_a_bad_value_with_a_message(w, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("monthly_report", *args)
    assert not MonthlyReport.objects.exists()


def test_a_month_not_yet_over_is_never_archived_nor_sent(w, monkeypatch):
    """On 2026-05-11 May's figures still change: the run, a zone's generation, the
    command and the task all refuse it, saying why; the 31st of May too (the day runs)."""
    refusal = "2026年5月尚未结束（今天是 2026-05-11），只能生成并归档已结束月份的通报"
    with pytest.raises(MonthNotOver, match=re.escape(refusal)):
        monthly_reports_issue(month=D(2026, 5, 1), today=TODAY)
    with pytest.raises(MonthNotOver):
        monthly_report_generate(zone=w.z1, month=D(2026, 5, 31), today=D(2026, 5, 31))
    monkeypatch.setattr(timezone, "localdate", lambda *args: TODAY)
    with pytest.raises(CommandError, match=re.escape(refusal)):
        call_command("monthly_report", "--month", "2026-05", "--notify")
    result = monthly_reports_issue_task.apply(kwargs={"month": "2026-05"}).get()
    assert result == {"month": "2026-05", "generated": 0, "notified": 0, "refused": refusal}
    assert not MonthlyReport.objects.exists() and not Notification.objects.exists()
    assert monthly_reports_issue(month=D(2026, 5, 1), today=D(2026, 6, 1))["generated"] == 2  # once it is over


def test_the_notice_names_the_reports_month_not_this_month(w):
    monthly_reports_issue(today=D(2026, 5, 1))
    body = Notification.objects.get(recipient=w.committee).body
    assert body == "2026年4月通报列出超时办件 3 件，请查阅并报送。" and "本月" not in body


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_leave_one_report_and_no_failure(settings, tmp_path, monkeypatch):
    """Two workers (or a person and the schedule) make the same report at the same moment:
    the second waits on the first's row and replaces its file; one row, both recorded."""
    import threading

    from django.db import connection

    from crm.audit.models import AuditEntry
    from projects.monthly_reports import services
    from projects.monthly_reports.services import monthly_report_generate

    settings.MEDIA_ROOT = tmp_path
    w = dashboard_world()
    together = threading.Barrier(2, timeout=30)

    def pdf_when_both_are_ready(figures):
        together.wait()  # both past the figures, into the transaction at once
        return b"%PDF-1.4 test"

    monkeypatch.setattr(services, "monthly_report_pdf", pdf_when_both_are_ready)
    failures = []

    def run():
        try:
            monthly_report_generate(zone=w.z1, month=D(2026, 4, 1), today=TODAY)
        except Exception as error:  # noqa: BLE001  (the test reports whatever a run raised)
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert failures == []
    report = MonthlyReport.objects.get()
    events = sorted(AuditEntry.objects.filter(subject_id=str(report.pk)).values_list("event", flat=True))
    assert events == ["monthly_report.generated", "monthly_report.regenerated"]
    assert report.pdf.storage.exists(report.pdf.name)
