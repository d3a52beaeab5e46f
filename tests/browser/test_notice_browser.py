"""An agent previews the one-time notice of a case, issues it and gets the printable
notice with the materials table."""

import re
from decimal import Decimal

import pytest
from django.utils import timezone

from projects.cases.services import case_items_choose, case_open
from projects.models import ApprovalItem, ItemKind, Material, MaterialForm, MaterialRequirement, OnlineLevel
from projects.notice.services import material_on_file_record
from tests.browser.conftest import sign_in
from tests.factories import DepartmentFactory, EnterpriseFactory, ProxyAgentFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "demo-pass-123"  # tests.factories.UserFactory


@pytest.fixture
def case_with_items():
    agent = ProxyAgentFactory(user=UserFactory(username="notice_agent", roles=["agent"]), phone="13905150000")
    enterprise = EnterpriseFactory(zone=agent.centre.zone, name="盐城精密机械有限公司", assigned_agent=agent)
    case = case_open(enterprise=enterprise, agent=agent, channel="visit", summary="新建厂房", by=agent.user)
    licence, land, drawings = (
        Material.objects.create(name=name) for name in ("营业执照副本", "建设用地规划许可证", "施工图设计文件")
    )
    items = []
    for code, name, material, form in (
        ("B-1", "建设工程规划许可", land, MaterialForm.ORIGINAL),
        ("B-2", "建筑工程施工许可", drawings, MaterialForm.ELECTRONIC),
    ):
        item = ApprovalItem.objects.create(
            code=code,
            name=name,
            department=DepartmentFactory(),
            legal_basis="《行政许可法》",
            kind=ItemKind.COMMITTED,
            statutory_days=10,
            committed_days=5,
            fee=Decimal(0),
            online_level=OnlineLevel.FULLY_ONLINE,
        )
        MaterialRequirement.objects.create(item=item, material=licence, order=1, form=form)
        MaterialRequirement.objects.create(item=item, material=material, order=2, form=form)
        items.append(item)
    case_items_choose(case=case, approval_items=items, by=agent.user)
    material_on_file_record(enterprise=enterprise, material=licence, received_on=timezone.localdate(), by=agent.user)
    return case


def test_agent_previews_issues_and_prints_the_notice(page, case_with_items):
    case = case_with_items
    sign_in(page, "notice_agent", PASSWORD)
    page.goto(f"/projects/cases/{case.pk}/notice/")
    preview = page.locator("[data-testid=notice-materials]")
    assert preview.locator("tbody tr").count() == 3  # the licence both items need, once
    assert "已有，无需再次提交" in preview.locator("tr[data-material=营业执照副本]").inner_text()

    page.click("[data-testid=issue-notice-form] summary")
    page.click("[data-testid=issue-notice]")
    page.wait_for_url(re.compile(rf"/projects/cases/{case.pk}/notice/\d+/$"))
    notice = case.notices.get()
    main = page.locator("main").inner_text()
    assert "已出具一次性告知书" in main and notice.number in main
    document = page.locator("[data-testid=notice-document]")
    assert "一次性告知书" in document.locator("h1").inner_text()
    rows = document.locator("[data-testid=notice-materials] tbody tr")
    assert [rows.nth(i).get_attribute("data-material") for i in range(rows.count())] == [
        "营业执照副本",
        "建设用地规划许可证",
        "施工图设计文件",
    ]
    assert "建设工程规划许可、建筑工程施工许可" in rows.first.inner_text()
    assert re.search(r"\d{4}-\d{2}-\d{2}", document.inner_text())
    assert page.locator("[data-testid=notice-pdf]").get_attribute("href").endswith(f"/{notice.pk}/pdf/")
