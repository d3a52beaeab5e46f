"""The benchmarks of tests/perf at small scale, on the test database: no timing is
asserted, only that each still runs against today's schema and that its figures are
sane, so a change that breaks a benchmark breaks the suite (issue 11)."""

import datetime as dt

import pytest

from crm.accounts.models import User
from crm.accounts.roles import GROUP_NAMES, Role
from crm.calendar.clock import DeadlineLevel
from crm.supervision.models import Alert, Deadline
from projects.models import ItemState, ProjectItem
from tests.perf import bench_compliance, bench_sweep, bench_workbench, bench_workdays


@pytest.mark.django_db
def test_workdays_benchmark_at_small_scale(capsys):
    figures = bench_workdays.run(bench_workdays.SMALL_PAIRS)

    assert figures.pairs == 300
    assert (figures.mismatches, figures.miscounts, figures.module_mismatches) == (0, 0, 0)
    assert figures.ours > 0 and figures.theirs > 0 and figures.module_rate > 0
    assert figures.ratio == pytest.approx(figures.ours / figures.theirs)
    out = capsys.readouterr().out
    assert "ratio (ours / find_workday)" in out
    assert "300 / 300   (0 mismatches)" in out


@pytest.mark.django_db
def test_workbench_benchmark_at_small_scale(capsys):
    figures = bench_workbench.run(bench_workbench.SMALL_PROJECTS, runs=1)

    assert (figures.projects, figures.items) == (300, 600)
    open_items = ProjectItem.objects.filter(case__agent_id=figures.agent_pk).exclude(state=ItemState.DELIVERED)
    assert figures.open_items == figures.page.total == open_items.count() > 0
    # the floor is still the page's own rows, in the page's order
    assert figures.page.rows == list(figures.floor.rows)
    assert len(figures.page.rows) == min(50, open_items.count())
    assert (figures.page.queries, figures.floor.queries) == (2, 1)  # count + rows; one statement
    assert figures.naive.total == figures.page.total and figures.naive.queries > figures.page.queries
    by_name, by_code = figures.probes
    assert figures.by_name.total == open_items.filter(case__enterprise__name=f"盐城基准{by_name}号科技有限公司").count()
    assert (
        figures.by_credit_code.total
        == open_items.filter(case__enterprise__credit_code=bench_workbench.credit_code(by_code)).count()
    )
    assert figures.by_name.total + figures.by_credit_code.total > 0
    assert figures.by_department.total == open_items.filter(approval_item__department=figures.department_pk).count()
    assert figures.ratio > 0
    assert "ratio workbench / floor" in capsys.readouterr().out


@pytest.mark.django_db
def test_sweep_benchmark_at_small_scale(capsys):
    figures = bench_sweep.run(bench_sweep.SMALL_DEADLINES, runs=1)

    deadlines = Deadline.objects.filter(title__startswith=bench_sweep.TITLE)
    assert deadlines.count() == figures.open_deadlines == 500
    assert set(deadlines.values_list("facet", flat=True)) == {""}  # the model's default, not a NULL
    today = bench_sweep.TODAY
    # earlier days' alerts, one per level left, kept (the sweeps were rolled back)
    assert Alert.objects.filter(raised_on__lt=today).count() == Alert.objects.count()
    assert Alert.objects.count() == deadlines.exclude(level=DeadlineLevel.NORMAL).count() > 0
    overdue = deadlines.filter(level=DeadlineLevel.WARNING, due_date=today - dt.timedelta(days=1))
    warning = deadlines.filter(level=DeadlineLevel.NORMAL, warn_on=today)
    assert overdue.exists() and warning.exists()
    assert figures.rows == figures.changed == overdue.count() + warning.count()
    assert figures.alerts == {DeadlineLevel.OVERDUE: overdue.count(), DeadlineLevel.WARNING: warning.count()}
    # the owner; for overdue also the centre's supervisor, unless the owner is that supervisor
    supervisors = User.objects.filter(groups__name=GROUP_NAMES[Role.SUPERVISOR])
    assert figures.notifications == warning.count() + overdue.count() + overdue.exclude(owner__in=supervisors).count()
    assert figures.deliveries >= figures.notifications
    assert (figures.steady_changed, figures.steady_alerts) == (0, 0)
    assert figures.steady_ratio > 0
    assert "steady sweep / floor" in capsys.readouterr().out


@pytest.mark.django_db
def test_compliance_benchmark_at_small_scale(capsys):
    from projects.models import Milestone, MilestonePause, Project

    figures = bench_compliance.run(bench_compliance.SMALL_PROJECTS, runs=1)

    assert figures.projects == Project.objects.count() == 200
    assert figures.milestones == Milestone.objects.count() == 800
    assert figures.zone_milestones == 800 // bench_compliance.ZONES
    assert figures.pauses > 0 and MilestonePause.objects.filter(resumed_on__isnull=True).exists()
    assert figures.mismatches == 0  # one query and the per-milestone loop give the same figures
    assert figures.table.queries == 1 and figures.loop.queries == 1 + figures.started
    assert figures.ratio > 0
    assert "ratio loop / table" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)  # the server it starts reads the test database: real commits
def test_status_benchmark_at_small_scale(capsys):
    from tests.perf import bench_status

    figures = bench_status.run(bench_status.SMALL_PROJECTS, bench_status.SMALL_CONNECTIONS, bench_status.SMALL_SECONDS)

    assert figures.projects == bench_status.SMALL_PROJECTS
    for load in (figures.minimal, figures.lookup, figures.enterprise):
        assert load.requests > 0 and load.rps > 0 and load.p50_ms > 0 and load.p99_ms >= load.p50_ms, load
        assert (load.not_200, load.errors) == (0, 0), load  # every answer was a 200
        assert load.share > 0
    assert figures.minimal.share == 1
    out = capsys.readouterr().out
    for name in (
        "minimal Django view",
        "status lookup (good pair)",
        "enterprise home (signed in)",
        "goal for the lookup",
    ):
        assert name in out


def test_notice_pdf_benchmark_at_small_scale(capsys):
    from tests.perf import bench_notice_pdf

    figures = bench_notice_pdf.run(bench_notice_pdf.SMALL_MATERIALS, bench_notice_pdf.SMALL_RUNS)

    assert figures.materials == 6 and figures.pages >= 1 and figures.pdf_bytes > 0
    text = figures.text.replace(" ", "")
    assert "建设用地规划许可证及附图附件（6）" in text.replace("\n", "")
    # the 备注 column is wide enough to run across: a note's first seven characters stay on one
    # line (in the column of 2026-12 they stood one or two a line, read back split by newlines)
    assert "须加盖单位公章" in text
    for timing in (figures.notice, figures.uncached_fonts, figures.trivial):
        assert timing.wall_ms > 0 and timing.cpu_ms >= 0
    assert figures.first_ms > 0 and figures.second_ms > 0 and figures.ratio > 0
    out = capsys.readouterr().out
    assert "ratio notice / floor" in out and "fresh process: first notice" in out


@pytest.mark.django_db
def test_dashboards_benchmark_at_small_scale(capsys):
    from projects.models import Milestone, Project, ProjectItem
    from tests.perf import bench_dashboards

    figures = bench_dashboards.run(bench_dashboards.SMALL_PROJECTS, runs=1)

    assert figures.projects == Project.objects.count() == 300
    assert figures.items == ProjectItem.objects.count() == 600
    assert figures.milestones == Milestone.objects.count() > 0
    assert len(figures.pairs) == 15  # five figures of three dashboards
    assert figures.mismatches == 0  # each selector and its plain SQL give the same figures
    assert all(pair.rows > 0 and pair.ms > 0 and pair.sql_ms > 0 for pair in figures.pairs)
    # the ordinal table's check (2), then one aggregate (two for the compliance: finished,
    # running); the overdue trend (no working days): the items due, the paused among them;
    # the reuse: per type and in total
    assert {(pair.figure, pair.queries) for pair in figures.pairs} == {
        ("league per department", 3),
        ("league per item", 3),
        ("3550 compliance per month", 4),
        ("overdue at each month's end", 2),
        ("regional-report reuse", 2),
    }
    assert "page / plain SQL" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)  # the servers it starts read the test database: real commits
def test_live_benchmark_at_small_scale(capsys):
    """Two servers, 50 sockets, ten changes, each layer: every socket gets every change
    (delivery only; no timing asserted)."""
    from projects.models import ProjectItem
    from tests.perf import bench_live

    runs = bench_live.run(bench_live.SMALL_SOCKETS, ("pubsub", "list+hop"))

    assert [(r.layer, r.sockets) for r in runs] == [("pubsub", 50), ("list+hop", 50)]
    for r in runs:
        assert r.changes == bench_live.CHANGES, r  # every transition answered 200
        assert (r.connected, r.socket_errors) == (50, 0), r
        assert r.delivered == r.expected == 500, r
        assert r.p50_ms is not None and r.max_ms >= r.p95_ms >= r.p50_ms > 0, r
    item = ProjectItem.objects.get(approval_item__code="BENCH-LIVE-1")
    assert item.state == "preparing"  # ten transitions: back where it started
    out = capsys.readouterr().out
    assert "delivered / expected" in out and "list+hop" in out


@pytest.mark.django_db(transaction=True)  # the server it starts reads the test database: real commits
def test_site_benchmark_at_small_scale(capsys):
    from tests.perf import bench_site

    figures = bench_site.run(bench_site.SMALL_CONNECTIONS, bench_site.SMALL_SECONDS)

    for load in figures.loads:
        assert load.requests > 0 and load.rps > 0 and load.p99_ms >= load.p50_ms > 0, load
        assert (load.not_200, load.errors) == (0, 0), load  # every answer was a 200
    assert figures.minimal.share == 1
    assert figures.home.path == "/" and figures.home_uncached.path == "/" + bench_site.UNCACHED
    out = capsys.readouterr().out
    for name in ("minimal Django view", "home page (cached)", "item guide (uncached)", "cache gain"):
        assert name in out


@pytest.mark.django_db
def test_import_benchmark_at_small_scale(capsys):
    from projects.models import Milestone, Project
    from tests.perf import bench_import

    figures = bench_import.run(bench_import.SMALL_ROWS)

    rows = bench_import.SMALL_ROWS
    assert figures.imported == figures.audit_entries == figures.reimport_unchanged == rows
    assert figures.milestones >= rows  # each project with the milestones its type calls for
    assert figures.atomic and figures.atomic_before == figures.atomic_after == 0
    assert figures.atomic_problems == [(rows + 1, "所在区域", "找不到园区/区域“不存在的区”")]
    assert not Project.objects.exists() and not Milestone.objects.exists()  # every timing rolled back
    assert figures.import_rate > 0 and figures.share > 0
    out = capsys.readouterr().out
    assert "import / bulk_create" in out and "第301行 «所在区域»" in out
