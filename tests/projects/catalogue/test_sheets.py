"""The item catalogue from a sheet, with each item's materials."""

import pytest

from crm.audit.models import AuditEntry
from projects.catalogue.sheets import ApprovalItemSheet, ItemBundleSheet
from projects.models import ApprovalItem, ItemBundle, Material, MaterialRequirement
from tests.factories import DepartmentFactory, ZoneFactory
from tests.sheets import dataset, problems, run_command, xlsx

pytestmark = pytest.mark.django_db

HEADERS = [
    "事项编码",
    "事项名称",
    "实施部门",
    "设定依据",
    "办件类型",
    "法定时限（工作日）",
    "承诺时限（工作日）",
    "网办深度",
    "申请材料",
]


@pytest.fixture
def department():
    return DepartmentFactory(name="行政审批局", zone=ZoneFactory(name="盐城高新区"))


def item_row(code="XK-001", statutory=20, committed=5, materials="申请表\n设计方案", department="行政审批局"):
    return [
        code,
        f"事项{code}",
        department,
        "《城乡规划法》第四十条",
        "承诺件",
        statutory,
        committed,
        "窗口办理",
        materials,
    ]


def test_items_are_added_with_their_materials_in_order_and_audited(department):
    result = ApprovalItemSheet().import_data(
        dataset([HEADERS, item_row(), item_row("XK-002", materials="设计方案；土地证")])
    )
    assert problems(result) == []
    item = ApprovalItem.objects.get(code="XK-001")
    assert (item.department, item.statutory_days, item.committed_days, item.fee, item.proxiable) == (
        department,
        20,
        5,
        0,
        True,
    )
    assert list(item.requirements.values_list("material__name", "order")) == [("申请表", 1), ("设计方案", 2)]
    assert Material.objects.count() == 3  # 设计方案 once for both items
    entry = AuditEntry.objects.get(event="approvalitem.added", subject_id=str(item.pk))
    assert entry.after["materials"] == ["申请表", "设计方案"]


def test_reimport_is_idempotent_and_a_material_change_alone_is_an_update(department):
    ApprovalItemSheet().import_data(dataset([HEADERS, item_row()]))
    again = ApprovalItemSheet().import_data(dataset([HEADERS, item_row()]))
    assert (again.totals["new"], again.totals["update"], again.totals["skip"]) == (0, 0, 1)
    changed = ApprovalItemSheet().import_data(dataset([HEADERS, item_row(materials="设计方案\n申请表\n承诺书")]))
    assert changed.totals["update"] == 1
    item = ApprovalItem.objects.get()
    assert list(item.requirements.values_list("material__name", flat=True)) == ["设计方案", "申请表", "承诺书"]
    entry = AuditEntry.objects.get(event="approvalitem.updated")
    assert entry.after == {"materials": ["设计方案", "申请表", "承诺书"]}
    ApprovalItemSheet().import_data(dataset([HEADERS, item_row(materials="申请表")]))
    assert MaterialRequirement.objects.count() == 1


def test_a_committed_limit_above_half_the_statutory_one(department):
    result = ApprovalItemSheet().import_data(
        dataset([HEADERS, item_row(), item_row("XK-002", statutory=20, committed=11)])
    )
    assert problems(result) == [
        (3, "承诺时限（工作日）", "承诺时限不得超过法定时限的一半：法定20个工作日，承诺时限最多10个工作日")
    ]
    assert not ApprovalItem.objects.exists() and not Material.objects.exists()


def test_a_number_of_days_with_units(department, tmp_path):
    _out, err, status = run_command(tmp_path, "items", xlsx([HEADERS, item_row(committed="5个工作日")]))
    assert status == 1
    assert "第2行 «承诺时限（工作日）»：“5个工作日”不是数字：只填数字，不带单位，例如 5" in err
    assert not ApprovalItem.objects.exists()


def test_a_department_two_zones_have_is_named_with_its_zone(department):
    DepartmentFactory(name="行政审批局", zone=ZoneFactory(name="盐都区"))
    [(row, column, reason)] = problems(ApprovalItemSheet().import_data(dataset([HEADERS, item_row()])))
    assert (row, column) == (2, "实施部门")
    assert reason.startswith("“行政审批局”在多个区域都有，请写作“区域/部门”")
    assert (
        problems(ApprovalItemSheet().import_data(dataset([HEADERS, item_row(department="盐城高新区/行政审批局")])))
        == []
    )
    assert ApprovalItem.objects.get().department == department


def test_a_material_listed_twice(department):
    assert problems(ApprovalItemSheet().import_data(dataset([HEADERS, item_row(materials="申请表；申请表")]))) == [
        (2, "申请材料", "材料重复列出：申请表")
    ]


def test_steps_are_the_items_in_order_and_at_most_four(department):
    headers = [*HEADERS, "办理环节"]
    steps = "受理：材料齐全当场受理\n审查\n决定: 作出许可决定"
    assert problems(ApprovalItemSheet().import_data(dataset([headers, [*item_row(), steps]]))) == []
    item = ApprovalItem.objects.get()
    assert list(item.steps.values_list("order", "name", "description")) == [
        (1, "受理", "材料齐全当场受理"),
        (2, "审查", ""),
        (3, "决定", "作出许可决定"),
    ]
    again = ApprovalItemSheet().import_data(dataset([headers, [*item_row(), steps]]))
    assert again.totals["skip"] == 1
    too_many = ApprovalItemSheet().import_data(dataset([headers, [*item_row(), "一；二；三；四；五"]]))
    assert problems(too_many) == [(2, "办理环节", "办理环节最多4个（当前5个）")]
    assert item.steps.count() == 3
    changed = ApprovalItemSheet().import_data(dataset([headers, [*item_row(), "受理\n决定"]]))
    assert changed.totals["update"] == 1
    assert list(item.steps.values_list("name", flat=True)) == ["受理", "决定"]
    entry = AuditEntry.objects.get(event="approvalitem.updated")
    assert entry.after == {"steps": ["受理", "决定"]}


def test_bundles_name_their_items_by_code(department):
    ApprovalItemSheet().import_data(dataset([HEADERS, item_row(), item_row("XK-002")]))
    headers = ["套餐名称", "适用情形", "包含事项编码"]
    rows = [headers, ["开工套餐", "取得土地后", "XK-002\nXK-001"]]
    assert problems(ItemBundleSheet().import_data(dataset(rows))) == []
    bundle = ItemBundle.objects.get()
    assert sorted(bundle.items.values_list("code", flat=True)) == ["XK-001", "XK-002"]
    assert AuditEntry.objects.get(event="itembundle.added").after["items"] == ["XK-001", "XK-002"]
    assert ItemBundleSheet().import_data(dataset(rows)).totals["skip"] == 1
    unknown = ItemBundleSheet().import_data(dataset([headers, ["开工套餐", "", "XK-001；XK-404"]]))
    assert problems(unknown) == [(2, "包含事项编码", "找不到事项编码：XK-404")]
    assert bundle.items.count() == 2
