"""Zone reports from a sheet: registered through the service (audited), matched on the
approval number (a second import changes nothing), every bad row reported with its
row and column and nothing written, a committee's import kept to its zones."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from crm.audit.models import AuditEntry
from regional_assessments.reports.models import ZoneReport
from regional_assessments.reports.sheets import ZoneReportSheet
from tests.factories import UserFactory, ZoneFactory
from tests.sheets import dataset, problems, run_command, xlsx

pytestmark = pytest.mark.django_db

HEADERS = [
    "批复文号",
    "报告名称",
    "园区/区域",
    "涵盖的评估",
    "编制/审批单位",
    "生效日期",
    "有效期至",
    "适用总投资上限（万元）",
]


@pytest.fixture
def zones():
    return ZoneFactory(name="盐城高新区"), ZoneFactory(name="盐龙街道")


def row(
    number="高管发〔2026〕1号",
    zone="盐城高新区",
    types="地质灾害危险性评估；地震安全性评价",
    start="2026-01-05",
    until="",
    cap="",
):
    return [number, f"{zone}区域评估报告", zone, types, "管委会", start, until, cap]


def test_reports_are_registered_audited_and_a_second_import_changes_nothing(zones, tmp_path):
    rows = [HEADERS, row(), row("盐龙发〔2026〕8号", "盐龙街道", "节能评估", "2026-03-01", "2028-02-29", 50000)]

    out, err, status = run_command(tmp_path, "reports", xlsx(rows))

    assert (status, err) == (0, "") and "新增2条" in out
    first = ZoneReport.objects.get(approval_no="高管发〔2026〕1号")
    assert (first.zone, first.valid_from, first.valid_until) == (zones[0], dt.date(2026, 1, 5), dt.date(2031, 1, 5))
    assert set(first.assessment_types.values_list("name", flat=True)) == {"地震安全性评价", "地质灾害危险性评估"}
    second = ZoneReport.objects.get(approval_no="盐龙发〔2026〕8号")
    assert (second.valid_until, second.max_investment) == (dt.date(2028, 2, 29), 50000)
    assert AuditEntry.objects.filter(event="regional_report.registered").count() == 2

    out, err, status = run_command(tmp_path, "reports", xlsx(rows))
    assert (status, err) == (0, "") and "新增0条" in out and "无变化2条" in out
    assert ZoneReport.objects.count() == 2 and AuditEntry.objects.filter(event="regional_report.updated").count() == 0

    changed = [HEADERS, row(types="地质灾害危险性评估"), rows[2]]
    out, _err, _status = run_command(tmp_path, "reports", xlsx(changed))
    assert "更新1条" in out
    assert list(first.assessment_types.values_list("name", flat=True)) == ["地质灾害危险性评估"]
    entry = AuditEntry.objects.get(event="regional_report.updated")
    assert entry.subject_id == str(first.pk) and "assessment_types" in entry.after


def test_every_bad_row_is_reported_and_nothing_is_written(zones):
    rows = [
        HEADERS,
        row(),  # good, but the file as a whole is refused
        row("A-2", zone="火星开发区"),
        row("A-3", start="2026-02-30"),
        row("A-4", start="2026-05-01", until="2026-04-30"),
        row("A-5", types="地质灾害危险性评估；风水评估"),
        row("A-6", cap="5万元"),
        row("A-7", start=""),
        row("A-2"),  # the same approval number twice
    ]

    found = problems(ZoneReportSheet().import_data(dataset(rows), dry_run=False))

    by_row = {(number, column): reason for number, column, reason in found}
    assert by_row[3, "园区/区域"] == "找不到园区/区域“火星开发区”"
    assert by_row[4, "生效日期"] == "日期“2026-02-30”不存在，请核对月份和日"
    assert by_row[5, "有效期至"] == "有效期至（2026-04-30）不能早于生效日期（2026-05-01）"
    assert by_row[6, "涵盖的评估"].startswith("找不到评估类型：风水评估（可选：")
    assert "数字" in by_row[7, "适用总投资上限（万元）"]
    assert by_row[8, "生效日期"] == "必填，不能为空"
    assert by_row[9, "批复文号"] == "“A-2”与第3行重复"
    assert {number for number, _column, _reason in found} == {3, 4, 5, 6, 7, 8, 9}
    assert ZoneReport.objects.count() == 0 and not AuditEntry.objects.filter(event__startswith="regional_report")


def test_a_committee_imports_reports_of_its_own_zones_in_the_admin(client, zones):
    committee = UserFactory(username="zone-import", roles=["zone_committee"], zone=zones[1], is_staff=True)
    client.force_login(committee)
    page = client.get("/admin/regional_assessments/zonereport/")
    assert page.status_code == 200 and "/admin/regional_assessments/zonereport/import/" in page.content.decode()
    template = client.get("/admin/regional_assessments/zonereport/import-template/")
    assert template.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(template))).worksheets[0]
    example = dict(zip([c.value for c in sheet[1]], [c.value for c in sheet[2]], strict=True))
    assert example["园区/区域"] == zones[1].name  # the committee's own zone, one it may import into

    upload = xlsx([HEADERS, row(), row("盐龙发〔2026〕8号", "盐龙街道", "节能评估")])
    response = client.post(
        "/admin/regional_assessments/zonereport/import/",
        {"format": "0", "import_file": _file(upload)},
    )
    assert response.status_code == 200
    assert "找不到园区/区域“盐城高新区”" in response.content.decode()  # another zone's: not found
    assert ZoneReport.objects.count() == 0


def _file(content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("reports.xlsx", content)


def test_the_admin_preview_shows_the_assessments_a_new_report_will_cover(admin_client, zones):
    upload = xlsx([HEADERS, row()])
    response = admin_client.post(
        "/admin/regional_assessments/zonereport/import/", {"format": "0", "import_file": _file(upload)}
    )
    page = response.content.decode()
    assert response.status_code == 200 and response.context["confirm_form"] is not None
    assert "地震安全性评价" in page and "地质灾害危险性评估" in page
    assert ZoneReport.objects.count() == 0  # a preview writes nothing


def test_an_approval_number_two_stored_reports_share_is_refused_and_changes_neither(zones, tmp_path):
    from tests.factories import ZoneReportFactory

    first = ZoneReportFactory(zone=zones[0], approval_no="高管发〔2026〕1号", title="甲")
    second = ZoneReportFactory(zone=zones[0], approval_no="高管发〔2026〕1号", title="乙")

    _out, err, status = run_command(tmp_path, "reports", xlsx([HEADERS, row()]))

    assert status == 1 and "第2行" in err and "已登记多份使用该批复文号的报告" in err
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.title, second.title) == ("甲", "乙") and ZoneReport.objects.count() == 2
