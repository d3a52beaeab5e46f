"""Enterprises from a sheet: the framework's rules (crm.imports) through its first user."""

from decimal import Decimal

import pytest

from crm.audit.models import AuditEntry
from projects.enterprises.sheets import EnterpriseSheet
from projects.models import Enterprise
from tests.factories import EnterpriseFactory, ProxyAgentFactory, UserFactory, ZoneFactory, credit_code
from tests.sheets import csv_bytes, dataset, problems, run_command, xlsx

pytestmark = pytest.mark.django_db

HEADERS = ["统一社会信用代码", "企业名称", "所在区域", "所属行业", "法定代表人", "注册资本（万元）"]


@pytest.fixture
def zone():
    return ZoneFactory(name="盐城高新区", short_name="高新区")


def good_rows(zone):
    return [
        HEADERS,
        [credit_code(1), "甲新材料有限公司", zone.name, "制造业", "张三", 5000],
        [credit_code(2), "乙软件有限公司", "高新区", "信息传输、软件和信息技术服务业", "", "3,850,000"],
    ]


def test_a_good_file_registers_each_enterprise_with_one_audit_entry(zone):
    by = UserFactory()
    result = EnterpriseSheet(by=by).import_data(dataset(good_rows(zone)))
    assert problems(result) == []
    first = Enterprise.objects.get(credit_code=credit_code(1))
    assert (first.name, first.zone, first.industry, first.legal_representative) == (
        "甲新材料有限公司",
        zone,
        "C",
        "张三",
    )
    assert first.registered_capital == Decimal("5000.00")
    assert Enterprise.objects.get(credit_code=credit_code(2)).registered_capital == Decimal("3850000.00")
    entries = AuditEntry.objects.filter(event="enterprise.registered")
    assert entries.count() == 2
    assert {e.actor for e in entries} == {by}
    assert entries.get(subject_id=str(first.pk)).after["legal_representative"] == "张三"


def test_importing_the_same_file_twice_changes_nothing_the_second_time(zone):
    EnterpriseSheet().import_data(dataset(good_rows(zone)))
    entries = AuditEntry.objects.count()
    result = EnterpriseSheet().import_data(dataset(good_rows(zone)))
    assert problems(result) == []
    assert (result.totals["new"], result.totals["update"], result.totals["skip"]) == (0, 0, 2)
    assert Enterprise.objects.count() == 2
    assert AuditEntry.objects.count() == entries


def test_a_changed_cell_updates_the_enterprise_through_its_service(zone):
    EnterpriseSheet().import_data(dataset(good_rows(zone)))
    rows = good_rows(zone)
    rows[1][4] = "李四"
    result = EnterpriseSheet().import_data(dataset(rows))
    assert result.totals["update"] == 1
    assert Enterprise.objects.get(credit_code=credit_code(1)).legal_representative == "李四"
    entry = AuditEntry.objects.get(event="enterprise.updated")
    assert (entry.before, entry.after) == ({"legal_representative": "张三"}, {"legal_representative": "李四"})


def assert_nothing_written(result, expected: list[tuple]):
    """The file wrote nothing (not even its good row) and reported exactly ``expected``."""
    assert Enterprise.objects.count() == 0
    assert AuditEntry.objects.count() == 0
    assert problems(result) == expected


def test_a_wrong_check_character_is_reported_on_its_row_and_column(zone):
    rows = good_rows(zone)
    rows[2][0] = credit_code(2)[:17] + ("0" if credit_code(2)[17] != "0" else "1")
    result = EnterpriseSheet().import_data(dataset(rows))
    [(row, column, reason)] = problems(result)
    assert (row, column) == (3, "统一社会信用代码")
    assert "校验位" in reason
    assert_nothing_written(result, [(row, column, reason)])


def test_an_unknown_zone(zone):
    rows = good_rows(zone)
    rows[1][2] = "火星开发区"
    assert_nothing_written(
        EnterpriseSheet().import_data(dataset(rows)), [(2, "所在区域", "找不到园区/区域“火星开发区”")]
    )


def test_an_empty_required_cell(zone):
    rows = good_rows(zone)
    rows[2][1] = "  "
    assert_nothing_written(EnterpriseSheet().import_data(dataset(rows)), [(3, "企业名称", "必填，不能为空")])


def test_a_number_with_units(zone):
    rows = good_rows(zone)
    rows[1][5] = "5000万元"
    assert_nothing_written(
        EnterpriseSheet().import_data(dataset(rows)),
        [(2, "注册资本（万元）", "“5000万元”不是数字：只填数字，不带单位，例如 5000")],
    )


def test_a_formula_cell_is_refused_not_computed(zone):
    rows = good_rows(zone)
    rows[1][5] = "=1000*5"
    assert_nothing_written(
        EnterpriseSheet().import_data(dataset(rows)),
        [(2, "注册资本（万元）", "这是公式“=1000*5”，请复制后“粘贴为数值”再导入")],
    )


def test_an_unknown_choice_lists_the_values_allowed(zone):
    rows = good_rows(zone)
    rows[1][3] = "造船"
    [(row, column, reason)] = problems(EnterpriseSheet().import_data(dataset(rows)))
    assert (row, column) == (2, "所属行业")
    assert reason.startswith("“造船”不是可选值，可选：农、林、牧、渔业、制造业")


def test_a_merged_header_cell_is_refused_before_any_row(zone):
    rows = [["统一社会信用代码", "企业名称", None, "所属行业"], [credit_code(1), "甲", zone.name, "制造业"]]
    result = EnterpriseSheet().import_data(dataset(rows, merged="B1:C1"))
    assert_nothing_written(
        result,
        [
            (1, "", "第C列没有标题（标题行不能合并单元格或留空）"),
            (1, "", "缺少必需的列：所在区域"),
        ],
    )


def test_wrong_headers_name_what_is_missing_and_what_is_unknown(zone):
    rows = [["信用代码", "企业名称", "所在区域", "行业"], [credit_code(1), "甲", zone.name, "制造业"]]
    [missing, unknown] = problems(EnterpriseSheet().import_data(dataset(rows)))
    assert missing == (1, "", "缺少必需的列：统一社会信用代码、所属行业")
    assert unknown[2].startswith("无法识别的列：信用代码、行业（可用的列：统一社会信用代码、企业名称")
    assert Enterprise.objects.count() == 0


def test_the_same_credit_code_twice_in_a_file_is_refused_on_its_second_row(zone):
    rows = good_rows(zone)
    rows.append([credit_code(1).lower(), "甲新材料有限公司（重复）", zone.name, "制造业", "", ""])
    assert_nothing_written(
        EnterpriseSheet().import_data(dataset(rows)), [(4, "统一社会信用代码", f"“{credit_code(1)}”与第2行重复")]
    )


def test_hostile_cells_are_row_errors_never_a_crash(zone, tmp_path):
    rows = [
        HEADERS,
        [credit_code(1), "甲\x00公司", zone.name, "制造业", "", ""],
        [credit_code(2), "乙" * 10_000, zone.name, "制造业", "", ""],
    ]
    _out, err, status = run_command(tmp_path, "enterprises", csv_bytes(rows), "sheet.csv")
    assert status == 1
    assert "第2行 «企业名称»：含有不可见的控制字符，请删除后再导入" in err
    assert "第3行 «企业名称»：内容过长（10000个字），请精简后再导入" in err
    assert Enterprise.objects.count() == 0


def test_a_csv_saved_by_excel_in_gb18030_reads_as_the_same_file(zone, tmp_path):
    out, err, status = run_command(tmp_path, "enterprises", csv_bytes(good_rows(zone), "gb18030"), "sheet.csv")
    assert (status, err) == (0, "")
    assert "新增2条" in out
    assert Enterprise.objects.count() == 2


def test_the_command_prints_every_problem_and_fails(zone, tmp_path):
    rows = good_rows(zone)
    rows[1][2] = "火星开发区"
    rows[2][5] = "5个亿"
    _out, err, status = run_command(tmp_path, "enterprises", xlsx(rows))
    assert status == 1
    assert err.splitlines() == [
        "第2行 «所在区域»：找不到园区/区域“火星开发区”",
        "第3行 «注册资本（万元）»：“5个亿”不是数字：只填数字，不带单位，例如 5",
        "文件有2处问题，未导入任何数据。",
    ]
    assert Enterprise.objects.count() == 0


def test_a_dry_run_checks_and_writes_nothing(zone, tmp_path):
    out, _err, status = run_command(tmp_path, "enterprises", xlsx(good_rows(zone)), "sheet.xlsx", "--dry-run")
    assert status == 0
    assert "检查通过（未写入）：新增2条" in out
    assert Enterprise.objects.count() == 0


def test_an_agent_is_named_by_the_employee_number(zone):
    agent = ProxyAgentFactory(employee_no="DB0042")
    rows = [[*HEADERS, "联系代办员工号"], [credit_code(1), "甲", zone.name, "制造业", "", "", "DB0042"]]
    assert problems(EnterpriseSheet().import_data(dataset(rows))) == []
    assert Enterprise.objects.get().assigned_agent == agent


def test_a_user_cannot_change_an_enterprise_outside_their_scope(zone):
    other = EnterpriseFactory(credit_code=credit_code(1), name="别人的企业")
    sheet = EnterpriseSheet(may_change=lambda obj: False)
    [(row, column, reason)] = problems(sheet.import_data(dataset(good_rows(zone)[:2])))
    assert (row, column, reason) == (2, "统一社会信用代码", "该企业不在您的管辖范围内，不能修改")
    other.refresh_from_db()
    assert other.name == "别人的企业"
