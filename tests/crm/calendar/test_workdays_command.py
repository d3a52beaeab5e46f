"""``manage.py workdays`` (crm/management/commands/workdays.py)."""

import datetime as dt
import os
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from crm.calendar.models import CalendarDayKind
from crm.calendar.services import calendar_day_set, calendar_year_set

ROOT = Path(__file__).resolve().parents[3]
CHINESE = re.compile(r"[\u4e00-\u9fff]")

pytestmark = pytest.mark.django_db


def workdays(*args: str) -> str:
    out = StringIO()
    call_command("workdays", *args, stdout=out)
    return out.getvalue()


def manage(*args: str, env=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env or os.environ,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    "args, printed",
    [
        (("add", "--from", "2026-09-30", "--days", "1"), "2026-10-08\n"),  # over National Day
        (("add", "--from", "2026-10-01", "--days", "1"), "2026-10-08\n"),  # the start day never counts
        (("add", "--from", "2026-10-08", "--days", "2"), "2026-10-10\n"),  # an adjusted Saturday
        (("add", "--from", "2026-10-08", "--days", "0"), "2026-10-08\n"),
        (("add", "--from", "2026-10-08", "--days", "-1"), "2026-09-30\n"),
        (("add", "--from", "2026-12-31", "--days", "3"), "2027-01-05 provisional\n"),
        (("between", "--from", "2026-09-30", "--to", "2026-10-08"), "1\n"),
        (("between", "--from", "2026-10-08", "--to", "2026-09-30"), "-1\n"),
        (("between", "--from", "2026-12-30", "--to", "2027-01-04"), "3 provisional\n"),
    ],
)
def test_prints_the_result_and_nothing_else(args, printed):
    assert workdays(*args) == printed


def test_uses_the_calendar_tables():
    calendar_day_set(date=dt.date(2027, 1, 1), kind=CalendarDayKind.HOLIDAY, name="元旦")
    assert workdays("add", "--from", "2026-12-31", "--days", "1") == "2027-01-04 provisional\n"

    calendar_year_set(year=2027, source="国办发明电〔2026〕号", published=True)
    assert workdays("add", "--from", "2026-12-31", "--days", "1") == "2027-01-04\n"
    assert workdays("between", "--from", "2026-12-31", "--to", "2027-01-04") == "1\n"


@pytest.mark.parametrize(
    "args, message",
    [
        (("add", "--days", "1"), "missing --from"),
        (("add", "--from", "2026-09-30"), "missing --days"),
        (("between", "--from", "2026-09-30"), "missing --to"),
        (("add", "--from", "2026-9-30", "--days", "1"), "invalid date '2026-9-30'"),
        (("add", "--from", "2026-02-30", "--days", "1"), "invalid date '2026-02-30'"),
        (("add", "--from", "20260930", "--days", "1"), "invalid date '20260930'"),
        (("between", "--from", "2026-09-30", "--to", "next week"), "--to: invalid date 'next week'"),
        (("add", "--from", "2026-09-30", "--days", "x"), "--days must be a whole number"),
        (("add", "--from", "2026-09-30", "--days", "1.5"), "--days must be a whole number"),
        ((), "specify a subcommand"),
        (("add", "--from", "9999-12-31", "--days", "1"), "outside the calendar"),
        (("add", "--from", "0001-01-01", "--days", "-1"), "outside the calendar"),
        (("add", "--from", "2026-09-30", "--days", "99999999"), "outside the calendar"),
    ],
)
def test_bad_input_is_a_bilingual_command_error(args, message):
    with pytest.raises(CommandError) as error:
        workdays(*args)
    assert message in str(error.value)
    assert CHINESE.search(str(error.value)), "the message also says it in Chinese"


def test_unknown_subcommand_is_refused():
    with pytest.raises(CommandError, match="invalid choice"):
        workdays("sub", "--from", "2026-09-30", "--to", "2026-10-08")


# --- as a real process ------------------------------------------------------------------


def test_runs_from_the_shell():
    done = manage("workdays", "add", "--from", "2026-09-30", "--days", "1")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "2026-10-08\n"


def test_bad_input_from_the_shell_exits_non_zero_without_a_traceback():
    done = manage("workdays", "add", "--from", "2026-02-30", "--days", "1")
    assert done.returncode == 1
    assert done.stdout == ""
    assert "CommandError: --from 的日期无效" in done.stderr and "invalid date '2026-02-30'" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.django_db(transaction=True)
def test_runs_from_the_shell_against_the_tables():
    """Another process sees committed overrides: the command reads the tables, not
    only the package."""
    calendar_day_set(date=dt.date(2027, 1, 1), kind=CalendarDayKind.HOLIDAY, name="元旦")
    db = connection.settings_dict
    env = dict(os.environ)
    credentials = f"{quote(db['USER'])}:{quote(db['PASSWORD'] or '')}"
    env["DATABASE_URL"] = f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    done = manage("workdays", "add", "--from", "2026-12-31", "--days", "1", env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "2027-01-04 provisional\n"
