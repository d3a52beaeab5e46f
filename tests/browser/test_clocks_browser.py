"""In a real browser at 360 px: the enterprise, the project page and the case page show
the two clocks, say whom a stopped clock waits on and why (never "overdue" while it
stands), and none of these pages scrolls sideways."""

import pytest
from django.utils import timezone

from crm.calendar.workdays import workdays_add, workdays_between
from projects.cases.services import (
    case_authorise,
    case_items_choose,
    case_open,
    case_project_link,
    item_accept,
    item_pass_prereview,
    item_return,
    item_start_review,
    item_submit,
)
from projects.investment.events import MilestoneEvent
from projects.investment.services import milestone_pause, project_event_record
from projects.models import PauseCause
from tests.browser.conftest import sign_in
from tests.factories import ApprovalItemFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "demo-pass-123"  # tests.factories.UserFactory's
CORRECTION = "补充用地红线图和宗地界址点坐标"
EXPERT = "组织专家论证消防设计方案"


@pytest.fixture
def paused(world):
    """agent1's project, its construction permit started 70 working days ago (past its
    target) and stopped since for the enterprise's correction; its title stopped for an
    expert review; an item of its case returned for correction."""
    agent1 = world.users["agent1"]
    project = world.own_project
    today = timezone.localdate()
    long_ago = workdays_add(today, -70).date
    project_event_record(project=project, event=MilestoneEvent.PROJECT_FILED, on=long_ago, by=agent1)
    permit = project.milestones.get(definition__code="construction_permit")
    milestone_pause(
        milestone=permit, cause=PauseCause.CORRECTION, reason=CORRECTION, on=workdays_add(today, -3).date, by=agent1
    )
    title = project.milestones.get(definition__code="property_title")
    project_event_record(
        project=project, event=MilestoneEvent.PROPERTY_REGISTRATION_ACCEPTED, on=workdays_add(today, -4).date, by=agent1
    )
    title.refresh_from_db()
    milestone_pause(milestone=title, cause=PauseCause.EXPERT_REVIEW, reason=EXPERT, on=today, by=agent1)
    earlier = workdays_add(today, -10).date
    case = case_open(
        enterprise=project.enterprise,
        agent=agent1.agent_profile,
        channel="visit",
        summary="施工许可",
        by=agent1,
        on=earlier,
    )
    case_project_link(case=case, project=project, by=agent1)
    case_authorise(case=case, signed_on=earlier, signatory="周总", scope="全程代办", by=agent1)
    (item,) = case_items_choose(
        case=case,
        approval_items=[ApprovalItemFactory(name="建设工程规划许可证核发", code="X-PLAN", committed_days=10)],
        by=agent1,
    )
    item_pass_prereview(item=item, by=agent1, on=earlier)
    item_submit(item=item, by=agent1, on=earlier)
    item_accept(item=item, acceptance_no="GH-0001", by=agent1, on=earlier)
    item_start_review(item=item, by=agent1, on=earlier)
    item_return(item=item, reason=CORRECTION, by=agent1, on=workdays_add(today, -2).date)
    return case


WIDEST = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > 360)
  .map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).slice(0, 8)"""


def no_sideways_scroll(page) -> None:
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= 360, page.evaluate(WIDEST)


def test_pages_show_both_clocks_and_whom_they_wait_on_at_360px(page, world, paused):
    page.set_viewport_size({"width": 360, "height": 800})
    sign_in(page, "enterprise1", PASSWORD)
    page.goto("/projects/enterprise/")
    row = page.locator("[data-testid=project-milestones] tr[data-milestone=construction_permit]")
    text = row.inner_text()
    assert f"等待贵企业补正：{CORRECTION}" in text, text
    assert "超" not in text  # a paused clock is never shown as overdue
    today = timezone.localdate()
    waited = workdays_between(workdays_add(today, -3).date, today).days  # the enterprise's days so far
    used = workdays_between(workdays_add(today, -70).date, today).days - waited
    assert f"政府用时 {used} / 50 个工作日 · 企业用时 {waited} 个工作日" in text, text
    no_sideways_scroll(page)
    page.screenshot(path="/tmp/clocks-enterprise-360.png", full_page=True)

    page.context.clear_cookies()
    sign_in(page, "agent1", PASSWORD)
    page.goto(f"/projects/{world.own_project.pk}/")
    permit = page.locator("[data-testid=milestones] tr[data-milestone=construction_permit]").inner_text()
    assert f"等待企业补正：{CORRECTION}" in permit and "超" not in permit
    compliance = page.locator("[data-testid=compliance] tr[data-compliance=construction_permit]").inner_text()
    assert f"{used} / 50 个工作日" in compliance and f"{waited} 个工作日" in compliance and "超出目标" in compliance
    title = page.locator("[data-testid=milestones] tr[data-milestone=property_title]").inner_text()
    assert f"专家评审中（不计入政府用时）：{EXPERT}" in title
    no_sideways_scroll(page)
    page.screenshot(path="/tmp/clocks-project-360.png", full_page=True)

    page.goto(f"/projects/cases/{paused.pk}/")
    item = page.locator("tr[data-item='X-PLAN']").inner_text()
    assert (
        f"等待企业补正：{CORRECTION}" in item
        and f"企业用时 {workdays_between(workdays_add(today, -2).date, today).days} 个工作日" in item
    )
    no_sideways_scroll(page)
    page.screenshot(path="/tmp/clocks-case-360.png", full_page=True)

    page.goto("/projects/workbench/")
    assert f"等待企业补正：{CORRECTION}" in page.locator("[data-testid=workbench-items]").inner_text()
    no_sideways_scroll(page)
    page.screenshot(path="/tmp/clocks-workbench-360.png", full_page=True)
