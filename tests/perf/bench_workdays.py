"""Benchmark: adding working days with crm.calendar.workdays against chinese_calendar.find_workday.

    .venv/bin/python -m tests.perf.bench_workdays [--pairs 100000] [--seed 20260930] [--small]

The same seeded (start, n) pairs go to both: starts are working days of the years the
package covers (there both count the same way, see crm/calendar/workdays.py), n is 1..60,
and every result stays inside the covered years. Exits 1 if any result differs.
``--small`` (or BENCH_SCALE=small) uses 300 pairs; tests/test_benchmarks.py runs it so.
"""

import argparse
import dataclasses
import datetime as dt
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.perf import add_scale_arguments, chosen_size, django_setup

django_setup()

import chinese_calendar

from crm.calendar.workdays import PACKAGE_YEARS, WorkingCalendar, get_calendar, workdays_add

MAX_DAYS = 60
FULL_PAIRS, SMALL_PAIRS = 100_000, 300


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


@dataclasses.dataclass(frozen=True)
class Figures:
    pairs: int
    ours: float  # WorkingCalendar.add, calls per second
    theirs: float  # chinese_calendar.find_workday, calls per second
    ratio: float  # ours / theirs
    mismatches: int  # WorkingCalendar.add against find_workday
    miscounts: int  # between(start, add(start, n)) != n
    module_rate: float  # workdays_add, calls per second
    module_mismatches: int  # workdays_add against find_workday (overrides in the database)


def run(pair_count: int = FULL_PAIRS, seed: int = 20260930) -> Figures:
    pairs = make_pairs(pair_count, seed)
    print(
        f"{len(pairs):,} pairs, seed {seed}: working-day starts in {min(PACKAGE_YEARS)}–{max(PACKAGE_YEARS)}, "
        f"n in 1..{MAX_DAYS}; Python {sys.version.split()[0]}, chinese-calendar {chinese_calendar.__version__}"
    )

    started = time.perf_counter()
    calendar = WorkingCalendar(overrides={}, official_years=PACKAGE_YEARS)
    print(f"{'WorkingCalendar built in':<44}{time.perf_counter() - started:>14.3f} s")

    ours, our_dates = rate("WorkingCalendar.add", lambda s, n: calendar.add(s, n).date, pairs)
    # Slow: chinese_calendar.is_workday recomputes min()/max() over all its holidays on
    # every call, and find_workday calls it once per calendar day it steps over.
    theirs, their_dates = rate("chinese_calendar.find_workday", lambda s, n: chinese_calendar.find_workday(n, s), pairs)
    print(f"{'ratio (ours / find_workday)':<44}{ours / theirs:>14,.1f} x")
    mismatches = sum(a != b for a, b in zip(our_dates, their_dates))
    print(f"{'agreement':<44}{len(pairs) - mismatches:>14,} / {len(pairs):,}   ({mismatches} mismatches)")

    spans = [(start, end) for (start, _), end in zip(pairs, our_dates)]
    _, counts = rate("WorkingCalendar.between", lambda s, e: calendar.between(s, e).days, spans)
    miscounts = sum(count != n for count, (_, n) in zip(counts, pairs))
    label = "between(start, result) == n"
    print(f"{label:<44}{len(pairs) - miscounts:>14,} / {len(pairs):,}   ({miscounts} mismatches)")

    get_calendar()  # loaded once per process, as in the application
    module_rate, module_dates = rate("workdays_add (get_calendar)", lambda s, n: workdays_add(s, n).date, pairs)
    module_mismatches = sum(a != b for a, b in zip(module_dates, their_dates))
    if module_mismatches:
        print(f"workdays_add differs from find_workday on {module_mismatches} pairs (overrides in the database?)")
    return Figures(
        pairs=len(pairs),
        ours=ours,
        theirs=theirs,
        ratio=ours / theirs,
        mismatches=mismatches,
        miscounts=miscounts,
        module_rate=module_rate,
        module_mismatches=module_mismatches,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_scale_arguments(parser, "--pairs", FULL_PAIRS, SMALL_PAIRS, "how many (start, n) pairs")
    parser.add_argument("--seed", type=int, default=20260930)
    args = parser.parse_args(argv)
    figures = run(chosen_size(args, args.pairs, FULL_PAIRS, SMALL_PAIRS), args.seed)
    return 1 if figures.mismatches or figures.miscounts else 0


if __name__ == "__main__":
    sys.exit(main())
