"""Benchmark: the three dashboards' figures at 100,000 projects (PostgreSQL).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/crm_bench_dash SECRET_KEY=x \\
        .venv/bin/python -m tests.perf.bench_dashboards [--projects 100000] [--small]

Seeds once (bulk inserts) ``--projects`` projects over 20 zones and 5 service centres
(10 agents each), each project with one case of two items (decided, running, paused
or not yet accepted, over 30 catalogue items of 10 departments) and four milestones in
every state with their pauses; then (once, also on a database seeded before they
were) the items' pauses (an open one for each item returned for correction, an ended
one for each item its pauses moved) and a zone report per zone reused by about a third
of the projects. Then, for each dashboard (a centre's supervisor, a zone committee, the
administrator), times its five figures over the first half of 2026:

- the department league table, the league table per item, the 3550 compliance per
  milestone per month, the overdue count at each month's end, the regional-report
  reuse section, as the page reads them (``projects.dashboards.selectors`` and
  ``regional_assessments.reports.figures.reuse_section``: one or two aggregate queries
  each, working days by the ordinal table through correlated lookups);
- beside each, the plain SQL aggregate of the same figures, written by hand (joins to
  the ordinal table; the months as a VALUES list crossed with the milestones or items;
  the reuse per type and in total as GROUPING SETS).

Both must give the same figures (the script exits 1 otherwise). Timings are medians of
``--runs`` runs after a warm-up; ``--small`` (or BENCH_SCALE=small) seeds 300 projects;
tests/test_benchmarks.py runs it so.
"""

import argparse
import dataclasses
import datetime as dt
import random
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.perf import add_scale_arguments, chosen_size, django_setup

django_setup("postgres://postgres@127.0.0.1:5432/crm_bench_dash")

from django.core.management import call_command
from django.db import connection
from django.db.models import Exists, Max, OuterRef, Q

from agents.models import ProxyAgent, ServiceCentre
from crm.accounts.models import User
from crm.calendar.clock import STOPPING_CAUSES, ClockParty, PauseCause, causes_of
from crm.calendar.models import WorkdayOrdinal
from crm.calendar.ordinals import workday_ordinals_ensure
from crm.calendar.workdays import get_calendar, workdays_add, workdays_between
from crm.organisation.models import Department, Zone
from projects.dashboards.selectors import (
    Audience,
    DashboardScope,
    compliance_by_month,
    league_table,
    months_of,
    overdue_by_month,
)
from projects.models import (
    ApprovalItem,
    Enterprise,
    ItemPause,
    ItemState,
    Milestone,
    MilestoneDefinition,
    MilestonePause,
    MilestoneState,
    Project,
    ProjectItem,
    ProxyCase,
)
from regional_assessments.reports.figures import reuse_section
from regional_assessments.reports.models import AssessmentType, ReportReuse, ZoneReport
from tests.perf.bench_compliance import timed

FULL_PROJECTS, SMALL_PROJECTS = 100_000, 300
FULL_RUNS, SMALL_RUNS = 5, 1
ZONES, CENTRES, AGENTS_PER_CENTRE, DEPARTMENTS, ITEMS_PER_DEPARTMENT = 20, 5, 10, 10, 3
BATCH = 2_000
PREFIX = "看板基准"
PROJECT_CODE = "2026-320905-89-01-"
TODAY = dt.date(2026, 6, 30)
START, END = dt.date(2026, 1, 1), dt.date(2026, 6, 30)
PROBED_CENTRE, PROBED_ZONE = 2, 7
ITEM_STATES = [ItemState.APPROVED, ItemState.DELIVERED, ItemState.IN_REVIEW, ItemState.RETURNED, ItemState.PREPARING]


def _organisation():
    zones = [
        Zone.objects.get_or_create(name=f"{PREFIX}区{i:02d}", defaults={"kind": "district", "division_code": "320905"})[
            0
        ]
        for i in range(ZONES)
    ]
    centres = [
        ServiceCentre.objects.get_or_create(name=f"{PREFIX}中心{i}", defaults={"zone": zones[i * (ZONES // CENTRES)]})[
            0
        ]
        for i in range(CENTRES)
    ]
    agents = []
    for c, centre in enumerate(centres):
        for a in range(AGENTS_PER_CENTRE):
            user = User.objects.get_or_create(
                username=f"dash-bench-{c}-{a}", defaults={"full_name": f"基准代办员{c}-{a}"}
            )[0]
            agents.append(
                ProxyAgent.objects.get_or_create(
                    user=user, defaults={"centre": centre, "employee_no": f"DBB{c}{a:02d}", "phone": "0515-88880000"}
                )[0]
            )
    departments = [
        Department.objects.get_or_create(name=f"{PREFIX}局{i}", defaults={"zone": zones[0]})[0]
        for i in range(DEPARTMENTS)
    ]
    items = [
        ApprovalItem.objects.get_or_create(
            code=f"DASHB-{d}-{k}",
            defaults={
                "name": f"{PREFIX}事项{d}-{k}",
                "department": department,
                "legal_basis": "《行政许可法》",
                "kind": "committed",
                "committed_days": 3 + k * 2,
                "statutory_days": 20,
                "fee": Decimal(0),
                "online_level": "fully_online",
            },
        )[0]
        for d, department in enumerate(departments)
        for k in range(ITEMS_PER_DEPARTMENT)
    ]
    return zones, centres, agents, items


def seed(projects: int) -> None:
    zones, _centres, agents, catalogue = _organisation()
    done = Project.objects.filter(code__startswith=PROJECT_CODE).count()
    if done >= projects:
        return
    print(f"seeding {projects - done:,} projects, their cases, items and milestones …", flush=True)
    rng = random.Random(16)
    definitions = list(MilestoneDefinition.objects.filter(is_active=True)[:4])
    causes = list(PauseCause.values)
    for offset in range(done, projects, BATCH):
        numbers = range(offset, min(offset + BATCH, projects))
        enterprises = Enterprise.objects.bulk_create(
            Enterprise(name=f"{PREFIX}{n}号有限公司", zone=zones[n % ZONES], industry="C") for n in numbers
        )
        project_rows = Project.objects.bulk_create(
            Project(
                code=f"{PROJECT_CODE}{n:06d}",
                name=f"{PREFIX}项目{n}",
                enterprise=e,
                zone=e.zone,
                industry="C",
                project_type="industrial",
                investment_amount=Decimal(1000),
                agent=agents[rng.randrange(len(agents))] if n % 10 else None,
            )
            for n, e in zip(numbers, enterprises, strict=True)
        )
        cases = ProxyCase.objects.bulk_create(
            ProxyCase(
                number=f"DBB{n:08d}",
                enterprise=p.enterprise,
                project=p,
                agent=p.agent or agents[n % len(agents)],
                state="authorised",
                first_contact_channel="visit",
                first_contact_on=dt.date(2025, 12, 1),
                summary="基准",
            )
            for n, p in zip(numbers, project_rows, strict=True)
        )
        items = []
        for case in cases:
            for approval in rng.sample(catalogue, 2):
                state = rng.choice(ITEM_STATES)
                started = decided = due = None
                paused = 0
                if state != ItemState.PREPARING:
                    started = START + dt.timedelta(days=rng.randint(-30, 170))
                    paused = rng.choice([0, 0, 0, 2, 5])
                    due = workdays_add(started, approval.committed_days + paused).date
                    if state in (ItemState.APPROVED, ItemState.DELIVERED):
                        decided = min(
                            workdays_add(started, rng.randint(1, approval.committed_days + paused + 4)).date, TODAY
                        )
                items.append(
                    ProjectItem(
                        case=case,
                        approval_item=approval,
                        state=state,
                        committed_days=approval.committed_days,
                        started_on=started,
                        due_date=due,
                        paused_working_days=paused,
                        decided_on=decided,
                    )
                )
        ProjectItem.objects.bulk_create(items)
        milestones, plans = [], []
        for project in project_rows:
            for definition in definitions:
                state = rng.choice(MilestoneState.values)
                started = None if state == MilestoneState.PENDING else START + dt.timedelta(days=rng.randint(-40, 170))
                started = started and min(started, TODAY)
                pauses, day = [], started
                if started is not None:
                    for _ in range(rng.randint(0, 2)):
                        paused_on = workdays_add(day, rng.randint(1, 5)).date
                        resumed_on = workdays_add(paused_on, rng.randint(1, 6)).date
                        if resumed_on >= TODAY:
                            break
                        pauses.append((rng.choice(causes), paused_on, resumed_on))
                        day = resumed_on
                stopping = sum(workdays_between(a, b).days for cause, a, b in pauses if cause in STOPPING_CAUSES)
                due = workdays_add(started, definition.target_working_days + stopping) if started else None
                finished = None
                if state == MilestoneState.COMPLETED:
                    finished = min(workdays_add(day, rng.randint(1, 30)).date, TODAY)
                elif state == MilestoneState.PAUSED:
                    state = MilestoneState.RUNNING  # an open pause's days are not yet the milestone's
                milestones.append(
                    Milestone(
                        project=project,
                        definition=definition,
                        state=state,
                        target_working_days=definition.target_working_days,
                        started_on=started,
                        due_date=due.date if due else None,
                        due_provisional=bool(due and due.provisional),
                        paused_working_days=stopping,
                        finished_on=finished,
                        outcome=("on_time" if finished <= due.date else "late") if finished else "",
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
                working_days=workdays_between(paused_on, resumed_on).days,
            )
            for milestone, pauses in zip(milestones, plans, strict=True)
            for cause, paused_on, resumed_on in pauses
        )
        print(f"  {offset + len(numbers):,}", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def seed_pauses_and_reuses() -> None:
    """The items' pauses and the zone reports' reuses, once (bulk inserts)."""
    rng = random.Random(61)
    # Items a pause is due to (returned, or moved by their pauses) and still without one:
    # the same rows however often (and at however many projects) the script has run.
    bench_items = ProjectItem.objects.filter(
        Q(state=ItemState.RETURNED) | Q(paused_working_days__gt=0),
        ~Exists(ItemPause.objects.filter(item=OuterRef("pk"))),
        case__project__code__startswith=PROJECT_CODE,
        started_on__isnull=False,
    )
    if bench_items.exists():
        print("seeding the items' pauses …", flush=True)
        stopping = sorted(STOPPING_CAUSES)
        pauses = []
        rows = bench_items.values_list("pk", "state", "started_on", "paused_working_days").order_by("pk")
        for pk, state, started, paused in rows.iterator(chunk_size=BATCH):
            if state == ItemState.RETURNED:
                on = min(started + dt.timedelta(days=rng.randint(1, 20)), TODAY)
                pauses.append(ItemPause(item_id=pk, cause=PauseCause.CORRECTION, reason="补正", paused_on=on))
            elif paused:
                on = started + dt.timedelta(days=rng.randint(1, 10))
                until = workdays_add(on, paused).date
                cause = rng.choice(stopping) if rng.random() < 0.8 else PauseCause.GOVERNMENT
                pauses.append(
                    ItemPause(
                        item_id=pk, cause=cause, reason="补正", paused_on=on, resumed_on=until, working_days=paused
                    )
                )
        ItemPause.objects.bulk_create(pauses, batch_size=BATCH)
    # Projects after the last one seeded with reuses (a project drawn without any is
    # drawn again next time: a few more reuses, the same figures for page and SQL).
    bench_projects = Project.objects.filter(code__startswith=PROJECT_CODE)
    last = ReportReuse.objects.filter(project__in=bench_projects).aggregate(last=Max("project_id"))["last"] or 0
    bench_projects = bench_projects.filter(pk__gt=last)
    if bench_projects.exists():
        print("seeding the zone reports' reuses …", flush=True)
        types = list(AssessmentType.objects.order_by("order", "pk"))
        reports = {}
        for zone in Zone.objects.filter(name__startswith=PREFIX):
            report, created = ZoneReport.objects.get_or_create(
                zone=zone,
                title=f"{zone.name}区域评估报告",
                defaults={"issuing_body": "管委会", "valid_from": dt.date(2025, 1, 1)},
            )
            if created:
                report.assessment_types.set(types[:6])
            reports[zone.pk] = report
        reuses = []
        for pk, zone_id in bench_projects.values_list("pk", "zone_id").order_by("pk").iterator(chunk_size=BATCH):
            if rng.random() < 0.33:
                for kind in rng.sample(types[:6], rng.randint(1, 3)):
                    reuses.append(
                        ReportReuse(
                            project_id=pk,
                            report=reports[zone_id],
                            assessment_type=kind,
                            days_saved=kind.default_days_saved,
                            fee_saved=kind.default_fee_saved + rng.randint(0, 999),
                            reused_on=START + dt.timedelta(days=rng.randint(-30, 180)),
                        )
                    )
        ReportReuse.objects.bulk_create(reuses, batch_size=BATCH)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


# -- the plain SQL of the same figures ----------------------------------------------------------


def _tables() -> dict[str, str]:
    models = {
        "item": ProjectItem,
        "approval": ApprovalItem,
        "department": Department,
        "case": ProxyCase,
        "agent": ProxyAgent,
        "project": Project,
        "ordinal": WorkdayOrdinal,
        "milestone": Milestone,
        "definition": MilestoneDefinition,
        "pause": MilestonePause,
        "item_pause": ItemPause,
        "reuse": ReportReuse,
        "type": AssessmentType,
    }
    return {name: model._meta.db_table for name, model in models.items()}


def _items_scope(scope: DashboardScope) -> tuple[str, object]:
    """The audience's condition on the item's case agent ``g`` and project ``p``, and its value."""
    if scope.audience == Audience.CENTRE:
        return "g.centre_id = %(scope)s", scope.centre_id
    if scope.audience == Audience.ZONE:
        return "p.zone_id = ANY(%(scope)s)", scope.zone_ids
    return "TRUE", None


def league_sql(scope: DashboardScope, *, by_item: bool) -> list[tuple]:
    t = _tables()
    where, value = _items_scope(scope)
    keys = "d.id, d.name" + (", a.id, a.code, a.name" if by_item else "")
    sql = f"""
        SELECT {keys},
               COUNT(*) FILTER (WHERE i.decided_on BETWEEN %(start)s AND %(end)s),
               COUNT(*) FILTER (WHERE i.decided_on BETWEEN %(start)s AND %(end)s AND i.decided_on <= i.due_date),
               COUNT(*) FILTER (WHERE i.decided_on BETWEEN %(start)s AND %(end)s AND i.decided_on > i.due_date),
               AVG(GREATEST(od.ordinal - os.ordinal - i.paused_working_days, 0))
                   FILTER (WHERE i.decided_on BETWEEN %(start)s AND %(end)s AND i.started_on IS NOT NULL),
               COUNT(*) FILTER (WHERE i.state IN ('accepted', 'in_review') AND i.due_date < %(today)s)
          FROM {t["item"]} i
          JOIN {t["approval"]} a ON a.id = i.approval_item_id
          JOIN {t["department"]} d ON d.id = a.department_id
          JOIN {t["case"]} c ON c.id = i.case_id
          JOIN {t["agent"]} g ON g.id = c.agent_id
          LEFT JOIN {t["project"]} p ON p.id = c.project_id
          LEFT JOIN {t["ordinal"]} od ON od.date = i.decided_on
          LEFT JOIN {t["ordinal"]} os ON os.date = i.started_on
         WHERE (i.decided_on BETWEEN %(start)s AND %(end)s
                OR (i.state IN ('accepted', 'in_review') AND i.due_date < %(today)s))
           AND {where}
         GROUP BY {keys}"""
    values = {"start": scope.start, "end": scope.end, "today": TODAY, "scope": value}
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        return cursor.fetchall()


def _projects_scope(scope: DashboardScope) -> str:
    """The audience's condition on a project ``p`` and its agent ``g`` (a centre's: its
    agents' projects, and the unassigned ones in its zones), with ``_projects_scope_values``."""
    if scope.audience == Audience.CENTRE:
        return "(g.centre_id = %(scope)s OR (p.agent_id IS NULL AND p.zone_id = ANY(%(zones)s)))"
    if scope.audience == Audience.ZONE:
        return "p.zone_id = ANY(%(scope)s)"
    return "TRUE"


def _projects_scope_values(scope: DashboardScope) -> dict:
    return {
        "scope": scope.centre_id if scope.audience == Audience.CENTRE else scope.zone_ids,
        "zones": scope.centre_zone_ids,
    }


def compliance_sql(scope: DashboardScope, months: list[tuple[dt.date, dt.date]]) -> list[tuple]:
    t = _tables()
    where = _projects_scope(scope)
    values_list = ", ".join(f"(DATE '{first}', DATE '{last}', DATE '{min(last, TODAY)}')" for first, last in months)
    enterprise = "', '".join(causes_of(ClockParty.ENTERPRISE))
    sql = f"""
        WITH months(first, last, at) AS (VALUES {values_list}),
             enterprise AS (
                SELECT x.milestone_id, SUM(x.working_days) AS days
                  FROM {t["pause"]} x JOIN {t["milestone"]} y ON y.id = x.milestone_id
                 WHERE x.resumed_on IS NOT NULL AND x.paused_on >= y.started_on AND x.cause IN ('{enterprise}')
                 GROUP BY x.milestone_id)
        SELECT m.definition_id, months.first,
               COUNT(*) FILTER (WHERE m.state = 'completed' AND m.finished_on BETWEEN months.first AND months.last
                                AND m.outcome = 'on_time'),
               COUNT(*) FILTER (WHERE m.state = 'completed' AND m.finished_on BETWEEN months.first AND months.last
                                AND m.outcome = 'late'),
               COUNT(*) FILTER (WHERE months.first <= %(today)s AND m.started_on <= months.at
                                AND (m.state IN ('running', 'paused')
                                     OR (m.state = 'completed' AND m.finished_on > months.at))),
               AVG(GREATEST(od.ordinal - os.ordinal - m.paused_working_days, 0))
                   FILTER (WHERE m.state = 'completed' AND m.finished_on BETWEEN months.first AND months.last),
               AVG(COALESCE(e.days, 0))
                   FILTER (WHERE m.state = 'completed' AND m.finished_on BETWEEN months.first AND months.last)
          FROM {t["milestone"]} m
          JOIN {t["project"]} p ON p.id = m.project_id
          LEFT JOIN {t["agent"]} g ON g.id = p.agent_id
          LEFT JOIN {t["ordinal"]} od ON od.date = m.finished_on
          LEFT JOIN {t["ordinal"]} os ON os.date = m.started_on
          LEFT JOIN enterprise e ON e.milestone_id = m.id
          CROSS JOIN months
         WHERE m.started_on IS NOT NULL AND m.started_on <= %(end)s
           AND (m.finished_on IS NULL OR m.finished_on >= %(start)s)
           AND {where}
         GROUP BY m.definition_id, months.first"""
    values = {
        "start": scope.start,
        "end": scope.end,
        "today": TODAY,
        **_projects_scope_values(scope),
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        return cursor.fetchall()


def overdue_sql(scope: DashboardScope, months: list[tuple[dt.date, dt.date]]) -> list[tuple]:
    t = _tables()
    where, value = _items_scope(scope)
    values_list = ", ".join(f"(DATE '{first}', DATE '{min(last, TODAY)}')" for first, last in months)
    stopping = "', '".join(sorted(STOPPING_CAUSES))
    sql = f"""
        WITH months(first, at) AS (VALUES {values_list})
        SELECT months.first, COUNT(*)
          FROM {t["item"]} i
          JOIN {t["case"]} c ON c.id = i.case_id
          JOIN {t["agent"]} g ON g.id = c.agent_id
          LEFT JOIN {t["project"]} p ON p.id = c.project_id
          JOIN months ON i.started_on <= months.at AND i.due_date < months.at
                     AND (i.decided_on IS NULL OR i.decided_on > months.at)
         WHERE {where}
           AND NOT EXISTS (SELECT 1 FROM {t["item_pause"]} x
                            WHERE x.item_id = i.id AND x.cause IN ('{stopping}') AND x.paused_on <= months.at
                              AND (x.resumed_on IS NULL OR x.resumed_on > months.at))
         GROUP BY months.first"""
    with connection.cursor() as cursor:
        cursor.execute(sql, {"scope": value})
        return cursor.fetchall()


def reuse_sql(scope: DashboardScope) -> list[tuple]:
    """Per assessment type and in total (the row whose type is NULL), in one statement."""
    t = _tables()
    where = _projects_scope(scope)
    sql = f"""
        SELECT k.name, COUNT(DISTINCT r.project_id), COUNT(*), SUM(r.days_saved), SUM(r.fee_saved)
          FROM {t["reuse"]} r
          JOIN {t["project"]} p ON p.id = r.project_id
          LEFT JOIN {t["agent"]} g ON g.id = p.agent_id
          JOIN {t["type"]} k ON k.id = r.assessment_type_id
         WHERE r.reused_on BETWEEN %(start)s AND %(end)s AND {where}
         GROUP BY GROUPING SETS ((k.id, k.name), ())"""
    values = {
        "start": scope.start,
        "end": min(scope.end, TODAY),
        **_projects_scope_values(scope),
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        return cursor.fetchall()


def overdue_rows(rows) -> set:
    return {(row.month, row.overdue) for row in rows}


def overdue_sql_rows(rows, months) -> set:
    counted = dict(rows)
    return {(first, counted.get(first, 0)) for first, _last in months}


def reuse_rows(section) -> set:
    total = tuple(value for _label, value in section.summary)
    return {tuple(row) for row in section.rows} | {(None, *total)}


def reuse_sql_rows(rows) -> set:
    return {(name, projects, avoided, days or 0, fee or Decimal(0)) for name, projects, avoided, days, fee in rows}


def _round(value) -> float | None:
    return None if value is None else round(float(value), 1)


def league_rows(rows) -> set:
    return {(r.department_id, r.item_id, r.decided, r.on_time, r.late, r.government_days, r.overdue_now) for r in rows}


def league_sql_rows(rows, by_item: bool) -> set:
    out = set()
    for row in rows:
        head, tail = (row[0], row[2]) if by_item else (row[0], None), row[-5:]
        out.add((*head, tail[0], tail[1], tail[2], _round(tail[3]), tail[4]))
    return out


def compliance_rows(rows) -> set:
    return {
        (r.definition_id, r.month, r.on_time, r.late, r.running, r.government_days, r.enterprise_days) for r in rows
    }


def compliance_sql_rows(rows) -> set:
    return {(d, m, a, b, c, _round(g), _round(e)) for d, m, a, b, c, g, e in rows}


# -- timing -------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Pair:
    dashboard: str
    figure: str
    ms: float  # the page's selector, median
    queries: int
    sql_ms: float  # the plain SQL aggregate, median
    rows: int
    agree: bool

    @property
    def ratio(self) -> float:
        return self.ms / self.sql_ms if self.sql_ms else 0.0


@dataclasses.dataclass(frozen=True)
class Figures:
    projects: int
    items: int
    milestones: int
    pairs: list[Pair]

    @property
    def mismatches(self) -> int:
        return sum(not pair.agree for pair in self.pairs)


def scopes() -> dict[str, DashboardScope]:
    centre = ServiceCentre.objects.get(name=f"{PREFIX}中心{PROBED_CENTRE}")
    zone = Zone.objects.get(name=f"{PREFIX}区{PROBED_ZONE:02d}")
    period = {"start": START, "end": END}
    return {
        "centre (supervisor)": DashboardScope(
            audience=Audience.CENTRE, centre_id=centre.pk, centre_zone_ids=centre.zone.ids_within(), **period
        ),
        "zone (committee)": DashboardScope(audience=Audience.ZONE, zone_ids=zone.ids_within(), **period),
        "all (administrator)": DashboardScope(audience=Audience.ALL, **period),
    }


def run(projects: int = FULL_PROJECTS, runs: int = FULL_RUNS) -> Figures:
    seed(projects)
    seed_pauses_and_reuses()
    get_calendar()
    workday_ordinals_ensure(lo=START, hi=TODAY)
    months = months_of(START, END)
    pairs = []
    for name, scope in scopes().items():
        for figure, page, plain in (
            (
                "league per department",
                lambda s=scope: league_rows(league_table(s, today=TODAY)),
                lambda s=scope: league_sql_rows(league_sql(s, by_item=False), False),
            ),
            (
                "league per item",
                lambda s=scope: league_rows(league_table(s, today=TODAY, by_item=True)),
                lambda s=scope: league_sql_rows(league_sql(s, by_item=True), True),
            ),
            (
                "3550 compliance per month",
                lambda s=scope: compliance_rows(compliance_by_month(s, today=TODAY)),
                lambda s=scope: compliance_sql_rows(compliance_sql(s, months)),
            ),
            (
                "overdue at each month's end",
                lambda s=scope: overdue_rows(overdue_by_month(s, today=TODAY)),
                lambda s=scope: overdue_sql_rows(overdue_sql(s, months), months),
            ),
            (
                "regional-report reuse",
                lambda s=scope: reuse_rows(reuse_section(s, today=TODAY)),
                lambda s=scope: reuse_sql_rows(reuse_sql(s)),
            ),
        ):
            ms, queries, ours = timed(page, runs)
            sql_ms, _queries, theirs = timed(plain, runs)
            pairs.append(Pair(name, figure, ms, queries, sql_ms, len(ours), ours == theirs))
    figures = Figures(
        projects=Project.objects.filter(code__startswith=PROJECT_CODE).count(),
        items=ProjectItem.objects.filter(case__project__code__startswith=PROJECT_CODE).count(),
        milestones=Milestone.objects.filter(project__code__startswith=PROJECT_CODE).count(),
        pairs=pairs,
    )
    print(
        f"\ndashboards over {START:%Y-%m-%d} to {END:%Y-%m-%d}: {figures.projects:,} projects,"
        f" {figures.items:,} items, {figures.milestones:,} milestones"
    )
    print(
        f"{'dashboard':<22} {'figure':<27} {'page':>10} {'queries':>8} {'plain SQL':>11} {'ratio':>7} {'rows':>6} agree"
    )
    for p in pairs:
        print(
            f"{p.dashboard:<22} {p.figure:<27} {p.ms:8.1f} ms {p.queries:8d} {p.sql_ms:8.1f} ms"
            f" {p.ratio:6.2f}x {p.rows:6d} {'yes' if p.agree else 'NO'}"
        )
    print(f"page / plain SQL: the selector's time over the hand-written aggregate's ({figures.mismatches} mismatches)")
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
