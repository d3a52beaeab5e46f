"""Investment projects from a sheet: matched on the project code, created and
corrected through the project's services, never taking another project's code."""

import pytest

from crm.audit.models import AuditEntry
from projects.investment.services import project_code_change, project_milestones_ensure
from projects.investment.sheets import ProjectSheet
from projects.models import Project
from tests.factories import EnterpriseFactory, ProjectFactory, UserFactory, ZoneFactory, project_code
from tests.sheets import dataset, problems

pytestmark = pytest.mark.django_db

HEADERS = ["投资项目代码", "项目名称", "建设单位信用代码", "所在区域", "所属行业", "项目类型", "总投资（万元）"]


@pytest.fixture
def enterprise():
    return EnterpriseFactory(zone=ZoneFactory(name="盐城高新区"))


def rows_for(enterprise, *numbers):
    return [
        HEADERS,
        *(
            [project_code(n), f"项目{n}", enterprise.credit_code, "盐城高新区", "制造业", "工业生产建设项目", 12000]
            for n in numbers
        ),
    ]


def test_projects_are_created_with_their_milestones_and_audited(enterprise):
    by = UserFactory()
    result = ProjectSheet(by=by).import_data(dataset(rows_for(enterprise, 1, 2)))
    assert problems(result) == []
    project = Project.objects.get(code=project_code(1))
    assert (project.enterprise, project.project_type, project.investment_amount) == (enterprise, "industrial", 12000)
    assert project.milestones.exists()
    assert project_milestones_ensure(project=project) == []  # every milestone that applies, already there
    assert AuditEntry.objects.filter(event="project.created", actor=by).count() == 2


def test_reimporting_is_idempotent_and_a_change_is_one_update(enterprise):
    ProjectSheet().import_data(dataset(rows_for(enterprise, 1, 2)))
    again = ProjectSheet().import_data(dataset(rows_for(enterprise, 1, 2)))
    assert (again.totals["new"], again.totals["update"], again.totals["skip"]) == (0, 0, 2)
    rows = rows_for(enterprise, 1, 2)
    rows[2][6] = "15,000"
    changed = ProjectSheet().import_data(dataset(rows))
    assert (changed.totals["update"], changed.totals["skip"]) == (1, 1)
    entry = AuditEntry.objects.get(event="project.updated")
    assert (entry.before, entry.after) == ({"investment_amount": "12000.00"}, {"investment_amount": "15000.00"})
    assert Project.objects.count() == 2


def test_a_project_code_twice_in_the_file(enterprise):
    rows = rows_for(enterprise, 1, 2, 1)
    result = ProjectSheet().import_data(dataset(rows))
    assert problems(result) == [(4, "投资项目代码", f"“{project_code(1)}”与第2行重复")]
    assert Project.objects.count() == 0


def test_a_project_code_another_enterprise_holds_in_the_database(enterprise):
    theirs = ProjectFactory(code=project_code(1), name="别家的项目")
    result = ProjectSheet().import_data(dataset(rows_for(enterprise, 2, 1)))
    assert problems(result) == [
        (
            3,
            "投资项目代码",
            f"该代码已是“{theirs.enterprise}”的项目“别家的项目”的代码，不能再用于另一企业的项目",
        )
    ]
    assert Project.objects.count() == 1
    theirs.refresh_from_db()
    assert (theirs.enterprise_id, theirs.name) != (enterprise.pk, "项目1")


def test_a_code_that_was_changed_points_to_the_new_one(enterprise):
    project = ProjectFactory(code=project_code(1), enterprise=enterprise, zone=enterprise.zone)
    project_code_change(project=project, new_code=project_code(9), reason="重新赋码", by=None)
    result = ProjectSheet().import_data(dataset(rows_for(enterprise, 1)))
    assert problems(result) == [
        (2, "投资项目代码", f"该代码已变更为“{project_code(9)}”（项目“{project.name}”），请使用新代码")
    ]
    assert Project.objects.count() == 1


def test_a_malformed_code_and_an_unknown_enterprise(enterprise):
    rows = rows_for(enterprise, 1)
    rows[1][0] = "2024-3209"
    rows[1][2] = "91320903MA1N00001X"
    [(row, first, code_reason), (_row, second, enterprise_reason)] = sorted(
        problems(ProjectSheet().import_data(dataset(rows))), key=lambda p: p[1], reverse=True
    )
    assert (row, first, second) == (2, "投资项目代码", "建设单位信用代码")
    assert code_reason.startswith("投资项目代码格式应为")
    assert enterprise_reason == "找不到企业“91320903MA1N00001X”"


def test_the_queries_of_an_import_do_not_grow_with_its_rows(enterprise):
    """Stored projects, enterprises and zones are read once for the file, and new
    projects, their milestones and their audit entries written in bulk: 10 rows and
    60 rows cost the same number of queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    by = UserFactory()
    counts = []
    for first, rows in ((1, 3), (10, 10), (100, 60)):  # the first warms the caches (content types)
        with CaptureQueriesContext(connection) as queries:
            result = ProjectSheet(by=by).import_data(dataset(rows_for(enterprise, *range(first, first + rows))))
        assert problems(result) == []
        counts.append(len(queries))
    assert counts[1] == counts[2] < 30
    assert Project.objects.count() == 73
    assert AuditEntry.objects.filter(event="project.created", actor=by).count() == 73
    assert all(project.milestones.exists() for project in Project.objects.all())


def test_a_bad_last_row_of_a_bulk_import_writes_nothing(enterprise):
    rows = rows_for(enterprise, *range(1, 31))
    rows[-1][3] = "不存在的区"
    result = ProjectSheet().import_data(dataset(rows))
    assert problems(result) == [(31, "所在区域", "找不到园区/区域“不存在的区”")]
    assert Project.objects.count() == 0
    assert not AuditEntry.objects.filter(event="project.created").exists()
