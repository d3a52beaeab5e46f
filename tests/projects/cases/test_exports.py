"""The desks' lists as spreadsheets: the workbench (with its filters, all pages), the
centre's warned and overdue items, a zone's reuse list and any admin changelist; each
holds only what its page shows the user."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from crm.accounts.roles import Role
from projects.cases.actions import item_action_perform
from projects.cases.services import case_authorise, case_items_choose, case_open
from projects.models import Enterprise
from regional_assessments.reports.models import AssessmentType, ReportReuse, ZoneReport
from regional_assessments.reports.services import zone_report_register
from tests.factories import ApprovalItemFactory, EnterpriseFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _rows(response) -> list[list]:
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def _overdue(world, case) -> None:
    agent = world.users["agent1"]
    case_authorise(case=case, signed_on=dt.date(2026, 3, 2), signatory="王总", scope="代办", by=agent)
    for action, fields in [("pass_prereview", {}), ("submit", {}), ("accept", {"acceptance_no": "SL-9"})]:
        item_action_perform(item=case.items.get(), action=action, on=dt.date(2026, 3, 2), by=agent, **fields)


def test_workbench_exports_every_page_with_its_filters(client, world, own_case, monkeypatch):
    agent = world.users["agent1"]
    monkeypatch.setattr("projects.cases.views.PAGE_SIZE", 2)
    for i in range(4):
        case = case_open(
            enterprise=EnterpriseFactory(name=f'=HYPERLINK("x") 第{i}公司'),
            agent=agent.agent_profile,
            channel="phone",
            summary="咨询",
            by=agent,
            on=dt.date(2026, 3, 2),
        )
        case_items_choose(case=case, approval_items=[ApprovalItemFactory(code=f"E-{i}")], by=agent)
    client.force_login(agent)
    page = client.get("/projects/workbench/").content.decode()
    assert "export=xlsx" in page

    rows = _rows(client.get("/projects/workbench/", {"export": "xlsx"}))
    header, body = rows[0], rows[1:]
    assert header[:3] == ["案件编号", "项目代码", "企业"] and "当前等待" in header
    assert len(body) == 5  # all pages, not the first two
    assert own_case.number in {row[0] for row in body}
    names = {row[2] for row in body}
    assert '\'=HYPERLINK("x") 第0公司' in names  # escaped, not a formula
    waits = {row[header.index("当前等待")] for row in body}
    assert any("代办员" in w for w in waits)

    filtered = _rows(client.get("/projects/workbench/", {"export": "xlsx", "q": "第1公司"}))
    assert len(filtered) == 2 and filtered[1][2].endswith("第1公司")


def test_workbench_export_refuses_an_unknown_format_and_other_roles(client, world, own_case):
    client.force_login(world.users["agent1"])
    response = client.get("/projects/workbench/", {"export": "pdf\x00"})
    assert response.status_code == 400 and "导出" in response.content.decode()
    client.force_login(world.users["enterprise1"])
    assert client.get("/projects/workbench/", {"export": "xlsx"}).status_code == 403


def test_supervisor_exports_the_centres_overdue_items_only(client, world, own_case):
    _overdue(world, own_case)
    client.force_login(world.users["supervisor"])
    assert "export=xlsx" in client.get("/projects/centre/").content.decode()
    rows = _rows(client.get("/projects/centre/", {"export": "xlsx"}))
    header = rows[0]
    (row,) = rows[1:]
    assert row[0] == own_case.number and row[header.index("期限状态")] == "超时"
    assert row[header.index("超期工作日")] > 0 and row[header.index("代办员")] == str(own_case.agent)
    client.force_login(world.users["supervisor_b"])
    assert _rows(client.get("/projects/centre/", {"export": "xlsx"}))[1:] == []


def test_zone_committee_exports_its_reuse_list(client, world):
    administrator = UserFactory(roles=[Role.ADMINISTRATOR])
    committee = world.users["zone_a"]
    report = zone_report_register(
        report=ZoneReport(
            zone=committee.zone, title="A区区域评估", issuing_body="管委会", valid_from=dt.date(2026, 1, 5)
        ),
        assessment_types=list(AssessmentType.objects.all()[:1]),
        by=administrator,
    )
    project = ProjectFactory(enterprise=EnterpriseFactory(zone=committee.zone))
    ReportReuse.objects.create(
        project=project,
        report=report,
        assessment_type=report.assessment_types.get(),
        days_saved=10,
        fee_saved=Decimal(20000),
        reused_on=dt.date(2026, 2, 2),
        recorded_by=administrator,
    )
    client.force_login(committee)
    assert "export=xlsx" in client.get("/zone/reports/").content.decode()
    rows = _rows(client.get("/zone/reports/", {"export": "xlsx"}))
    assert rows[0][0] == "复用日期"
    (row,) = rows[1:]
    assert row[1] == "A区区域评估" and row[3] == project.code and row[7] == 10 and row[8] == 20000
    client.force_login(world.users["zone_b"])
    assert _rows(client.get("/zone/reports/", {"export": "xlsx"}))[1:] == []


def test_admin_changelist_exports_the_chosen_rows_within_scope(client, world, own_case):
    supervisor = world.users["supervisor"]
    supervisor.is_staff = True
    supervisor.save(update_fields=["is_staff"])
    client.force_login(supervisor)
    visible = client.get("/admin/projects/enterprise/")
    assert visible.status_code == 200 and "导出所选为 Excel" in visible.content.decode()
    everyone = list(Enterprise.objects.values_list("pk", flat=True))
    response = client.post(
        "/admin/projects/enterprise/",
        {"action": "changelist_export", "_selected_action": everyone, "select_across": "1", "index": "0"},
    )
    rows = _rows(response)
    names = {row[0] for row in rows[1:]}
    own = world.own_project.enterprise.name
    assert own in names
    assert world.other_project.enterprise.name not in names  # another centre's enterprise
