"""Benchmark: the agent workbench at 100,000 projects (PostgreSQL).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/crm_bench SECRET_KEY=x \
        .venv/bin/python -m tests.perf.bench_workbench [--projects 100000] [--small]

Creates the database's schema and, once, 100,000 enterprises, projects and proxy
cases with 200,000 items spread over 50 agents (bulk inserts; a few minutes), then
times the first workbench page of one agent (what the page runs: count + 50 rows)
against two baselines in the same run:

- the floor: one hand-written SQL statement returning the same 50 rows;
- the naive way: the same rows read without select_related (a query per row).

It also times a search by enterprise name and a filter by department. Each figure
is the median of 15 runs after a warm-up. ``--small`` (or BENCH_SCALE=small) seeds 300
projects and takes medians of 3; tests/test_benchmarks.py runs it so.
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

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agents.models import ProxyAgent, ServiceCentre
from crm.accounts.models import User
from crm.accounts.roles import GROUP_NAMES, Role
from crm.identifiers import credit_code_check_character
from crm.organisation.models import Department, Zone
from projects.cases.selectors import WorkbenchFilters, workbench_items
from projects.models import (
    ApprovalItem,
    Enterprise,
    ItemKind,
    ItemState,
    OnlineLevel,
    Project,
    ProjectItem,
    ProxyCase,
)

FULL_PROJECTS, SMALL_PROJECTS = 100_000, 300
FULL_RUNS, SMALL_RUNS = 15, 3
AGENTS = 50
PROBED_AGENT = 7  # the agent whose workbench is timed (employee number B007)
BATCH = 5_000
PROJECT_CODE = "2026-320903-89-01-"


def credit_code(number: int) -> str:
    body = f"91320903{number:09d}"
    return body + credit_code_check_character(body)


def probes(projects: int) -> tuple[int, int]:
    """Two projects of the probed agent to search for, by name and by credit code
    (4207 and 42007 at 100,000 projects)."""
    by_name = projects * 42 // 1000 // AGENTS * AGENTS + PROBED_AGENT
    by_code = projects * 42 // 100 // AGENTS * AGENTS + PROBED_AGENT
    return by_name, by_code


def seed(projects: int) -> None:
    """Seeds the projects numbered from those already seeded up to ``projects`` (through
    the models, so every column gets its default)."""
    done = Project.objects.filter(code__startswith=PROJECT_CODE).count()
    if done >= projects:
        return
    print(f"seeding {projects - done:,} projects, cases and {2 * (projects - done):,} items …", flush=True)
    rng = random.Random(2026)
    zone, _ = Zone.objects.get_or_create(name="基准测试区", defaults={"kind": "district", "division_code": "320903"})
    departments = [Department.objects.get_or_create(name=f"基准部门{i}", zone=zone)[0] for i in range(10)]
    items = []
    for i, department in enumerate(departments * 2):
        items.append(
            ApprovalItem.objects.get_or_create(
                code=f"BENCH-{i:03d}",
                defaults={
                    "name": f"基准事项{i}",
                    "department": department,
                    "legal_basis": "基准",
                    "kind": ItemKind.COMMITTED,
                    "statutory_days": 20,
                    "committed_days": 10,
                    "fee": Decimal(0),
                    "online_level": OnlineLevel.FULLY_ONLINE,
                },
            )[0]
        )
    centre, _ = ServiceCentre.objects.get_or_create(name="基准代办中心", zone=zone)
    agents = []
    for i in range(AGENTS):
        user, _ = User.objects.get_or_create(username=f"bench{i}")
        agents.append(
            ProxyAgent.objects.get_or_create(
                user=user, defaults={"centre": centre, "employee_no": f"B{i:03d}", "phone": "0"}
            )[0]
        )
    states = [
        ItemState.PREPARING,
        ItemState.READY,
        ItemState.SUBMITTED,
        ItemState.ACCEPTED,
        ItemState.IN_REVIEW,
        ItemState.RETURNED,
        ItemState.APPROVED,
        ItemState.DELIVERED,
    ]
    start = dt.date(2026, 1, 5)
    for offset in range(done, projects, BATCH):
        numbers = range(offset, min(offset + BATCH, projects))
        enterprises = Enterprise.objects.bulk_create(
            Enterprise(name=f"盐城基准{n}号科技有限公司", zone=zone, industry="C", credit_code=credit_code(n))
            for n in numbers
        )
        project_rows = Project.objects.bulk_create(
            Project(
                code=f"{PROJECT_CODE}{n:06d}",
                name=f"基准项目{n}",
                enterprise=e,
                zone=zone,
                industry="C",
                project_type="industrial",
                investment_amount=Decimal(1000),
                agent=agents[n % AGENTS],
            )
            for n, e in zip(numbers, enterprises, strict=True)
        )
        cases = ProxyCase.objects.bulk_create(
            ProxyCase(
                number=f"DB2026{n:07d}",
                enterprise=p.enterprise,
                project=p,
                agent=agents[n % AGENTS],
                first_contact_channel="phone",
                first_contact_on=start,
                summary="基准",
                state="authorised",
            )
            for n, p in zip(numbers, project_rows, strict=True)
        )
        rows = []
        for case in cases:
            for approval in rng.sample(items, 2):
                state = rng.choice(states)
                clocked = state in (ItemState.ACCEPTED, ItemState.IN_REVIEW, ItemState.RETURNED)
                rows.append(
                    ProjectItem(
                        case=case,
                        approval_item=approval,
                        committed_days=10,
                        state=state,
                        started_on=start if clocked else None,
                        due_date=start + dt.timedelta(days=rng.randint(0, 120)) if clocked else None,
                    )
                )
        ProjectItem.objects.bulk_create(rows)
        print(f"  {offset + len(numbers):,}", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def timed(fn, runs: int = FULL_RUNS) -> tuple[float, int, object]:
    fn()  # warm-up
    times, queries, result = [], 0, None
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            result = fn()
            times.append(time.perf_counter() - started)
        queries = len(captured.captured_queries)
    return statistics.median(times) * 1000, queries, result


@dataclasses.dataclass(frozen=True)
class Timing:
    name: str
    ms: float  # median
    queries: int
    total: int  # open items found (the page's count)
    rows: list  # the rows shown (at most 50)


@dataclasses.dataclass(frozen=True)
class Figures:
    projects: int
    items: int
    agent_pk: int
    open_items: int  # the probed agent's open items
    page: Timing
    floor: Timing
    naive: Timing
    by_name: Timing
    by_credit_code: Timing
    by_department: Timing
    probes: tuple[int, int]  # the project numbers searched by name and by credit code
    department_pk: int

    @property
    def ratio(self) -> float:
        return self.page.ms / self.floor.ms


def run(projects: int = FULL_PROJECTS, runs: int = FULL_RUNS) -> Figures:
    seed(projects)
    agent = ProxyAgent.objects.get(employee_no=f"B{PROBED_AGENT:03d}")
    user = agent.user
    group, _ = Group.objects.get_or_create(name=GROUP_NAMES[Role.AGENT])
    user.groups.add(group)

    def page(filters=None):
        filters = filters or WorkbenchFilters()
        rows = workbench_items(user, filters, mine=True)
        total = rows.count()
        return total, [
            (
                r.case.number,
                r.case.enterprise.name,
                r.approval_item.name,
                r.approval_item.department.name,
                r.case.agent.user.username,
                r.due_date,
            )
            for r in rows[:50]
        ]

    def naive():
        rows = (
            ProjectItem.objects.filter(case__agent=agent).exclude(state=ItemState.DELIVERED).order_by("due_date", "pk")
        )
        total = rows.count()
        return total, [
            (
                r.case.number,
                r.case.enterprise.name,
                r.approval_item.name,
                r.approval_item.department.name,
                r.case.agent.user.username,
                r.due_date,
            )
            for r in rows[:50]
        ]

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
            rows = cursor.fetchall()
        return len(rows), rows

    def timing(name, fn) -> Timing:
        ms, queries, (total, rows) = timed(fn, runs)
        return Timing(name, ms, queries, total, rows)

    by_name, by_code = probes(projects)
    department = Department.objects.get(name="基准部门3").pk
    figures = Figures(
        projects=Project.objects.filter(code__startswith=PROJECT_CODE).count(),
        items=ProjectItem.objects.filter(case__project__code__startswith=PROJECT_CODE).count(),
        agent_pk=agent.pk,
        open_items=page()[0],
        page=timing("workbench page (selector, count + 50 rows)", page),
        floor=timing("floor: one hand-written SQL, 50 rows", floor),
        naive=timing("naive ORM: no select_related", naive),
        by_name=timing("search by enterprise name", lambda: page(WorkbenchFilters(q=f"基准{by_name}号"))),
        by_credit_code=timing("search by credit code", lambda: page(WorkbenchFilters(q=credit_code(by_code)))),
        by_department=timing("filter by department", lambda: page(WorkbenchFilters(department=department))),
        probes=(by_name, by_code),
        department_pk=department,
    )
    print(
        f"\nworkbench of one agent among {AGENTS} ({figures.projects:,} projects, {figures.items:,} items; "
        f"this agent: {figures.open_items:,} open items)"
    )
    timings = [
        figures.page,
        figures.floor,
        figures.naive,
        figures.by_name,
        figures.by_credit_code,
        figures.by_department,
    ]
    for one in timings:
        print(f"{one.name:<46} {one.ms:9.1f} ms  {one.queries:4d} queries")
    print(
        f"ratio workbench / floor: {figures.ratio:.1f}x; naive / workbench: {figures.naive.ms / figures.page.ms:.1f}x"
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
    run(
        chosen_size(args, args.projects, FULL_PROJECTS, SMALL_PROJECTS),
        chosen_size(args, args.runs, FULL_RUNS, SMALL_RUNS),
    )


if __name__ == "__main__":
    main()
