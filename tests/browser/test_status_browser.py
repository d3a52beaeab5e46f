"""In a real browser: an agent prints the enterprise's contact card; anybody opens the
link printed under its QR code, without an account, and sees the project's milestones at
once (360 px and 1280 px); a wrong pair is refused with one sentence; too many attempts
are told to wait."""

import datetime as dt

import pytest
from django.utils import timezone

from projects.investment.events import MilestoneEvent
from projects.investment.services import project_event_record
from tests.browser.conftest import sign_in
from tests.factories import ProjectFactory, ProxyAgentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "demo-pass-123"  # tests.factories.UserFactory's
SHOTS = "/tmp/h/shots/status"
PHONE = {"width": 360, "height": 740}
DESK = {"width": 1280, "height": 800}


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture
def project(db):
    agent = ProxyAgentFactory(phone="13812345678")
    project = ProjectFactory(agent=agent, name="年产五万台电机项目", enterprise__name="盐城电机科技有限公司")
    project.enterprise.assigned_agent = agent
    project.enterprise.save(update_fields=["assigned_agent"])
    project_event_record(
        project=project,
        event=MilestoneEvent.PROJECT_FILED,
        on=timezone.localdate() - dt.timedelta(days=7),
        by=agent.user,
    )
    project.refresh_from_db()
    return project


def test_the_cards_link_shows_the_status_a_wrong_pair_is_refused_and_attempts_are_limited(
    page, browser, live_server, project, settings
):
    settings.STATUS_LOOKUP_RATE_PER_ADDRESS = "100/m"
    # The agent's card prints the link under the QR code.
    page.set_viewport_size(PHONE)
    sign_in(page, project.agent.user.username, PASSWORD)
    page.goto(f"/projects/enterprises/{project.enterprise.pk}/card/")
    link = page.locator("[data-testid=card-status-url]").inner_text().strip()
    assert link.startswith(live_server.url + "/status/?code=") and project.verification_code in link
    assert page.locator("[data-testid=card-qr] svg").count() == 1
    page.screenshot(path=f"{SHOTS}/card-360.png", full_page=True)

    # Anybody, with no account, opens the link: the status at once.
    anonymous = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", viewport=PHONE)
    public = anonymous.new_page()
    public.goto(link)
    answer = public.locator("[data-testid=status-answer]")
    assert project.name in answer.inner_text()
    permit = project.milestones.get(definition__code="construction_permit")
    row = answer.locator("[data-testid=status-row]", has_text=permit.definition.name)
    assert "按时推进" in row.inner_text() and f"{permit.due_date:%Y-%m-%d}" in row.inner_text()
    assert "/ 50 个工作日" in row.inner_text()
    text = public.locator("body").inner_text()
    for private in (str(project.agent), project.agent.phone, project.enterprise.name, "王经理", "13800000000"):
        assert private not in text
    assert no_sideways_scroll(public)
    public.screenshot(path=f"{SHOTS}/status-360.png", full_page=True)
    public.set_viewport_size(DESK)
    public.screenshot(path=f"{SHOTS}/status-1280.png", full_page=True)

    # A wrong pair, typed into the form: one sentence, nothing typed comes back.
    public.set_viewport_size(PHONE)
    public.fill("#id_code", project.code)
    public.fill("#id_verify", "ABCD-EFGH")
    public.click("button[type=submit]")
    assert "项目代码或查询验证码不正确" in public.locator("[data-testid=status-error]").inner_text()
    assert public.locator("[data-testid=status-answer]").count() == 0
    assert public.input_value("#id_code") == ""
    assert no_sideways_scroll(public)
    public.screenshot(path=f"{SHOTS}/wrong-pair-360.png", full_page=True)

    # Too many attempts from this address: told to try again later.
    settings.STATUS_LOOKUP_RATE_PER_ADDRESS = "3/m"
    statuses = [public.goto(link).status for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert "查询过于频繁，请稍后再试" in public.locator("[data-testid=status-error]").inner_text()
    assert public.locator("[data-testid=status-answer]").count() == 0
    assert no_sideways_scroll(public)
    public.screenshot(path=f"{SHOTS}/limited-360.png", full_page=True)
    public.set_viewport_size(DESK)
    public.screenshot(path=f"{SHOTS}/limited-1280.png", full_page=True)
    anonymous.close()
