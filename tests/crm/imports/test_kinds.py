"""Every kind of sheet: importable in the admin and by the command, and its template,
filled in by nobody, imports as it is (in app order, each example naming the rows the
earlier ones made)."""

import pytest
from django.contrib import admin

from crm.imports.admin import SheetImportMixin
from crm.imports.kinds import sheet_kinds
from tests.factories import UserFactory
from tests.sheets import run_command

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


def test_every_template_imports_as_it_is(admin_client, tmp_path):
    UserFactory(username="zhangsan")  # the account the agents' example names
    admins = sheet_admins()
    for kind, sheet in sheet_kinds().items():
        model = admins[sheet]
        response = admin_client.get(f"/admin/{model._meta.app_label}/{model._meta.model_name}/import-template/")
        assert response.status_code == 200, kind
        out, err, status = run_command(tmp_path, kind, b"".join(response))
        assert (status, err) == (0, ""), kind
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
