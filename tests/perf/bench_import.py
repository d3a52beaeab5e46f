"""Benchmark: importing 10,000 investment projects from a sheet (PostgreSQL).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/crm_bench SECRET_KEY=x \
        .venv/bin/python -m tests.perf.bench_import [--rows 10000] [--small]

Seeds once (bulk inserts) a zone and 1,000 enterprises. Then, in the same run, on the
same 10,000 rows (a ``.csv`` a user would upload: code, name, enterprise credit code,
zone, industry, type, investment):

- the import: the file read and imported through ``ProjectSheet`` as ``manage.py
  import_sheet`` and the background import do (every cell checked, every row
  validated, each project created through ``projects_create`` with its milestones and
  its audit entry), then the same file again (every row unchanged: nothing written);
- the baseline: a plain ``Project.objects.bulk_create`` of the same rows (no checks, no
  milestones, no audit), the rate the issue measures the import against (goal: 25 %);
- the floor of the same writes: the projects, their milestones and their audit entries
  bulk-created by hand (what the import writes, without reading or checking the file);
- atomicity: the file with its LAST row naming an unknown zone, imported for real
  (committing): no project is written, and that row is the one problem reported.

Each timing but the atomicity's runs in a transaction rolled back afterwards, so the
database keeps only its seed. ``--small`` (or BENCH_SCALE=small) imports 300 rows;
tests/test_benchmarks.py runs it so. Exits 1 when atomicity fails.
"""

import argparse
import csv
import dataclasses
import io
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.perf import add_scale_arguments, chosen_size, django_setup

django_setup("postgres://postgres@127.0.0.1:5432/crm_bench")

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import transaction

from crm.audit.models import AuditEntry
from crm.identifiers import credit_code_check_character
from crm.imports.formats import dataset_from_file
from crm.organisation.models import Zone
from projects.investment.sheets import ProjectSheet
from projects.models import Enterprise, Milestone, MilestoneDefinition, Project

FULL_ROWS, SMALL_ROWS = 10_000, 300
ENTERPRISES = 1_000
ZONE = "导入基准区"
PROJECT_CODE = "2026-320905-04-01-"
HEADERS = ["投资项目代码", "项目名称", "建设单位信用代码", "所在区域", "所属行业", "项目类型", "总投资（万元）"]


def credit_code(number: int) -> str:
    body = "91320905" + f"{number:09d}"[-9:]
    return body + credit_code_check_character(body)


def seed() -> Zone:
    zone, _created = Zone.objects.get_or_create(name=ZONE, defaults={"kind": "district", "division_code": "320905"})
    have = set(Enterprise.objects.filter(zone=zone).values_list("credit_code", flat=True))
    Enterprise.objects.bulk_create(
        Enterprise(name=f"导入基准{n}号有限公司", credit_code=credit_code(n), zone=zone, industry="C")
        for n in range(ENTERPRISES)
        if credit_code(n) not in have
    )
    return zone


def sheet(rows: int, bad_last_row: bool = False) -> bytes:
    """The ``.csv`` of ``rows`` projects (UTF-8 with its mark, as Excel saves it)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    for n in range(rows):
        zone = "不存在的区" if bad_last_row and n == rows - 1 else ZONE
        writer.writerow(
            [
                f"{PROJECT_CODE}{n:06d}",
                f"导入基准项目{n}",
                credit_code(n % ENTERPRISES),
                zone,
                "制造业",
                "工业生产建设项目",
                12000,
            ]
        )
    return out.getvalue().encode("utf-8-sig")


class _Rollback(Exception):
    pass


def rolled_back(fn):
    """``fn()``'s result and seconds, its writes rolled back."""
    outcome = {}
    try:
        with transaction.atomic():
            started = time.perf_counter()
            outcome["result"] = fn()
            outcome["seconds"] = time.perf_counter() - started
            raise _Rollback
    except _Rollback:
        pass
    return outcome["result"], outcome["seconds"]


@dataclasses.dataclass(frozen=True)
class Figures:
    rows: int
    imported: int  # new rows the import reported
    milestones: int  # written by the import
    audit_entries: int  # written by the import
    import_seconds: float
    reimport_seconds: float
    reimport_unchanged: int
    bulk_seconds: float
    floor_seconds: float
    atomic_before: int
    atomic_after: int
    atomic_problems: list  # (row, column, reason)
    atomic_seconds: float

    @property
    def import_rate(self) -> float:
        return self.rows / self.import_seconds

    @property
    def bulk_rate(self) -> float:
        return self.rows / self.bulk_seconds

    @property
    def share(self) -> float:
        """The import's rate as a share of the plain bulk_create's."""
        return self.import_rate / self.bulk_rate

    @property
    def atomic(self) -> bool:
        return self.atomic_before == self.atomic_after and [p[0] for p in self.atomic_problems] == [self.rows + 1]


def run(rows: int = FULL_ROWS) -> Figures:
    zone = seed()
    content = sheet(rows)
    enterprises = {e.credit_code: e for e in Enterprise.objects.filter(zone=zone)}

    def imported():
        entries_before = AuditEntry.objects.filter(event="project.created").count()
        result = ProjectSheet().import_data(dataset_from_file("projects.csv", content))
        assert not result.sheet_problems, result.sheet_problems[:3]
        written = (
            result.totals["new"],
            Milestone.objects.filter(project__code__startswith=PROJECT_CODE).count(),
            AuditEntry.objects.filter(event="project.created").count() - entries_before,
        )
        started = time.perf_counter()
        again = ProjectSheet().import_data(dataset_from_file("projects.csv", content))
        return written, (time.perf_counter() - started, again.totals["skip"])

    def plain_rows() -> list[Project]:
        return [
            Project(
                code=f"{PROJECT_CODE}{n:06d}",
                name=f"导入基准项目{n}",
                enterprise=enterprises[credit_code(n % ENTERPRISES)],
                zone=zone,
                industry="C",
                project_type="industrial",
                investment_amount=Decimal(12000),
            )
            for n in range(rows)
        ]

    def bulk():
        return Project.objects.bulk_create(plain_rows())

    definitions = list(MilestoneDefinition.objects.filter(is_active=True))
    project_type = ContentType.objects.get_for_model(Project)

    def floor():
        projects = Project.objects.bulk_create(plain_rows())
        Milestone.objects.bulk_create(
            Milestone(project=p, definition=d, target_working_days=d.target_working_days)
            for p in projects
            for d in definitions
            if d.applies_to(p)
        )
        AuditEntry.objects.bulk_create(
            AuditEntry(
                actor_label="系统",
                event="project.created",
                subject_type=project_type,
                subject_id=str(p.pk),
                subject_label=str(p),
                after={"code": p.code, "name": p.name},
            )
            for p in projects
        )

    # the import's own reading of the file (the first run of a process reads the calendar etc.)
    ((new, milestones, entries), (reimport_seconds, unchanged)), import_seconds = rolled_back(imported)
    import_seconds -= reimport_seconds
    _result, bulk_seconds = rolled_back(bulk)
    _result, floor_seconds = rolled_back(floor)

    bad = sheet(rows, bad_last_row=True)
    before = Project.objects.count()
    started = time.perf_counter()
    result = ProjectSheet().import_data(dataset_from_file("projects.csv", bad))
    atomic_seconds = time.perf_counter() - started
    figures = Figures(
        rows=rows,
        imported=new,
        milestones=milestones,
        audit_entries=entries,
        import_seconds=import_seconds,
        reimport_seconds=reimport_seconds,
        reimport_unchanged=unchanged,
        bulk_seconds=bulk_seconds,
        floor_seconds=floor_seconds,
        atomic_before=before,
        atomic_after=Project.objects.count(),
        atomic_problems=[(p.row, p.column, p.reason) for p in result.sheet_problems],
        atomic_seconds=atomic_seconds,
    )
    print(
        f"\nimporting {rows:,} projects ({ENTERPRISES:,} enterprises, one zone;"
        f" the import writes {figures.milestones:,} milestones and {figures.audit_entries:,} audit entries besides)"
    )
    lines = [
        ("import (file read, checked, written, audited)", import_seconds),
        ("re-import of the same file (nothing changes)", reimport_seconds),
        ("baseline: bulk_create of the same projects", bulk_seconds),
        ("floor: bulk_create of the same writes", floor_seconds),
        ("bad last row: checked, all rolled back", atomic_seconds),
    ]
    for name, seconds in lines:
        print(f"{name:<48} {seconds:8.2f} s  {rows / seconds:9,.0f} rows/s")
    print(
        f"import / bulk_create: {figures.share:.0%} of its rate (goal 25 %); import / floor: {floor_seconds / import_seconds:.0%}"
    )
    print(
        f"atomicity: projects before {figures.atomic_before:,}, after {figures.atomic_after:,};"
        f" problems reported: {len(figures.atomic_problems)}"
        + "".join(f"\n  第{row}行 «{column}»：{reason}" for row, column, reason in figures.atomic_problems[:3])
    )
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_scale_arguments(parser, "--rows", FULL_ROWS, SMALL_ROWS, "how many projects the file holds")
    args = parser.parse_args(argv)
    call_command("migrate", verbosity=0)
    figures = run(chosen_size(args, args.rows, FULL_ROWS, SMALL_ROWS))
    if not figures.atomic or figures.imported != figures.rows or figures.reimport_unchanged != figures.rows:
        sys.exit(1)


if __name__ == "__main__":
    main()
