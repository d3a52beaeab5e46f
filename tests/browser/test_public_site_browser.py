"""The public site as a citizen sees it, on a phone (360 × 740) and a desk (1280 × 800):
every page type renders from the demo, no page scrolls sideways, the directory follows
a change in the CRM, a visitor's request to be called becomes the agent's case; and as
its editors work on it: an editor writes an explainer, a moderator publishes it, the
public sees it."""

from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/h/shots/cms")
SIZES = {"phone": {"width": 360, "height": 740}, "desk": {"width": 1280, "height": 800}}


@pytest.fixture
def demo(transactional_db):
    call_command("demo", verbosity=0)


def visit(page, url: str, name: str) -> None:
    """The page at both sizes, a screenshot of each; at the phone's width nothing sticks out."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for size, viewport in SIZES.items():
        page.set_viewport_size(viewport)
        response = page.goto(url)
        assert response.status == 200, (url, response.status)
        if size == "phone":
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), url
        page.screenshot(path=str(SHOTS / f"{name}-{size}.png"), full_page=True)


def test_every_page_type_renders_for_the_public(page, demo):
    from cms.models import (
        AgentDirectoryPage,
        CataloguePage,
        PolicyExplainerPage,
        PolicyIndexPage,
        StandardPage,
        ZoneIndexPage,
    )

    visit(page, "/", "home")
    expect(page.get_by_role("heading", name="近12个月“3550”办结情况")).to_be_visible()
    expect(page.get_by_label("项目代码")).to_be_visible()
    expect(page.get_by_test_id("staff-login")).to_have_attribute("href", "/login/")

    directory = AgentDirectoryPage.objects.get()
    visit(page, directory.url, "directory")
    expect(page.get_by_test_id("agent-YD-002")).to_be_visible()

    visit(page, PolicyIndexPage.objects.get().url, "policies")
    expect(page.get_by_role("link", name="《盐都区加快推进不见面审批(服务)改革实施方案》解读")).to_be_visible()

    explainer = PolicyExplainerPage.objects.get(slug="yandu-bujianmian")
    visit(page, explainer.url, "explainer")
    expect(page.locator("details.qa").first).to_be_visible()
    visit(page, PolicyExplainerPage.objects.get(slug="luzhou-shenpi-gaige").url, "explainer-simplified")
    expect(page.locator("main")).not_to_contain_text("(qū)")

    catalogue = CataloguePage.objects.get()
    visit(page, catalogue.url, "catalogue")
    page.get_by_role("link", name="建筑工程施工许可证核发").click()
    expect(page.get_by_test_id("item-guide")).to_contain_text("《中华人民共和国建筑法》")
    visit(page, page.url, "item-guide")

    zones = ZoneIndexPage.objects.get()
    visit(page, zones.url, "zones")
    page.get_by_role("link", name="盐城高新技术产业开发区").click()
    visit(page, page.url, "zone")

    visit(page, StandardPage.objects.get(slug="about").url, "standard")
    expect(page.get_by_role("heading", name="三项承诺")).to_be_visible()

    page.goto("/")
    page.locator("#site-search").fill("施工许可")
    page.locator("#site-search").press("Enter")
    expect(page.get_by_role("link", name="建筑工程施工许可证核发")).to_be_visible()
    visit(page, page.url, "search")

    response = page.goto("/no-such-page/")
    assert response.status == 404
    expect(page.get_by_role("link", name="投资项目代办服务").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(SHOTS / "404-desk.png"), full_page=True)


def test_the_directory_follows_a_deactivation_in_the_crm(page, demo):
    from agents.models import ProxyAgent
    from cms.models import AgentDirectoryPage

    url = AgentDirectoryPage.objects.get().url
    page.goto(url)
    expect(page.get_by_test_id("agent-YD-003")).to_be_visible()
    # As the administrator saves it in the admin (the directory's cached page follows the save).
    gone = ProxyAgent.objects.get(employee_no="YD-003")
    gone.is_active = False
    gone.save()
    page.goto(url)
    expect(page.get_by_test_id("agent-YD-003")).to_have_count(0)
    expect(page.get_by_test_id("agent-YD-002")).to_be_visible()
    page.select_option("#id_speciality", "不动产登记")
    page.get_by_role("button", name="筛选").click()
    expect(page.get_by_test_id("agent-YD-002")).to_be_visible()


def test_a_visitor_asks_an_agent_to_call_and_the_agent_is_told(page, demo):
    from cms.models import AgentDirectoryPage, ContactRequest
    from crm.notifications.models import Notification

    page.set_viewport_size(SIZES["phone"])
    page.goto(AgentDirectoryPage.objects.get().url)
    page.get_by_test_id("agent-YD-002").get_by_role("link", name="请这位代办员联系我").click()
    page.get_by_label("企业名称").fill("盐城新材料科技有限公司")
    page.get_by_label("联系人").fill("钱经理")
    page.get_by_label("联系电话").fill("电话")
    page.get_by_label("拟办事项").fill("新建年产1万吨新材料项目，想了解施工许可")
    page.get_by_role("button", name="提交").click()
    expect(page.locator("#id_phone-errors")).to_contain_text("请填写有效的电话号码")
    expect(page.get_by_label("企业名称")).to_have_value("盐城新材料科技有限公司")
    page.screenshot(path=str(SHOTS / "contact-refused-phone.png"), full_page=True)
    page.get_by_label("联系电话").fill("13905150000")
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_test_id("contact-sent")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(SHOTS / "contact-sent-phone.png"), full_page=True)
    request = ContactRequest.objects.get()
    assert request.agent.employee_no == "YD-002"
    case = request.case
    assert case.agent == request.agent and case.state == "intake" and case.enterprise.name == "盐城新材料科技有限公司"
    note = Notification.objects.get(recipient=request.agent.user, title__contains="盐城新材料科技有限公司")

    # The agent finds the case on their side: the notification leads to it.
    page.context.clear_cookies()
    page.set_viewport_size(SIZES["desk"])
    sign_in(page, request.agent.user.username)
    page.goto(note.url)
    expect(page.locator("main")).to_contain_text("盐城新材料科技有限公司")
    expect(page.locator("main")).to_contain_text("新建年产1万吨新材料项目")
    page.screenshot(path=str(SHOTS / "contact-case-agent.png"), full_page=True)


def test_an_editor_writes_an_explainer_a_moderator_publishes_it_the_public_sees_it(page, demo):
    from cms.models import PolicyExplainerPage, PolicyIndexPage

    policies = PolicyIndexPage.objects.get()
    page.set_viewport_size(SIZES["desk"])
    sign_in(page, "editor")
    page.goto(f"/cms/pages/add/cms/policyexplainerpage/{policies.pk}/")
    page.locator("#id_title").fill("多评合一改革解读")
    page.locator("#id_document_number").fill("盐政发〔2019〕12号")
    page.locator("#id_issuing_body").fill("盐城市人民政府")
    page.locator("#id_summary").fill("区域评估成果共享，项目不再重复评估。")
    page.get_by_role("tab", name="推荐").click()
    page.locator("#id_slug").fill("duoping-heyi")
    expect(page.locator("button[name=action-publish]")).to_have_count(0)  # editors submit, never publish here
    page.screenshot(path=str(SHOTS / "editor-explainer-form.png"), full_page=True)
    page.locator("footer .w-dropdown__toggle").first.click()
    page.locator("button[name=action-submit]").click()
    page.wait_for_load_state("networkidle")
    explainer = PolicyExplainerPage.objects.get(slug="duoping-heyi")
    assert not explainer.live and explainer.workflow_in_progress
    assert page.request.get(explainer.url).status == 404  # the public does not see it yet

    page.context.clear_cookies()
    sign_in(page, "moderator")
    page.goto("/cms/")
    panel = page.get_by_test_id("dashboard-awaiting-moderation")
    expect(panel).to_contain_text("多评合一改革解读")
    page.screenshot(path=str(SHOTS / "moderator-dashboard.png"), full_page=True)
    panel.get_by_role("link", name="多评合一改革解读").click()
    page.locator("footer .w-dropdown__toggle").first.click()
    page.locator("button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])").first.click()
    page.wait_for_load_state("networkidle")
    explainer.refresh_from_db()
    assert explainer.live

    page.context.clear_cookies()
    page.set_viewport_size(SIZES["phone"])
    page.goto(policies.url)
    page.get_by_role("link", name="多评合一改革解读").click()
    expect(page.locator("main")).to_contain_text("区域评估成果共享，项目不再重复评估。")
    expect(page.locator("main")).to_contain_text("盐政发〔2019〕12号")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(SHOTS / "explainer-published-phone.png"), full_page=True)
