"""Working-day arithmetic from the shell, with the calendar the application uses
(package data plus the CalendarDay / CalendarYear tables):

    manage.py workdays add --from 2026-09-30 --days 1       ->  2026-10-08
    manage.py workdays between --from 2026-09-30 --to 2026-10-08  ->  1

A result that rests on a year with no official schedule ends in `` provisional``.

Arguments are checked here rather than by argparse so that every mistake gets the
same bilingual CommandError (exit status 1, no traceback), from the shell and from
``call_command`` alike.
"""

import datetime as dt
import re

from django.core.management.base import BaseCommand, CommandError

from crm.calendar.workdays import workdays_add, workdays_between

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _date(value, option: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    if value is None:
        raise CommandError(f"缺少参数 {option} YYYY-MM-DD / missing {option} YYYY-MM-DD")
    text = str(value).strip()
    try:
        if not _ISO_DATE.fullmatch(text):
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            f"{option} 的日期无效：{text!r}，应为 YYYY-MM-DD / {option}: invalid date {text!r}, expected YYYY-MM-DD"
        ) from None


def _days(value) -> int:
    if value is None:
        raise CommandError("缺少参数 --days N / missing --days N")
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    try:
        return int(str(value).strip())
    except ValueError:
        raise CommandError(f"--days 应为整数：{value!r} / --days must be a whole number, not {value!r}") from None


class Command(BaseCommand):
    help = "按工作日计算期限（不含起始日，扣除法定节假日，计入调休上班日） / working-day arithmetic"

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", metavar="{add,between}")
        add = actions.add_parser("add", help="起始日后第 N 个工作日 / the date N working days after --from")
        add.add_argument(
            "--from", dest="start", metavar="YYYY-MM-DD", help="起始日（不计入） / start day (not counted)"
        )
        add.add_argument("--days", metavar="N", help="工作日数，负数为倒推 / working days, negative counts back")
        between = actions.add_parser(
            "between", help="起始日之后至截止日（含）的工作日数 / working days after --from up to and including --to"
        )
        between.add_argument(
            "--from", dest="start", metavar="YYYY-MM-DD", help="起始日（不计入） / start day (not counted)"
        )
        between.add_argument("--to", dest="end", metavar="YYYY-MM-DD", help="截止日（计入） / end day (counted)")

    def handle(self, *args, action=None, start=None, days=None, end=None, **options):
        if action is None:
            raise CommandError("请指定子命令 add 或 between / specify a subcommand: add or between")
        start = _date(start, "--from")
        if action == "add":
            days = _days(days)
            try:
                result = workdays_add(start, days)
            except ValueError as e:
                raise CommandError(f"结果超出可计算的日期范围（公元 1–9999 年） / {e}") from None
        else:
            result = workdays_between(start, _date(end, "--to"))
        self.stdout.write(str(result))
