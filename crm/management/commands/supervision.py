"""``manage.py supervision rebuild|sweep|digest``: the supervision tasks by hand."""

import datetime as dt

from django.core.management.base import BaseCommand

from crm.supervision.services import deadlines_rebuild, digests_send, sweep


class Command(BaseCommand):
    help = "电子监察：rebuild 重建期限表；sweep 立即巡检；digest 发送监察日报"

    def add_arguments(self, parser) -> None:
        parser.add_argument("action", choices=["rebuild", "sweep", "digest"])
        parser.add_argument("--on", type=dt.date.fromisoformat, help="日期 YYYY-MM-DD（默认今天）")

    def handle(self, *args, action: str, on: dt.date | None = None, **options) -> None:
        if action == "rebuild":
            self.stdout.write(f"已核对 {deadlines_rebuild()} 个计时对象")
        elif action == "sweep":
            outcome = sweep(on)
            self.stdout.write(f"等级变化 {outcome.changed} 个，新提醒 {len(outcome.alerts)} 条")
        else:
            self.stdout.write(f"监察日报 {digests_send(on)} 份")
