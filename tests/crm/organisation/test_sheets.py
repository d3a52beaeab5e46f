"""Zones and departments from a sheet."""

import pytest

from crm.audit.models import AuditEntry
from crm.organisation.models import Department, Zone
from crm.organisation.sheets import DepartmentSheet, ZoneSheet
from tests.factories import ZoneFactory
from tests.sheets import dataset, problems, run_command, xlsx

pytestmark = pytest.mark.django_db

ZONES = ["名称", "简称", "类别", "行政区划代码", "上级区域"]


def test_zones_with_a_parent_on_an_earlier_row_are_added_and_audited(tmp_path):
    rows = [ZONES, ["盐都区", "", "区", "320903", ""], ["盐城高新区", "高新区", "高新技术产业开发区", 320903, "盐都区"]]
    _out, err, status = run_command(tmp_path, "zones", xlsx(rows))
    assert (status, err) == (0, "")
    park = Zone.objects.get(name="盐城高新区")
    assert (park.parent.name, park.division_code, park.kind) == ("盐都区", "320903", "hi_tech_zone")
    assert AuditEntry.objects.filter(event="zone.added").count() == 2
    again = ZoneSheet().import_data(dataset(rows))
    assert (again.totals["new"], again.totals["update"], again.totals["skip"]) == (0, 0, 2)


def test_a_bad_division_code_and_an_ambiguous_parent():
    ZoneFactory(name="甲区", division_code="320903")
    ZoneFactory(name="乙区", division_code="320903")
    rows = [ZONES, ["丙园区", "", "镇（街道）", "990903", "320903"]]
    assert sorted(problems(ZoneSheet().import_data(dataset(rows)))) == [
        (2, "上级区域", "“320903”对应多个园区/区域，请填写更具体的名称"),
        (2, "行政区划代码", "行政区划代码前两位“99”不是有效的省级代码"),
    ]
    assert not Zone.objects.filter(name="丙园区").exists()


def test_departments_are_matched_on_their_zone_and_name():
    ZoneFactory(name="盐城高新区")
    ZoneFactory(name="盐都区")
    rows = [
        ["所属区域", "名称", "进驻窗口"],
        ["盐城高新区", "行政审批局", "1号窗口"],
        ["盐都区", "行政审批局", "2号窗口"],
        ["盐城高新区", "行政审批局", "3号窗口"],
        ["亭湖区", "生态环境局", ""],
    ]
    assert problems(DepartmentSheet().import_data(dataset(rows))) == [
        (4, "所属区域", "“盐城高新区 / 行政审批局”与第2行重复"),
        (5, "所属区域", "找不到园区/区域“亭湖区”"),
    ]
    assert not Department.objects.exists()
    assert problems(DepartmentSheet().import_data(dataset(rows[:3]))) == []
    assert Department.objects.count() == 2
