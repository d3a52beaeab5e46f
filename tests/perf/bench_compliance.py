"""Benchmark: the 3550 compliance table of one zone among many (PostgreSQL).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/crm_bench SECRET_KEY=x \
        .venv/bin/python -m tests.perf.bench_compliance [--projects 10000] [--small]

Seeds once (bulk inserts) ``--projects`` industrial projects spread over 20 zones, each
with its four milestones (construction permit, property title, drawing review,
assessments) in every state, and pauses of every cause (ended ones with their working
days, an open one for each paused milestone). Then times the compliance table of one
zone (government working days used / target, enterprise days, other days, within
target for each of its milestones) two ways in the same run:

- the table: ``projects.investment.selectors.milestones_compliance``, ONE aggregate query;
- the baseline: the same milestones read once, then each one's pauses read and summed
  (``crm.calendar.clock.clock_days``), a query per milestone.

Both must give the same figures for every milestone (the script exits 1 otherwise).
Each timing is the median of 15 runs after a warm-up; ``--small`` (or
BENCH_SCALE=small) seeds 200 projects and takes medians of 3; tests/test_benchmarks.py
runs it so.
"""

import argparse
import dataclasses
import datetime as dt
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.perf import add_scale_arguments, chosen_size, django_setup

django_setup("postgres://postgres@127.0.0.1:5432/crm_bench")

from django.core.management import call_command
from django.db import connection

from crm.calendar.clock import PauseCause, clock_days
from crm.calendar.workdays import get_calendar, workdays_add, workdays_between
from crm.organisation.models import Zone
from projects.investment.selectors import milestones_compliance
from projects.models import (
    Enterprise,
    Milestone,
    MilestoneDefinition,
    MilestonePause,
    MilestoneState,
    Project,
)

FULL_PROJECTS, SMALL_PROJECTS = 10_000, 200
FULL_RUNS, SMALL_RUNS = 15, 3
ZONES = 20
PROBED_ZONE = 7
BATCH = 2_000
PROJECT_CODE = "2026-320904-89-01-"
TODAY = dt.date(2026, 6, 30)
CODES = ("property_title", "drawing_review", "assessments", "construction_permit")


def zone_name(i: int) -> str:
    return f"合规基准区{i:02d}"


def seed(projects: int) -> None:
    done = Project.objects.filter(code__startswith=PROJECT_CODE).count()
    if done >= projects:
        return
    print(f"seeding {projects - done:,} projects and {4 * (projects - done):,} milestones …", flush=True)
    rng = random.Random(3550)
    zones = [
        Zone.objects.get_or_create(name=zone_name(i), defaults={"kind": "district", "division_code": "320904"})[0]
        for i in range(ZONES)
    ]
    definitions = list(MilestoneDefinition.objects.filter(code__in=CODES))
    causes = list(PauseCause.values)
    for offset in range(done, projects, BATCH):
        numbers = range(offset, min(offset + BATCH, projects))
        enterprises = Enterprise.objects.bulk_create(
            Enterprise(name=f"合规基准{n}号有限公司", zone=zones[n % ZONES], industry="C") for n in numbers
        )
        project_rows = Project.objects.bulk_create(
            Project(
                code=f"{PROJECT_CODE}{n:06d}",
                name=f"合规基准项目{n}",
                enterprise=e,
                zone=e.zone,
                industry="C",
                project_type="industrial",
                investment_amount=Decimal(1000),
            )
            for n, e in zip(numbers, enterprises, strict=True)
        )
        milestones, plans = [], []
        for project in project_rows:
            for definition in definitions:
                state = rng.choice(MilestoneState.values)
                started = None if state == MilestoneState.PENDING else TODAY - dt.timedelta(days=rng.randint(20, 150))
                pauses, day = [], started
                if started is not None:
                    for _ in range(rng.randint(0, 3)):
                        paused_on = workdays_add(day, rng.randint(1, 5)).date
                        resumed_on = workdays_add(paused_on, rng.randint(1, 6)).date
                        if resumed_on >= TODAY:
                            break
                        pauses.append((rng.choice(causes), paused_on, resumed_on))
                        day = resumed_on
                    if state == MilestoneState.PAUSED:
                        pauses.append((rng.choice(causes), min(workdays_add(day, 1).date, TODAY), None))
                finished = None
                if state == MilestoneState.COMPLETED:
                    finished = min(workdays_add(day, rng.randint(1, 30)).date, TODAY)
                milestones.append(
                    Milestone(
                        project=project,
                        definition=definition,
                        state=state,
                        target_working_days=definition.target_working_days,
                        started_on=started,
                        due_date=workdays_add(started, definition.target_working_days).date if started else None,
                        finished_on=finished,
                        paused_on=pauses[-1][1] if state == MilestoneState.PAUSED else None,
                    )
                )
                plans.append(pauses)
        milestones = Milestone.objects.bulk_create(milestones)
        MilestonePause.objects.bulk_create(
            MilestonePause(
                milestone=milestone,
                cause=cause,
                reason=str(PauseCause(cause).label),
                paused_on=paused_on,
                resumed_on=resumed_on,
                working_days=workdays_between(paused_on, resumed_on).days if resumed_on else None,
            )
            for milestone, pauses in zip(milestones, plans, strict=True)
            for cause, paused_on, resumed_on in pauses
        )
        print(f"  {offset + len(numbers):,}", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


class _Counter:
    """Counts the statements run (the debug query log keeps only the last 9,000,
    fewer than the loop runs)."""

    def __init__(self) -> None:
        self.queries = 0

    def __call__(self, execute, sql, params, many, context):
        self.queries += 1
        return execute(sql, params, many, context)


def timed(fn, runs: int) -> tuple[float, int, object]:
    """Median milliseconds, queries of one run, and the result."""
    fn()  # warm-up
    times, queries, result = [], 0, None
    for _ in range(runs):
        counter = _Counter()
        with connection.execute_wrapper(counter):
            started = time.perf_counter()
            result = fn()
            times.append(time.perf_counter() - started)
        queries = counter.queries
    return statistics.median(times) * 1000, queries, result


@dataclasses.dataclass(frozen=True)
class Timing:
    name: str
    ms: float  # median
    queries: int


@dataclasses.dataclass(frozen=True)
class Figures:
    projects: int
    milestones: int  # of every zone
    zone_milestones: int  # of the probed zone
    started: int  # of the probed zone, with figures
    pauses: int  # of the probed zone
    mismatches: int
    table: Timing
    loop: Timing

    @property
    def ratio(self) -> float:
        return self.loop.ms / self.table.ms


def run(projects: int = FULL_PROJECTS, runs: int = FULL_RUNS) -> Figures:
    seed(projects)
    get_calendar()  # built once per process; inside the measurement only its revision check may run
    zone = Zone.objects.get(name=zone_name(PROBED_ZONE))
    of_zone = Milestone.objects.filter(project__zone=zone, project__code__startswith=PROJECT_CODE)

    def table():
        return {
            row.milestone.pk: None
            if row.figures is None
            else (row.figures.government, row.figures.enterprise, row.figures.other, row.within_target)
            for row in milestones_compliance(of_zone, TODAY)
        }

    def loop():
        figures = {}
        for milestone in of_zone.select_related("definition", "project"):
            days = clock_days(
                started_on=milestone.started_on,
                end=milestone.finished_on or TODAY,
                target=milestone.target_working_days,
                pauses=milestone.pauses.all(),
            )
            figures[milestone.pk] = (
                None if days is None else (days.government, days.enterprise, days.other, days.within_target)
            )
        return figures

    table_ms, table_queries, by_table = timed(table, runs)
    loop_ms, loop_queries, by_loop = timed(loop, runs)
    mismatches = sum(by_table.get(pk) != value for pk, value in by_loop.items()) + abs(len(by_table) - len(by_loop))
    figures = Figures(
        projects=Project.objects.filter(code__startswith=PROJECT_CODE).count(),
        milestones=Milestone.objects.filter(project__code__startswith=PROJECT_CODE).count(),
        zone_milestones=len(by_table),
        started=sum(value is not None for value in by_table.values()),
        pauses=MilestonePause.objects.filter(milestone__in=of_zone).count(),
        mismatches=mismatches,
        table=Timing("compliance table (one aggregate query)", table_ms, table_queries),
        loop=Timing("baseline: a pause query per milestone", loop_ms, loop_queries),
    )
    print(
        f"\n3550 compliance of one zone among {ZONES} ({figures.projects:,} projects, {figures.milestones:,} milestones;"
        f" this zone: {figures.zone_milestones:,} milestones, {figures.started:,} started, {figures.pauses:,} pauses)"
    )
    for one in (figures.table, figures.loop):
        print(f"{one.name:<42} {one.ms:9.1f} ms  {one.queries:5d} queries")
    print(
        f"ratio loop / table: {figures.ratio:.1f}x; figures agree: {figures.zone_milestones - figures.mismatches:,}"
        f" / {figures.zone_milestones:,}   ({figures.mismatches} mismatches)"
    )
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_scale_arguments(parser, "--projects", FULL_PROJECTS, SMALL_PROJECTS, "how many projects to seed")
    parser.add_argument(
        "--runs", type=int, default=None, help=f"runs per median (default {FULL_RUNS}, small {SMALL_RUNS})"
    )
    args = parser.parse_args(argv)
    call_command("migrate", verbosity=0)
    figures = run(
        chosen_size(args, args.projects, FULL_PROJECTS, SMALL_PROJECTS),
        chosen_size(args, args.runs, FULL_RUNS, SMALL_RUNS),
    )
    if figures.mismatches:
        sys.exit(1)


if __name__ == "__main__":
    main()
