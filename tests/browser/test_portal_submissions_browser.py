"""The correction path in chromium: the agent asks for a correction naming a material,
the enterprise uploads a real PDF against it from its phone, the agent accepts it on
the case page, the enterprise sees 已收取. Screenshots at 360 and 1280 px."""

import pytest

from crm.accounts.roles import Role
from projects.cases.services import case_items_choose, case_open
from projects.models import EnterpriseMaterial, Material, MaterialRequirement, MaterialSubmission, SubmissionState
from projects.notice.services import notice_issue
from projects.portal.submissions.demo import demo_pdf
from tests.browser.conftest import item_act, sign_in
from tests.factories import (
    ApprovalItemFactory,
    EnterpriseContactFactory,
    EnterpriseFactory,
    ProxyAgentFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "demo-pass-123"  # tests.factories.UserFactory
SHOTS = "/tmp/h/shots/subm"
FITS = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture
def case(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    agent = ProxyAgentFactory(user=UserFactory(username="subm_agent", full_name="陈代办", roles=[Role.AGENT]))
    enterprise = EnterpriseFactory(zone=agent.centre.zone, assigned_agent=agent, name="盐城示例新材料有限公司")
    EnterpriseContactFactory(enterprise=enterprise, user=UserFactory(username="subm_contact", roles=[Role.ENTERPRISE]))
    approval_item = ApprovalItemFactory(code="SUBM-1", name="特殊建设工程消防设计审查")
    for order, name in enumerate(("消防设计文件", "营业执照副本"), start=1):
        MaterialRequirement.objects.create(item=approval_item, material=Material.objects.create(name=name), order=order)
    case = case_open(enterprise=enterprise, agent=agent, channel="visit", summary="消防设计审查代办", by=agent.user)
    case_items_choose(case=case, approval_items=[approval_item], by=agent.user)
    notice_issue(case=case, by=agent.user)
    return case


def shoot(page, name: str) -> None:
    for width, height in ((360, 740), (1280, 800)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
        if width == 360:
            assert page.evaluate(FITS), f"{name} scrolls sideways at 360 px"


def test_a_correction_upload_is_accepted_and_the_enterprise_sees_it(page, case):
    fire_design = Material.objects.get(name="消防设计文件")
    sign_in(page, "subm_agent", PASSWORD)
    page.goto(f"/projects/cases/{case.pk}/")
    form = page.locator("tr[data-item='SUBM-1'] form[data-action='request_correction']")
    form.locator(f"input[name=materials][value='{fire_design.pk}']").check()
    item_act(page, "SUBM-1", "request_correction", reason="消防设计专篇缺少防火分区示意图")

    page.context.clear_cookies()
    sign_in(page, "subm_contact", PASSWORD)
    page.goto("/projects/enterprise/")
    page.click(f"[data-testid=submissions-links] a[href='/projects/cases/{case.pk}/materials/']")
    correction = page.locator("section[data-group^=correction] li[data-material='消防设计文件']")
    assert "请补正：消防设计文件 — 消防设计专篇缺少防火分区示意图" in correction.inner_text()
    assert correction.locator("[data-testid=material-status]").inner_text() == "未提交"
    page.set_viewport_size({"width": 360, "height": 740})
    correction.locator("input[type=file]").set_input_files(
        {"name": "消防设计文件.pdf", "mimeType": "application/pdf", "buffer": demo_pdf("Fire design")}
    )
    correction.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert "等待代办员审核" in page.locator(".messages").inner_text()
    assert correction.locator("[data-testid=material-status]").inner_text() == "待代办员审核"
    shoot(page, "enterprise-uploaded")

    page.context.clear_cookies()
    sign_in(page, "subm_agent", PASSWORD)
    page.goto(f"/projects/cases/{case.pk}/#submissions")
    section = page.locator("[data-testid=case-submissions]")
    assert "1份待审核" in section.inner_text() and "消防设计文件.pdf" in section.inner_text()
    shoot(page, "agent-review")
    section.locator("form[data-action=accept] button").click()
    page.wait_for_load_state("networkidle")
    assert MaterialSubmission.objects.get().state == SubmissionState.ACCEPTED
    assert EnterpriseMaterial.objects.filter(material=fire_design, enterprise=case.enterprise).exists()

    page.context.clear_cookies()
    sign_in(page, "subm_contact", PASSWORD)
    page.goto(f"/projects/cases/{case.pk}/materials/")
    assert correction.locator("[data-testid=material-status]").inner_text() == "已收取"
    shoot(page, "enterprise-accepted")
