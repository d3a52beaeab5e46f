"""Issuing the monthly overdue reports (超时办件通报): a zone's report made as a PDF and
archived (once per zone and month; a regeneration replaces it, in the audit trail), and
the monthly run that issues last month's report of every zone and tells its readers."""

import datetime as dt

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from crm.audit.services import audit_record
from crm.models import Notification, NotificationKind
from crm.notifications.services import notify_many
from crm.organisation.models import Zone
from projects.monthly_reports.document import monthly_report_pdf
from projects.monthly_reports.events import MonthlyReportEvent
from projects.monthly_reports.models import MonthlyReport
from projects.monthly_reports.selectors import (
    MonthNotOver,
    month_ended,
    month_label,
    monthly_figures,
    previous_month_first,
    report_recipients,
    report_title,
    zones_reported,
)


def monthly_report_filename(report_or_figures) -> str:
    """The name a download carries: “<zone> 2026年11月 超时办件通报.pdf”."""
    return f"{report_title(report_or_figures.zone, report_or_figures.month)}.pdf"


def monthly_report_generate(*, zone: Zone, month: dt.date, by=None, today: dt.date | None = None) -> MonthlyReport:
    """Make ``zone``'s report of ``month`` (any day of it) now and archive it: a new
    one, or the existing one with its PDF replaced. ``by`` None: the schedule.
    A month not yet over is refused (``MonthNotOver``): its figures still change."""
    today = today or timezone.localdate()
    if not month_ended(month, today):
        raise MonthNotOver(month.replace(day=1), today)
    figures = monthly_figures(zone, month, today=today)
    pdf = monthly_report_pdf(figures)  # outside the transaction: seconds of CPU, no rows locked
    storage_name = f"{zone.pk}-{figures.month:%Y-%m}.pdf"
    with transaction.atomic():
        # Two runs at once (two workers, a person and the schedule): the second waits on
        # the first's row and replaces it, never a second row or a unique-key failure.
        report, created = MonthlyReport.objects.select_for_update().get_or_create(
            zone=zone, month=figures.month, defaults={"generated_at": timezone.now()}
        )
        replaced = not created
        old_file = report.pdf.name if replaced else ""
        before = {"generated_at": f"{timezone.localtime(report.generated_at):%Y-%m-%d %H:%M}"} if replaced else {}
        report.generated_at = timezone.now()
        report.generated_by = by if getattr(by, "is_authenticated", False) else None
        report.overdue_count = len(figures.overdue)
        report.pdf.save(storage_name, ContentFile(pdf), save=False)
        report.save()
        audit_record(
            subject=report,
            actor=by,
            event=MonthlyReportEvent.REGENERATED if replaced else MonthlyReportEvent.GENERATED,
            before=before,
            after={"generated_at": f"{timezone.localtime(report.generated_at):%Y-%m-%d %H:%M}"},
        )
        if old_file and old_file != report.pdf.name:
            storage, name = report.pdf.storage, old_file
            transaction.on_commit(lambda: storage.delete(name))
    return report


def monthly_report_notify(report: MonthlyReport) -> int:
    """Tell the report's readers (``report_recipients``) it is out, with a link to
    the archive; once per reader and report, however often this runs."""
    url = reverse("projects:monthly_report_file", args=[report.pk])
    title = _("%(report)s已生成") % {"report": report}
    body = _("%(month)s通报列出超时办件 %(count)s 件，请查阅并报送。") % {
        "month": month_label(report.month),
        "count": f"{report.overdue_count:,}",
    }
    return notify_many(
        Notification(
            key=f"monthly-report-{report.zone_id}-{report.month:%Y%m}-{user_id}",
            recipient_id=user_id,
            kind=NotificationKind.REPORT,
            title=title,
            body=body,
            url=url,
        )
        for user_id in report_recipients(report.zone)
    )


def monthly_reports_issue(*, month: dt.date | None = None, today: dt.date | None = None) -> dict:
    """The monthly run (the 1st of each month): the report of ``month`` (default: last
    month) for every zone with projects, archived, its readers told. A report already
    archived for that month is left as it is (a second run makes and sends nothing).
    A month not yet over: ``MonthNotOver``, nothing made or sent."""
    today = today or timezone.localdate()
    first = (month or previous_month_first(today)).replace(day=1)
    if not month_ended(first, today):
        raise MonthNotOver(first, today)
    archived = set(MonthlyReport.objects.filter(month=first).values_list("zone_id", flat=True))
    generated = notified = 0
    for zone in zones_reported():
        if zone.pk in archived:
            report = MonthlyReport.objects.get(zone=zone, month=first)
        else:
            report = monthly_report_generate(zone=zone, month=first, today=today)
            generated += 1
        notified += monthly_report_notify(report)
    return {"month": f"{first:%Y-%m}", "generated": generated, "notified": notified}
