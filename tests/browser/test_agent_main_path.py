"""The agent's main path in a real browser: first contact → items → one-time notice →
pre-review with a correction → submission → decision → delivery → closure → the
enterprise rates the case."""

import re

import pytest
from django.core.management import call_command

from projects.models import ApprovalItem, Enterprise, ProxyCase
from tests.browser.conftest import item_act, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLANNING, PERMIT = "320903-XK-0303", "320903-XK-0701"


@pytest.fixture
def demo(transactional_db):
    call_command("demo", verbosity=0)


act = item_act


def test_agent_main_path_to_rating(page, demo):
    enterprise = Enterprise.objects.get(contacts__user__username="enterprise1")
    sign_in(page, "agent1")

    page.click("header nav >> text=登记首次接洽")
    page.fill("#id_credit_code", enterprise.credit_code)
    page.select_option("#id_channel", "visit")
    page.fill("#id_summary", "二期厂房扩建，委托代办规划与施工许可")
    page.click("text=登记并建立案件")
    page.wait_for_load_state("networkidle")
    assert "由您负责" in page.content()
    case = ProxyCase.objects.get(summary="二期厂房扩建，委托代办规划与施工许可")
    assert page.url.endswith(f"/projects/cases/{case.pk}/")

    for code in (PLANNING, PERMIT):
        page.check(f"input[name=items][value='{ApprovalItem.objects.get(code=code).pk}']")
    page.click("text=添加事项")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=case-items] tbody tr").count() == 2

    page.click("[data-testid=notice-link]")
    page.click("[data-testid=issue-notice-form] summary")
    page.click("[data-testid=issue-notice]")
    page.wait_for_load_state("networkidle")
    materials = page.locator("[data-testid=notice-materials]").inner_text()
    assert "建设工程规划许可证" in page.locator("[data-testid=notice-items]").inner_text()
    assert materials.strip()
    page.goto(f"/projects/cases/{case.pk}/")

    act(page, PLANNING, "request_correction", reason="总平面图缺少用地红线坐标")
    assert "企业补正中" in page.locator(f"tr[data-item='{PLANNING}']").inner_text()
    act(page, PLANNING, "corrected")
    act(page, PLANNING, "pass_prereview")
    act(page, PERMIT, "pass_prereview")

    form = page.locator("[data-testid=authorise]")
    form.locator("[name=signatory]").fill("黄启明")
    form.locator("[name=scope]").fill("规划许可、施工许可全程代办（无偿）")
    form.locator("button").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=case-state]").inner_text() == "已委托"

    for code, number in ((PLANNING, "YDGH-2026-9001"), (PERMIT, "YDJS-2026-9002")):
        act(page, code, "submit")
        act(page, code, "accept", acceptance_no=number)
        row = page.locator(f"tr[data-item='{code}']").inner_text()
        assert number in row and re.search(r"\d{4}-\d{2}-\d{2}", row)
        act(page, code, "start_review")
        act(page, code, "approve", decision_no=f"决定-{number}")
        act(page, code, "deliver", method="express", carrier="EMS", tracking_no=f"11{number[-4:]}8899")
        assert "已送达" in page.locator(f"tr[data-item='{code}']").inner_text()

    page.click("[data-testid=close-case] summary")
    page.click("[data-testid=close-case] button")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=case-state]").inner_text() == "已办结"
    timeline = page.locator("[data-testid=timeline]").inner_text()
    for label in ("首次接洽，建立案件", "出具一次性告知书", "预审要求补正", "部门受理", "准予许可", "送达", "案件办结"):
        assert label in timeline, label
    page.click("text=退出")

    sign_in(page, "enterprise1")
    page.click("text=服务评价")
    form = page.locator(f"form[action$='/enterprise/ratings/{case.pk}/']")
    form.locator("input[name=level][value='4']").check()  # 满意
    form.locator("button").click()
    page.wait_for_load_state("networkidle")
    case.refresh_from_db()
    assert case.rating.level == 4 and case.rating.rated_by.username == "enterprise1"
    assert not case.callbacks.exists()  # satisfied: no callback
