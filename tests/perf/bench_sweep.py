"""Benchmark: the supervision sweep over 1,000,000 open deadlines (PostgreSQL).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/crm_bench SECRET_KEY=x \
        .venv/bin/python -m tests.perf.bench_sweep [--deadlines 1000000] [--small]

Creates the schema and, once, 1,000,000 open deadlines (one INSERT … SELECT from
generate_series) owned by 50 agents of 5 centres, due over the next 200 days, each
at the level a sweep yesterday left it, with the alerts earlier sweeps raised for those
levels (one INSERT … SELECT). Then times, against the same day:

- the sweep of a new day: every deadline whose level changes today gets its new level
  and one alert, and each alert its notifications and deliveries (agent; overdue also
  the centre's supervisors) — everything the beat task does but sending;
- the steady state: the sweep run again the same day (nothing changes; what beat does
  every five minutes);
- the floor: one plain SQL statement selecting the same rows the sweep changes.

The sweep is also timed without the notifications, to show the set-based statement
against its floor: the difference is the writing of the changed rows, the alerts and
their index entries, which a SELECT does not do.

Each sweep runs in a transaction that is rolled back, so runs repeat on the same data;
figures are medians of 5 runs after a warm-up. ``--small`` (or BENCH_SCALE=small) seeds
500 deadlines and takes medians of 3; tests/test_benchmarks.py runs it so.

The seeding INSERT names every column of the deadline table: the ones that differ per
row are SQL expressions here, all others take the value the model gives a new row (its
defaults), so a new column with a default needs nothing here, and one without a default
stops the seeding with its name.
"""

import argparse
import dataclasses
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.perf import add_scale_arguments, chosen_size, django_setup

django_setup("postgres://postgres@127.0.0.1:5432/crm_bench")

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count
from django.db.models.fields import AutoFieldMixin

import crm.supervision.services as supervision
from agents.models import ProxyAgent, ServiceCentre
from crm.accounts.models import User
from crm.accounts.roles import GROUP_NAMES, Role
from crm.calendar.clock import DeadlineLevel
from crm.notifications.models import Delivery, Notification
from crm.organisation.models import Zone
from crm.supervision.models import Alert, Deadline, DeadlineState
from crm.supervision.services import changed_deadlines_sql, sweep

FULL_DEADLINES, SMALL_DEADLINES = 1_000_000, 500
FULL_RUNS, SMALL_RUNS = 5, 3
AGENTS, CENTRES = 50, 5
TODAY = dt.date(2026, 6, 1)
HORIZON_DAYS = 200
TITLE = "基准期限"


class Rollback(Exception):
    pass


def insert_columns(template, computed: dict[str, str]) -> tuple[str, str, dict]:
    """The column list, the SELECT list and its parameters for an INSERT … SELECT of rows
    of ``template``'s model: the SQL in ``computed`` (by attribute name) where given, else
    the value the model gives ``template`` when it is saved (defaults, ``auto_now``)."""
    meta = template._meta
    computed = dict(computed)
    columns, values, params = [], [], {}
    for field in meta.concrete_fields:
        if isinstance(field, AutoFieldMixin):
            continue
        columns.append(connection.ops.quote_name(field.column))
        if field.attname in computed:
            values.append(computed.pop(field.attname))
            continue
        value = field.get_db_prep_save(field.pre_save(template, add=True), connection)
        if value is None and not field.null:
            raise ValueError(
                f"{meta.db_table}.{field.column} is NOT NULL and has no default: give it a value in bench_sweep.seed()"
            )
        params[f"model_{field.column}"] = value
        values.append(f"%(model_{field.column})s")
    if computed:
        raise ValueError(f"{meta.object_name} has no fields {sorted(computed)}")
    return ", ".join(columns), ", ".join(values), params


def seed(deadlines: int) -> None:
    zone = Zone.objects.get_or_create(name="监察基准区", defaults={"division_code": "320903"})[0]
    centres = [
        ServiceCentre.objects.get_or_create(name=f"监察基准中心{n}", defaults={"zone": zone})[0] for n in range(CENTRES)
    ]
    supervisors = Group.objects.get_or_create(name=GROUP_NAMES[Role.SUPERVISOR])[0]
    owners = []
    for n in range(AGENTS):
        user, _ = User.objects.get_or_create(username=f"sweep_agent{n}", defaults={"full_name": f"监察基准{n}"})
        centre = centres[n % CENTRES]
        ProxyAgent.objects.get_or_create(user=user, defaults={"centre": centre, "employee_no": f"SW{n:03d}"})
        if n < CENTRES:
            user.groups.add(supervisors)  # agent n supervises centre n
        owners.append((user.pk, centre.pk))
    if Deadline.objects.filter(title__startswith=TITLE).count() != deadlines or Deadline.objects.count() != deadlines:
        seed_deadlines(deadlines, owners)
    if not Alert.objects.exists():
        seed_past_alerts()


def seed_deadlines(deadlines: int, owners: list[tuple[int, int]]) -> None:
    print(f"seeding {deadlines:,} open deadlines …", flush=True)
    Deadline.objects.all().delete()
    owner_ids = "ARRAY[" + ",".join(str(u) for u, _ in owners) + "]"
    centre_ids = "ARRAY[" + ",".join(str(c) for _, c in owners) + "]"
    template = Deadline(kind_label="审批事项", state=DeadlineState.OPEN, level=DeadlineLevel.NORMAL)
    columns, values, params = insert_columns(
        template,
        {
            "subject_type_id": "%(kind)s",
            "subject_id": "g",
            "title": f"'{TITLE}' || g",
            "url": "'/projects/cases/' || g || '/'",
            "owner_id": f"({owner_ids})[1 + g %% {AGENTS}]",
            "centre_key": f"({centre_ids})[1 + g %% {AGENTS}]",
            "due_date": "d.due",
            "warn_on": "d.due - 2",
        },
    )
    params.update(
        kind=ContentType.objects.get_for_model(Deadline).pk,
        n=deadlines,
        start=TODAY - dt.timedelta(days=HORIZON_DAYS // 4),
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {Deadline._meta.db_table} ({columns})
            SELECT {values}
            FROM generate_series(1, %(n)s) AS g,
                 LATERAL (SELECT %(start)s::date + ((g::bigint * 7919) %% {HORIZON_DAYS})::int AS due) AS d
            """,
            params,
        )
        # the levels yesterday's sweep left
        yesterday = TODAY - dt.timedelta(days=1)
        cursor.execute(
            "UPDATE crm_deadline SET level = CASE WHEN due_date < %(d)s THEN 'overdue' "
            "WHEN warn_on <= %(d)s THEN 'warning' ELSE 'normal' END",
            {"d": yesterday},
        )
        # VACUUM (for index-only scans) cannot run in a transaction, as under pytest.
        cursor.execute("ANALYZE crm_deadline" if connection.in_atomic_block else "VACUUM ANALYZE crm_deadline")
    print("  done", flush=True)


def seed_past_alerts() -> None:
    """The alerts earlier sweeps raised for the levels they left (one per deadline at
    warning or overdue), so the alert table has the size and statistics it has in use:
    analysed while empty, the planner takes the sweep's 10,000 new alerts for one row
    and fans them out with a nested loop (at 1,000,000 deadlines
    43.6 s instead of about 1.5 s)."""
    print("seeding the alerts of earlier days …", flush=True)
    columns, values, params = insert_columns(
        Alert(),
        {
            "deadline_id": "id",
            "level": "level",
            "due_date": "due_date",
            "raised_on": "CASE level WHEN 'overdue' THEN due_date + 1 ELSE warn_on END",
        },
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Alert._meta.db_table} ({columns}) SELECT {values} FROM crm_deadline "
            "WHERE state = 'open' AND level <> 'normal'",
            params,
        )
        cursor.execute("ANALYZE crm_alert" if connection.in_atomic_block else "VACUUM ANALYZE crm_alert")
    print("  done", flush=True)


def timed(fn, runs: int = FULL_RUNS) -> tuple[float, object]:
    fn()  # warm-up
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000, result


def rolled_back(fn):
    def run():
        outcome = None
        try:
            with transaction.atomic():
                outcome = fn()
                raise Rollback
        except Rollback:
            pass
        return outcome

    return run


def floor():
    with connection.cursor() as cursor:
        cursor.execute(changed_deadlines_sql(), {"today": TODAY})
        return len(cursor.fetchall())


def steady():
    sweep(TODAY)  # levels recorded …
    started = time.perf_counter()
    outcome = sweep(TODAY)  # … then the same day again: nothing to do
    return outcome, time.perf_counter() - started


@dataclasses.dataclass(frozen=True)
class Figures:
    open_deadlines: int
    rows: int  # rows the floor selects: those whose level changes today
    changed: int  # deadlines the sweep changed
    alerts: dict  # level -> alerts the sweep raised
    notifications: int
    deliveries: int
    steady_changed: int  # what the sweep run again the same day changed
    steady_alerts: int
    floor_ms: float
    core_ms: float  # levels + alerts
    sweep_ms: float  # levels + alerts + notifications and deliveries
    steady_ms: float

    @property
    def steady_ratio(self) -> float:
        return self.steady_ms / self.floor_ms


def run(deadlines: int = FULL_DEADLINES, runs: int = FULL_RUNS) -> Figures:
    seed(deadlines)
    open_count = Deadline.objects.filter(state=DeadlineState.OPEN).count()
    floor_ms, rows = timed(floor, runs)
    sweep_ms, outcome = timed(rolled_back(lambda: sweep(TODAY)), runs)
    fan_out = supervision.alerts_notify
    supervision.alerts_notify = lambda ids: 0
    try:
        core_ms, _ = timed(rolled_back(lambda: sweep(TODAY)), runs)
    finally:
        supervision.alerts_notify = fan_out
    steady_runs = [rolled_back(steady)() for _ in range(runs + 1)][1:]
    steady_ms = statistics.median(seconds for _, seconds in steady_runs) * 1000
    with transaction.atomic():
        outcome = sweep(TODAY)
        alerts = dict(
            Alert.objects.filter(pk__in=outcome.alerts).values_list("level").annotate(n=Count("pk")).order_by()
        )
        notes = Notification.objects.filter(alert__in=outcome.alerts).count()
        deliveries = Delivery.objects.filter(notification__alert__in=outcome.alerts).count()
        transaction.set_rollback(True)
    figures = Figures(
        open_deadlines=open_count,
        rows=rows,
        changed=outcome.changed,
        alerts=alerts,
        notifications=notes,
        deliveries=deliveries,
        steady_changed=steady_runs[-1][0].changed,
        steady_alerts=len(steady_runs[-1][0].alerts),
        floor_ms=floor_ms,
        core_ms=core_ms,
        sweep_ms=sweep_ms,
        steady_ms=steady_ms,
    )
    print(
        f"\nsupervision sweep over {open_count:,} open deadlines (PostgreSQL {connection.pg_version // 10000}), "
        f"day {TODAY}: {rows:,} change level"
    )
    print(f"{'floor: one SELECT of the rows that change':<58} {floor_ms:9.1f} ms")
    print(f"{'sweep: levels + alerts (one statement)':<58} {core_ms:9.1f} ms")
    print(
        f"{'sweep: levels + alerts + notifications and deliveries':<58} {sweep_ms:9.1f} ms  "
        f"({outcome.changed:,} changed, {sum(alerts.values()):,} alerts, {notes:,} notifications, "
        f"{deliveries:,} deliveries)"
    )
    print(
        f"{'sweep again the same day (steady state, every 5 min)':<58} {steady_ms:9.1f} ms  "
        f"({figures.steady_changed:,} changed)"
    )
    print(
        f"ratio levels+alerts / floor: {core_ms / floor_ms:.1f}x; with notifications: {sweep_ms / floor_ms:.1f}x; "
        f"steady sweep / floor: {figures.steady_ratio:.2f}x"
    )
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_scale_arguments(parser, "--deadlines", FULL_DEADLINES, SMALL_DEADLINES, "how many open deadlines to seed")
    parser.add_argument(
        "--runs", type=int, default=None, help=f"runs per median (default {FULL_RUNS}, small {SMALL_RUNS})"
    )
    args = parser.parse_args(argv)
    call_command("migrate", verbosity=0)
    run(
        chosen_size(args, args.deadlines, FULL_DEADLINES, SMALL_DEADLINES),
        chosen_size(args, args.runs, FULL_RUNS, SMALL_RUNS),
    )


if __name__ == "__main__":
    main()
