"""Benchmark: adding working days with crm.workdays against chinese_calendar.find_workday.

    .venv/bin/python tests/perf/bench_workdays.py [--pairs 100000] [--seed 20260930]

The same seeded (start, n) pairs go to both: starts are working days of the years the
package covers (there both count the same way, see crm/workdays.py), n is 1..60, and
every result stays inside the covered years. Exits 1 if any result differs.
"""

import argparse
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crm.settings")

import django  # noqa: E402

django.setup()

import chinese_calendar  # noqa: E402

from crm.calendar.workdays import PACKAGE_YEARS, WorkingCalendar, get_calendar, workdays_add

MAX_DAYS = 60


def working_days_of_the_package() -> list[dt.date]:
    first = dt.date(min(PACKAGE_YEARS), 1, 1).toordinal()
    last = dt.date(max(PACKAGE_YEARS), 12, 31).toordinal()
    days = (dt.date.fromordinal(o) for o in range(first, last + 1))
    return [d for d in days if chinese_calendar.is_workday(d)]


def make_pairs(count: int, seed: int) -> list[tuple[dt.date, int]]:
    rng = random.Random(seed)
    working = working_days_of_the_package()
    # The last MAX_DAYS working days are left out as starts, so every result is covered.
    return [(working[rng.randrange(len(working) - MAX_DAYS)], rng.randint(1, MAX_DAYS)) for _ in range(count)]


def rate(label: str, call, pairs) -> tuple[float, list]:
    started = time.perf_counter()
    results = [call(start, n) for start, n in pairs]
    elapsed = time.perf_counter() - started
    per_second = len(pairs) / elapsed
    print(f"{label:<44}{per_second:>14,.0f} calls/s   ({elapsed:.3f} s)")
    return per_second, results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=20260930)
    args = parser.parse_args()

    pairs = make_pairs(args.pairs, args.seed)
    print(
        f"{len(pairs):,} pairs, seed {args.seed}: working-day starts in {min(PACKAGE_YEARS)}–{max(PACKAGE_YEARS)}, "
        f"n in 1..{MAX_DAYS}; Python {sys.version.split()[0]}, chinese-calendar {chinese_calendar.__version__}"
    )

    started = time.perf_counter()
    calendar = WorkingCalendar(overrides={}, official_years=PACKAGE_YEARS)
    print(f"{'WorkingCalendar built in':<44}{time.perf_counter() - started:>14.3f} s")

    ours, our_dates = rate("crm.workdays WorkingCalendar.add", lambda s, n: calendar.add(s, n).date, pairs)
    # Slow: chinese_calendar.is_workday recomputes min()/max() over all its holidays on
    # every call, and find_workday calls it once per calendar day it steps over.
    theirs, their_dates = rate("chinese_calendar.find_workday", lambda s, n: chinese_calendar.find_workday(n, s), pairs)
    print(f"{'ratio (ours / find_workday)':<44}{ours / theirs:>14,.1f} x")
    mismatches = sum(a != b for a, b in zip(our_dates, their_dates))
    print(f"{'agreement':<44}{len(pairs) - mismatches:>14,} / {len(pairs):,}   ({mismatches} mismatches)")

    spans = [(start, end) for (start, _), end in zip(pairs, our_dates)]
    _, counts = rate("crm.workdays WorkingCalendar.between", lambda s, e: calendar.between(s, e).days, spans)
    miscounts = sum(count != n for count, (_, n) in zip(counts, pairs))
    label = "between(start, result) == n"
    print(f"{label:<44}{len(pairs) - miscounts:>14,} / {len(pairs):,}   ({miscounts} mismatches)")

    get_calendar()  # loaded once per process, as in the application
    _, module_dates = rate(
        "crm.workdays.workdays_add (get_calendar)", lambda s, n: workdays_add(s, n).date, pairs
    )
    module_mismatches = sum(a != b for a, b in zip(module_dates, their_dates))
    if module_mismatches:
        print(f"workdays_add differs from find_workday on {module_mismatches} pairs (overrides in the database?)")
    return 1 if mismatches or miscounts else 0


if __name__ == "__main__":
    sys.exit(main())
