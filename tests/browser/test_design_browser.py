"""The staff pages' design in a real browser: approve and reject read differently (a grant
in green, a refusal in a red outline), every page has the system's icon, and a printed page
carries its content without the header, nav and action forms."""

import pytest
from django.utils import timezone

from projects.cases.services import (
    case_authorise,
    case_items_choose,
    case_open,
    case_project_link,
    item_accept,
    item_pass_prereview,
    item_start_review,
    item_submit,
)
from tests.browser.conftest import sign_in
from tests.factories import ApprovalItemFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "demo-pass-123"  # tests.factories.UserFactory's


@pytest.fixture
def in_review(world):
    """agent1's case with one item under review: 准予许可 and 不予许可 both offered."""
    agent1 = world.users["agent1"]
    project = world.own_project
    today = timezone.localdate()
    case = case_open(
        enterprise=project.enterprise, agent=agent1.agent_profile, channel="visit", summary="规划许可", by=agent1
    )
    case_project_link(case=case, project=project, by=agent1)
    case_authorise(case=case, signed_on=today, signatory="周总", scope="全程代办", by=agent1)
    (item,) = case_items_choose(
        case=case, approval_items=[ApprovalItemFactory(name="建设工程规划许可证核发", code="X-PLAN")], by=agent1
    )
    item_pass_prereview(item=item, by=agent1, on=today)
    item_submit(item=item, by=agent1, on=today)
    item_accept(item=item, acceptance_no="GH-0001", by=agent1, on=today)
    item_start_review(item=item, by=agent1, on=today)
    return case


def style(locator, *properties) -> tuple:
    return tuple(locator.evaluate(f"e => getComputedStyle(e).{name}") for name in properties)


def test_approve_and_reject_look_different_and_the_page_prints_without_its_frame(page, in_review):
    sign_in(page, "agent1", PASSWORD)
    page.goto(f"/projects/cases/{in_review.pk}/")
    # A decision cannot be undone: the first click (the summary) opens what follows, the
    # second (the submit button) takes it; both read green for approve, red outline for reject.
    approve_first = page.locator("tr[data-item='X-PLAN'] form[data-action=approve] summary")
    reject_first = page.locator("tr[data-item='X-PLAN'] form[data-action=reject] summary")
    approve = page.locator("tr[data-item='X-PLAN'] form[data-action=approve] button[type=submit]")
    reject = page.locator("tr[data-item='X-PLAN'] form[data-action=reject] button[type=submit]")
    assert approve_first.inner_text().startswith("准予许可") and reject_first.inner_text().startswith("不予许可")
    green, red, white = "rgb(26, 127, 55)", "rgb(180, 35, 24)", "rgb(255, 255, 255)"
    assert style(approve_first, "backgroundColor", "color") == (green, white)
    assert style(reject_first, "backgroundColor", "color", "borderTopColor") == (white, red, red)
    approve_first.click()
    reject_first.click()
    assert approve.inner_text() == "确认准予许可" and reject.inner_text() == "确认不予许可"
    assert style(approve, "backgroundColor", "color") == (green, white)
    assert style(reject, "backgroundColor", "color", "borderTopColor") == (white, red, red)
    page.screenshot(path="/tmp/design-case.png", full_page=True)

    icon = page.locator("link[rel=icon]").get_attribute("href")
    answer = page.request.get(icon)
    assert answer.status == 200 and answer.headers["content-type"].startswith("image/svg+xml")
    assert "<svg" in answer.text()

    page.emulate_media(media="print")
    assert not page.locator("header.top").is_visible()
    assert not approve.is_visible()  # action forms are for the screen
    assert page.locator("h1").is_visible() and page.locator("tr[data-item='X-PLAN']").is_visible()
    page.screenshot(path="/tmp/design-case-print.png", full_page=True)
