"""Benchmark: the agent workbench at 100,000 projects (PostgreSQL).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/crm_bench .venv/bin/python tests/perf/bench_workbench.py

Creates the database's schema and, once, 100,000 enterprises, projects and proxy
cases with 200,000 items spread over 50 agents (bulk inserts; a few minutes), then
times the first workbench page of one agent (what the page runs: count + 50 rows)
against two baselines in the same run:

- the floor: one hand-written SQL statement returning the same 50 rows;
- the naive way: the same rows read without select_related (a query per row).

It also times a search by enterprise name and a filter by department. Each figure
is the median of 15 runs after a warm-up.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crm.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/crm_bench")

import django  # noqa: E402

django.setup()

import datetime as dt  # noqa: E402
import random  # noqa: E402
from decimal import Decimal  # noqa: E402

from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from agents.models import ProxyAgent, ServiceCentre  # noqa: E402
from crm.accounts.models import User
from crm.accounts.roles import GROUP_NAMES, Role
from crm.identifiers import credit_code_check_character  # noqa: E402
from crm.organisation.models import Department, Zone
from projects.cases.selectors import WorkbenchFilters, workbench_items
from projects.models import (  # noqa: E402
    ApprovalItem,
    Enterprise,
    ItemKind,
    ItemState,
    OnlineLevel,
    Project,
    ProjectItem,
    ProxyCase,
)

N = 100_000
AGENTS = 50
BATCH = 5_000


def seed() -> None:
    if Project.objects.count() >= N:
        return
    print(f"seeding {N:,} projects, cases and {2 * N:,} items …", flush=True)
    rng = random.Random(2026)
    zone, _ = Zone.objects.get_or_create(name="基准测试区", defaults={"kind": "district", "division_code": "320903"})
    departments = [Department.objects.get_or_create(name=f"基准部门{i}", zone=zone)[0] for i in range(10)]
    items = []
    for i, department in enumerate(departments * 2):
        items.append(
            ApprovalItem.objects.get_or_create(
                code=f"BENCH-{i:03d}",
                defaults=dict(
                    name=f"基准事项{i}", department=department, legal_basis="基准", kind=ItemKind.COMMITTED,
                    statutory_days=20, committed_days=10, fee=Decimal(0), online_level=OnlineLevel.FULLY_ONLINE,
                ),
            )[0]
        )
    centre, _ = ServiceCentre.objects.get_or_create(name="基准代办中心", zone=zone)
    agents = []
    for i in range(AGENTS):
        user, _ = User.objects.get_or_create(username=f"bench{i}")
        agents.append(ProxyAgent.objects.get_or_create(user=user, defaults={"centre": centre, "employee_no": f"B{i:03d}", "phone": "0"})[0])
    states = [ItemState.PREPARING, ItemState.READY, ItemState.SUBMITTED, ItemState.ACCEPTED, ItemState.IN_REVIEW,
              ItemState.RETURNED, ItemState.APPROVED, ItemState.DELIVERED]
    start = dt.date(2026, 1, 5)
    for offset in range(0, N, BATCH):
        numbers = range(offset, min(offset + BATCH, N))
        enterprises = Enterprise.objects.bulk_create(
            Enterprise(name=f"盐城基准{n}号科技有限公司", zone=zone, industry="C",
                       credit_code=(body := f"91320903{n:09d}") + credit_code_check_character(body))
            for n in numbers
        )
        projects = Project.objects.bulk_create(
            Project(code=f"2026-320903-89-01-{n:06d}", name=f"基准项目{n}", enterprise=e, zone=zone, industry="C",
                    project_type="industrial", investment_amount=Decimal(1000), agent=agents[n % AGENTS])
            for n, e in zip(numbers, enterprises, strict=True)
        )
        cases = ProxyCase.objects.bulk_create(
            ProxyCase(number=f"DB2026{n:07d}", enterprise=p.enterprise, project=p, agent=agents[n % AGENTS],
                      first_contact_channel="phone", first_contact_on=start, summary="基准",
                      state="authorised")
            for n, p in zip(numbers, projects, strict=True)
        )
        rows = []
        for case in cases:
            for approval in rng.sample(items, 2):
                state = rng.choice(states)
                clocked = state in (ItemState.ACCEPTED, ItemState.IN_REVIEW, ItemState.RETURNED)
                rows.append(ProjectItem(
                    case=case, approval_item=approval, committed_days=10, state=state,
                    started_on=start if clocked else None,
                    due_date=start + dt.timedelta(days=rng.randint(0, 120)) if clocked else None,
                ))
        ProjectItem.objects.bulk_create(rows)
        print(f"  {offset + len(numbers):,}", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def timed(fn, runs: int = 15) -> tuple[float, int]:
    fn()  # warm-up
    times, queries = [], 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            fn()
            times.append(time.perf_counter() - started)
        queries = len(captured.captured_queries)
    return statistics.median(times) * 1000, queries


def main() -> None:
    call_command("migrate", verbosity=0)
    seed()
    agent = ProxyAgent.objects.get(employee_no="B007")
    user = agent.user
    group, _ = Group.objects.get_or_create(name=GROUP_NAMES[Role.AGENT])
    user.groups.add(group)

    def page(filters=WorkbenchFilters()):
        rows = workbench_items(user, filters, mine=True)
        total = rows.count()
        return total, [(r.case.number, r.case.enterprise.name, r.approval_item.name, r.approval_item.department.name,
                        r.case.agent.user.username, r.due_date) for r in rows[:50]]

    def naive():
        rows = ProjectItem.objects.filter(case__agent=agent).exclude(state=ItemState.DELIVERED).order_by("due_date", "pk")
        total = rows.count()
        return total, [(r.case.number, r.case.enterprise.name, r.approval_item.name, r.approval_item.department.name,
                        r.case.agent.user.username, r.due_date) for r in rows[:50]]

    def floor():
        with connection.cursor() as cursor:
            cursor.execute(
                """SELECT c.number, e.name, a.name, d.name, u.username, i.due_date
                   FROM projects_projectitem i
                   JOIN projects_proxycase c ON c.id = i.case_id
                   JOIN projects_enterprise e ON e.id = c.enterprise_id
                   JOIN projects_approvalitem a ON a.id = i.approval_item_id
                   JOIN crm_department d ON d.id = a.department_id
                   JOIN agents_proxyagent g ON g.id = c.agent_id
                   JOIN crm_user u ON u.id = g.user_id
                   WHERE c.agent_id = %s AND i.state <> 'delivered'
                   ORDER BY CASE WHEN i.state IN ('accepted', 'in_review') THEN 0 WHEN i.state = 'returned' THEN 1 ELSE 2 END,
                            i.due_date, c.first_contact_on, i.id
                   LIMIT 50""",
                [agent.pk],
            )
            return cursor.fetchall()

    reset_queries()
    print(f"\nworkbench of one agent among {AGENTS} ({Project.objects.count():,} projects, "
          f"{ProjectItem.objects.count():,} items; this agent: {page()[0]:,} open items)")
    rows = [
        ("workbench page (selector, count + 50 rows)", *timed(page)),
        ("floor: one hand-written SQL, 50 rows", *timed(floor)),
        ("naive ORM: no select_related", *timed(naive)),
        ("search by enterprise name", *timed(lambda: page(WorkbenchFilters(q="基准4207号")))),
        ("search by credit code", *timed(lambda: page(WorkbenchFilters(q="91320903000042007" + credit_code_check_character("91320903000042007"))))),
        ("filter by department", *timed(lambda: page(WorkbenchFilters(department=Department.objects.get(name="基准部门3").pk)))),
    ]
    for name, ms, queries in rows:
        print(f"{name:<46} {ms:9.1f} ms  {queries:4d} queries")
    print(f"ratio workbench / floor: {rows[0][1] / rows[1][1]:.1f}x; naive / workbench: {rows[2][1] / rows[0][1]:.1f}x")


if __name__ == "__main__":
    main()
