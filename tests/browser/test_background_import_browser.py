"""An administrator on a phone uploads a sheet too large to preview: the progress page
follows the import (reloading itself) to its result page, which neither scrolls
sideways nor shows anything but Chinese; the import is listed among theirs."""

import pytest

from crm.accounts.roles import Role
from projects.models import Enterprise
from tests.browser.conftest import sign_in
from tests.factories import UserFactory, ZoneFactory, credit_code
from tests.sheets import xlsx

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

HEADERS = ["统一社会信用代码", "企业名称", "所在区域", "所属行业"]


def test_a_large_sheet_on_a_phone_reaches_its_result_page(page, tmp_path, celery_worker_process, monkeypatch):
    monkeypatch.setattr("crm.imports.admin.ADMIN_MAX_ROWS", 20)
    UserFactory(username="boss", password="demo1234", roles=[Role.ADMINISTRATOR], is_staff=True, is_superuser=True)
    ZoneFactory(name="盐城高新区")
    sheet = tmp_path / "企业名单.xlsx"
    sheet.write_bytes(xlsx([HEADERS, *([credit_code(n), f"企业{n}", "盐城高新区", "制造业"] for n in range(1, 1201))]))
    page.set_viewport_size({"width": 360, "height": 780})
    sign_in(page, "boss")
    page.goto("/admin/projects/enterprise/import/")
    page.set_input_files("#id_import_file", str(sheet))
    page.select_option("#id_format", label="xlsx")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/crm/sheetimport/*/change/")
    assert "已转入后台导入" in page.content()
    page.locator("#import-counts").wait_for(timeout=60_000)  # the page reloads itself until the import is done
    page.screenshot(path=str(tmp_path / "background-import.png"), full_page=True)
    text = page.locator("#content-main").inner_text()
    assert "导入完成" in text and "新增 1,200 条" in text and "企业名单.xlsx" in text
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert Enterprise.objects.count() == 1200

    page.click("text=我的导入记录")
    assert "企业名单.xlsx" in page.locator("#result_list").inner_text()
    assert "已完成" in page.locator("#result_list").inner_text()
    page.screenshot(path=str(tmp_path / "background-imports.png"), full_page=True)
    print(tmp_path)


def test_a_running_import_on_a_phone_shows_its_progress(page, tmp_path):
    from django.core.cache import cache

    from crm.imports.background import sheet_import_progress_key
    from crm.models import SheetImport, SheetImportState

    boss = UserFactory(
        username="boss", password="demo1234", roles=[Role.ADMINISTRATOR], is_staff=True, is_superuser=True
    )
    record = SheetImport.objects.create(
        by=boss, kind="projects", kind_label="投资项目", file_name="项目名单.xlsx", rows_total=10_000
    )
    SheetImport.objects.filter(pk=record.pk).update(state=SheetImportState.RUNNING)
    cache.set(sheet_import_progress_key(record.pk), 4_200)
    page.set_viewport_size({"width": 360, "height": 780})
    sign_in(page, "boss")
    page.goto(f"/admin/crm/sheetimport/{record.pk}/change/")
    page.screenshot(path=str(tmp_path / "progress.png"), full_page=True)
    assert page.locator("#import-progress").get_attribute("value") == "4200"
    assert "已检查 4,200 / 10,000 行（42%）" in page.locator("#import-rows").inner_text()
    assert page.locator("#import-state").inner_text() == "导入中"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    print(tmp_path)
