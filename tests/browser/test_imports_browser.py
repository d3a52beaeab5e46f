"""An administrator imports a bad sheet on a phone: the problems are listed by row,
column and reason, the page does not scroll sideways, nothing is written; the
corrected file then imports."""

import pytest

from crm.accounts.roles import Role
from projects.models import Enterprise
from tests.browser.conftest import sign_in
from tests.factories import UserFactory, ZoneFactory, credit_code
from tests.sheets import xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_bad_sheet_on_a_phone_then_the_good_one(page, tmp_path):
    UserFactory(username="boss", password="demo1234", roles=[Role.ADMINISTRATOR], is_staff=True, is_superuser=True)
    zone = ZoneFactory(name="盐城高新区")
    headers = ["统一社会信用代码", "企业名称", "所在区域", "所属行业", "注册资本（万元）"]
    bad = tmp_path / "企业.xlsx"
    bad.write_bytes(
        xlsx(
            [
                headers,
                [credit_code(1), "甲新材料有限公司", "火星开发区", "制造业", "5000万元"],
                [credit_code(2), "乙软件有限公司", zone.name, "造船", "=SUM(A1:A2)"],
            ]
        )
    )
    page.set_viewport_size({"width": 360, "height": 780})
    sign_in(page, "boss")
    page.goto("/admin/projects/enterprise/import/")
    page.set_input_files("#id_import_file", str(bad))
    page.select_option("#id_format", label="xlsx")
    page.click("input[type=submit]")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(tmp_path / "import-problems.png"), full_page=True)
    rows = page.locator("table.import-problems tbody tr")
    assert rows.count() == 4
    assert rows.nth(0).inner_text().split("\t") == ["第2行", "所在区域", "找不到园区/区域“火星开发区”"]
    assert "这是公式“=SUM(A1:A2)”" in page.locator("table.import-problems").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert Enterprise.objects.count() == 0

    good = tmp_path / "企业-改正.xlsx"
    good.write_bytes(
        xlsx(
            [
                headers,
                [credit_code(1), "甲新材料有限公司", zone.name, "制造业", 5000],
                [credit_code(2), "乙软件有限公司", zone.name, "信息传输、软件和信息技术服务业", 300],
            ]
        )
    )
    page.set_input_files("#id_import_file", str(good))
    page.select_option("#id_format", label="xlsx")
    page.click("input[type=submit]")
    page.click("input[name=confirm]")
    page.wait_for_load_state("networkidle")
    assert "导入完成：新增2条，更新0条，无变化0条。" in page.content()
    assert Enterprise.objects.count() == 2
