"""In a real browser on a 360 × 740 phone: the enterprise opens its home, sees its
milestones as progress bars and whom each item waits on, confirms receipt of a
delivered result and rates its closed case; none of its pages scrolls sideways."""

import pytest
from django.utils import timezone

from projects.cases.services import case_items_choose, case_open
from projects.investment.services import project_event_record
from projects.models import ProjectItem
from tests.browser.conftest import sign_in
from tests.factories import ApprovalItemFactory
from tests.projects.portal.conftest import portal_world  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "demo-pass-123"  # tests.factories.UserFactory's
SHOTS = "/tmp/h/shots/ent"


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture
def world(portal_world):  # noqa: F811
    w = portal_world
    today = timezone.localdate()
    project_event_record(project=w.project, event="drawings_accepted", by=w.agent.user, on=today)
    case = case_open(
        enterprise=w.enterprise, agent=w.agent, channel="phone", summary="新建厂房规划许可", on=today, by=w.agent.user
    )
    case_items_choose(
        case=case, approval_items=[ApprovalItemFactory(code="320903-GH-9001", committed_days=10)], by=w.agent.user
    )
    return w


def test_the_enterprise_follows_confirms_and_rates_on_a_phone(page, world):
    w = world
    page.set_viewport_size({"width": 360, "height": 740})
    sign_in(page, "contact_own", PASSWORD)
    page.goto("/projects/enterprise/")

    row = page.locator("[data-testid=project-milestones] tr[data-milestone=drawing_review]")
    assert row.locator("progress.bar").is_visible()
    assert "按时推进" in row.inner_text() and "政府用时 0 / 7 个工作日" in row.inner_text()
    waits = page.get_by_test_id("enterprise-cases").inner_text()
    assert f"代办员（{w.agent}）预审材料" in waits and "已送达，待贵企业确认收件" in waits
    assert "一次性告知书尚未出具" in waits
    assert no_sideways_scroll(page)
    page.screenshot(path=f"{SHOTS}/home-360.png", full_page=True)

    delivery = page.locator(f"li[data-delivery='{w.item.pk}']")
    assert "网端推送" in delivery.inner_text()
    delivery.get_by_role("button", name="确认收件").click()
    page.wait_for_load_state("networkidle")
    assert "已确认收件" in page.locator(".messages").inner_text()
    assert "确认收件" in page.locator(f"li[data-delivery='{w.item.pk}'] [data-testid=receipt-confirmed]").inner_text()
    item = ProjectItem.objects.get(pk=w.item.pk)
    assert (item.receipt_confirmed_by_id, item.trips) == (w.contact.user_id, 0)
    assert no_sideways_scroll(page)

    page.get_by_test_id("nav").get_by_role("link", name="服务评价").click()
    section = page.locator(f"#case-{w.case.pk}")
    section.get_by_role("radio", name="非常满意").check()
    section.get_by_role("button", name="提交评价").click()
    page.wait_for_load_state("networkidle")
    assert "感谢您的评价" in page.locator(".messages").inner_text()
    assert "非常满意" in page.locator(f"#case-{w.case.pk} [data-testid=rating-given]").inner_text()
    assert no_sideways_scroll(page)
    page.screenshot(path=f"{SHOTS}/ratings-360.png", full_page=True)

    page.goto(f"/projects/cases/{w.case.pk}/")
    assert "贵企业已于" in page.get_by_test_id("case-items").inner_text()
    assert no_sideways_scroll(page)
    page.screenshot(path=f"{SHOTS}/case-360.png", full_page=True)
    page.goto(f"/projects/{w.project.pk}/")
    assert page.locator("[data-testid=project-milestones] progress.bar").count() >= 1
    assert no_sideways_scroll(page)
    page.screenshot(path=f"{SHOTS}/project-360.png", full_page=True)

    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/projects/enterprise/")
    page.screenshot(path=f"{SHOTS}/home-1280.png", full_page=True)
    page.goto(f"/projects/{w.project.pk}/")
    page.screenshot(path=f"{SHOTS}/project-1280.png", full_page=True)
