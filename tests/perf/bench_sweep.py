"""Benchmark: the supervision sweep over 1,000,000 open deadlines (PostgreSQL).

    createdb -h 127.0.0.1 -U postgres crm_sweep   # once
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/crm_sweep .venv/bin/python tests/perf/bench_sweep.py

Creates the schema and, once, 1,000,000 open deadlines (one INSERT … SELECT from
generate_series) owned by 50 agents of 5 centres, due over the next 200 days, each
at the level a sweep yesterday left it. Then times, against the same day:

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
figures are medians of 5 runs after a warm-up.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crm.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/crm_sweep")

import django  # noqa: E402

django.setup()

import datetime as dt  # noqa: E402

from django.contrib.auth.models import Group  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from agents.models import ProxyAgent, ServiceCentre  # noqa: E402
from crm.accounts.models import User
from crm.accounts.roles import GROUP_NAMES, Role
from crm.models import Alert, Deadline, Notification
from crm.organisation.models import Zone
from crm.supervision.services import changed_deadlines_sql, sweep

N = 1_000_000
AGENTS, CENTRES = 50, 5
TODAY = dt.date(2026, 6, 1)
HORIZON_DAYS = 200


class Rollback(Exception):
    pass


def seed() -> None:
    zone = Zone.objects.get_or_create(name="监察基准区", defaults={"division_code": "320903"})[0]
    centres = [ServiceCentre.objects.get_or_create(name=f"监察基准中心{n}", defaults={"zone": zone})[0]
               for n in range(CENTRES)]
    supervisors = Group.objects.get_or_create(name=GROUP_NAMES[Role.SUPERVISOR])[0]
    owners = []
    for n in range(AGENTS):
        user, _ = User.objects.get_or_create(username=f"sweep_agent{n}", defaults={"full_name": f"监察基准{n}"})
        centre = centres[n % CENTRES]
        ProxyAgent.objects.get_or_create(user=user, defaults={"centre": centre, "employee_no": f"SW{n:03d}"})
        if n < CENTRES:
            user.groups.add(supervisors)
        owners.append((user.pk, centre.pk))
    if Deadline.objects.filter(title__startswith="基准期限").count() == N:
        return
    print(f"seeding {N:,} open deadlines …", flush=True)
    Deadline.objects.all().delete()
    kind = ContentType.objects.get_for_model(Deadline).pk
    owner_ids = "ARRAY[" + ",".join(str(u) for u, _ in owners) + "]"
    centre_ids = "ARRAY[" + ",".join(str(c) for _, c in owners) + "]"
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO crm_deadline (subject_type_id, subject_id, kind_label, title, url, owner_id, centre_key,
                state, due_date, due_provisional, warn_on, level, sequence, updated_at)
            SELECT %(kind)s, g, '审批事项', '基准期限' || g, '/projects/cases/' || g || '/',
                   ({owner_ids})[1 + g %% {AGENTS}], ({centre_ids})[1 + g %% {AGENTS}],
                   'open', d.due, false, d.due - 2, 'normal', 0, now()
            FROM generate_series(1, %(n)s) AS g,
                 LATERAL (SELECT %(start)s::date + ((g::bigint * 7919) %% {HORIZON_DAYS})::int AS due) AS d
            """,
            {"kind": kind, "n": N, "start": TODAY - dt.timedelta(days=HORIZON_DAYS // 4)},
        )
        # the levels yesterday's sweep left
        yesterday = TODAY - dt.timedelta(days=1)
        cursor.execute(
            "UPDATE crm_deadline SET level = CASE WHEN due_date < %(d)s THEN 'overdue' "
            "WHEN warn_on <= %(d)s THEN 'warning' ELSE 'normal' END",
            {"d": yesterday},
        )
        cursor.execute("VACUUM ANALYZE crm_deadline")
    print("  done", flush=True)


def timed(fn, runs: int = 5) -> tuple[float, object]:
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


def main() -> None:
    call_command("migrate", verbosity=0)
    seed()
    open_count = Deadline.objects.filter(state="open").count()
    floor_ms, rows = timed(floor)
    sweep_ms, outcome = timed(rolled_back(lambda: sweep(TODAY)))
    import crm.supervision.services as supervision_module

    fan_out = supervision_module.alerts_notify
    supervision_module.alerts_notify = lambda ids: 0
    core_ms, _ = timed(rolled_back(lambda: sweep(TODAY)))
    supervision_module.alerts_notify = fan_out
    runs = [rolled_back(steady)() for _ in range(6)][1:]
    steady_ms = statistics.median(seconds for _, seconds in runs) * 1000
    with transaction.atomic():
        sweep(TODAY)
        alerts, notes = Alert.objects.count(), Notification.objects.count()
        transaction.set_rollback(True)
    print(f"\nsupervision sweep over {open_count:,} open deadlines (PostgreSQL {connection.pg_version // 10000}), "
          f"day {TODAY}: {rows:,} change level")
    print(f"{'floor: one SELECT of the rows that change':<58} {floor_ms:9.1f} ms")
    print(f"{'sweep: levels + alerts (one statement)':<58} {core_ms:9.1f} ms")
    print(f"{'sweep: levels + alerts + notifications and deliveries':<58} {sweep_ms:9.1f} ms  "
          f"({outcome.changed:,} changed, {alerts:,} alerts, {notes:,} notifications)")
    print(f"{'sweep again the same day (steady state, every 5 min)':<58} {steady_ms:9.1f} ms")
    print(f"ratio levels+alerts / floor: {core_ms / floor_ms:.1f}x; with notifications: {sweep_ms / floor_ms:.1f}x; "
          f"steady sweep / floor: {steady_ms / floor_ms:.2f}x")


if __name__ == "__main__":
    main()
