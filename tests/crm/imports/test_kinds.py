"""Every kind of sheet: importable in the admin and by the command, and its template:
refused while its made-up example row is left as it is, imported once filled in (in app
order, each example naming the rows the earlier ones made)."""

import io

import pytest
from django.contrib import admin
from openpyxl import load_workbook

from crm.imports.admin import SheetImportMixin
from crm.imports.cells import Text
from crm.imports.kinds import sheet_kinds
from tests.factories import UserFactory
from tests.sheets import run_command, xlsx

pytestmark = pytest.mark.django_db


def sheet_admins() -> dict:
    return {
        model_admin.resource_classes[0]: model
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, SheetImportMixin)
    }


def test_the_kinds_the_command_knows():
    assert list(sheet_kinds()) == [
        "zones",
        "departments",
        "calendar",
        "centres",
        "agents",
        "items",
        "bundles",
        "enterprises",
        "projects",
        "reports",
    ]


def test_every_template_is_refused_as_it_is_and_imports_once_filled_in(admin_client, tmp_path):
    """The example row is made up: left as it is, the file is refused on that row (the
    calendar's example, next year's New Year's Day, is a real row and imports); with any
    cell changed it imports."""
    UserFactory(username="zhangsan")  # the account the agents' example names
    admins = sheet_admins()
    for kind, sheet in sheet_kinds().items():
        model = admins[sheet]
        response = admin_client.get(f"/admin/{model._meta.app_label}/{model._meta.model_name}/import-template/")
        assert response.status_code == 200, kind
        content = b"".join(response)
        rows = [list(row) for row in load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(values_only=True)]
        out, err, status = run_command(tmp_path, kind, content)
        if not sheet.example_is_sample:
            assert (status, err) == (0, "") and "新增1条" in out, kind
            continue
        assert status == 1 and "第2行" in err and "这是导入模板中的示例行" in err, (kind, err)
        assert model._default_manager.count() == 0, kind
        resource = sheet()
        key = resource.key_field().column_name
        column = next(
            index
            for index, field in enumerate(resource.get_import_fields())
            if isinstance(field.widget, Text) and field.column_name != key and rows[1][index]
        )
        rows[1][column] = f"{rows[1][column]}甲"
        out, err, status = run_command(tmp_path, kind, xlsx(rows))
        assert (status, err) == (0, ""), (kind, err)
        assert "新增1条" in out, kind
        assert model._default_manager.count() >= 1


def test_an_unknown_kind_or_file(tmp_path):
    _out, err, status = run_command(tmp_path, "planets", b"")
    assert status == 1
    assert err.startswith("未知的导入类型“planets”，可选：zones、departments")
    _out, err, status = run_command(tmp_path, "zones", b"x", "zones.txt")
    assert (status, err) == (1, "只能导入.xlsx或.csv文件")
    _out, err, status = run_command(tmp_path, "zones", b"", "empty.csv")
    assert (status, err) == (1, "文件是空的：第一行应为标题行")
