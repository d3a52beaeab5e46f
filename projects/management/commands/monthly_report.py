"""``manage.py monthly_report [--month YYYY-MM] [--zone 名称] [--notify]``: make (or
make again) a month's overdue reports now, as the schedule does on the 1st."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from crm.organisation.models import Zone
from projects.monthly_reports.forms import MonthField
from projects.monthly_reports.selectors import MonthNotOver, month_ended, previous_month_first, zones_reported
from projects.monthly_reports.services import monthly_report_generate, monthly_report_notify


class Command(BaseCommand):
    help = "超时办件通报：立即生成（已归档的替换）某月某区域或全部区域的通报"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--month", help="月份 YYYY-MM（默认上月）")
        parser.add_argument("--zone", help="区域名称（默认所有有项目的区域）")
        parser.add_argument("--notify", action="store_true", help="同时通知代办中心负责人和园区管委会")

    def handle(self, *args, month: str | None, zone: str | None, notify: bool, **options) -> None:
        try:
            first = MonthField(required=False).clean(month) if month else None
        except ValidationError as error:
            raise CommandError("；".join(error.messages)) from error
        today = timezone.localdate()
        if first is None:
            first = previous_month_first(today)
        if not month_ended(first, today):
            raise CommandError(str(MonthNotOver(first, today)))
        zones = zones_reported() if zone is None else Zone.objects.filter(name=zone)
        if zone is not None and not zones:
            raise CommandError(f"没有名为“{zone}”的区域")
        for each in zones:
            report = monthly_report_generate(zone=each, month=first)
            told = monthly_report_notify(report) if notify else 0
            self.stdout.write(
                f"{report}：超时办件 {report.overdue_count:,} 件" + (f"，通知 {told} 人" if notify else "")
            )
