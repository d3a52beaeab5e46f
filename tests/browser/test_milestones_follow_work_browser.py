"""In a real browser: an agent who learns today that the registration was accepted last
Friday records it for that Friday, takes 企业设立登记 to delivery, and the enterprise
sees its 企业注册开业 milestone finished on the decision day, within 3 working days, the
milestone moved by the work alone."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from crm.calendar.workdays import workdays_between
from projects.cases.services import (
    case_authorise,
    case_items_choose,
    case_open,
    case_project_link,
    item_pass_prereview,
    item_submit,
)
from projects.models import Milestone, MilestoneState
from projects.seed import milestone_triggers_seed
from tests.browser.conftest import item_act, sign_in
from tests.factories import ApprovalItemFactory, EnterpriseContactFactory, EnterpriseFactory, ProjectFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "demo-pass-123"  # tests.factories.UserFactory's


def last_friday(today: dt.date) -> dt.date:
    return today - dt.timedelta(days=(today.weekday() - 4) % 7 or 7)


@pytest.fixture
def submitted(world):
    """A new enterprise's registration, submitted by agent1 a fortnight ago."""
    today = timezone.localdate()
    agent1 = world.users["agent1"]
    registration = ApprovalItemFactory(name="企业设立登记", code="320903-XK-0101", committed_days=1)
    milestone_triggers_seed()
    enterprise = EnterpriseFactory(zone=world.own_project.zone, credit_code="", name="盐城新材料科技有限公司（设立中）")
    EnterpriseContactFactory(enterprise=enterprise, user__username="newco")
    project = ProjectFactory(enterprise=enterprise, agent=agent1.agent_profile, name="新材料产业园项目")
    earlier = last_friday(today) - dt.timedelta(days=14)
    case = case_open(
        enterprise=enterprise, agent=agent1.agent_profile, channel="visit", summary="设立登记", by=agent1, on=earlier
    )
    case_project_link(case=case, project=project, by=agent1)
    case_authorise(case=case, signed_on=earlier, signatory="周总", scope="企业开办全程代办", by=agent1)
    (item,) = case_items_choose(case=case, approval_items=[registration], by=agent1)
    item_pass_prereview(item=item, by=agent1, on=earlier)
    item_submit(item=item, by=agent1, on=earlier)
    return case


def act(page, action: str, on: dt.date, **fields) -> None:
    item_act(page, "320903-XK-0101", action, on=on, **fields)


def test_registration_taken_to_delivery_finishes_the_milestone_on_the_decision_day(page, submitted):
    today = timezone.localdate()
    friday = last_friday(today)
    decided = min(friday + dt.timedelta(days=3), today)  # the Monday after, or today if sooner
    sign_in(page, "agent1", PASSWORD)
    page.goto(f"/projects/cases/{submitted.pk}/")

    act(page, "accept", friday, acceptance_no="YDSJ-2026-0001")
    assert "已受理" in page.locator("tr[data-item='320903-XK-0101']").inner_text()
    act(page, "start_review", friday)
    act(page, "approve", friday - dt.timedelta(days=1), decision_no="YDSJ-JD-0001")  # before the acceptance: refused
    assert f"日期不能早于上一环节的日期（{friday:%Y-%m-%d}）" in page.content()
    act(page, "approve", decided, decision_no="YDSJ-JD-0001")
    act(page, "deliver", decided, method="push", trips="0")
    assert "已送达" in page.locator("tr[data-item='320903-XK-0101']").inner_text()
    timeline = page.locator("[data-testid=timeline]").inner_text()
    assert "补录" in timeline  # accepted last Friday, recorded today

    milestone = Milestone.objects.get(project=submitted.project, definition__code="registration")
    assert (milestone.state, milestone.started_on, milestone.finished_on) == (
        MilestoneState.COMPLETED,
        friday,
        decided,
    )
    assert workdays_between(friday, decided).days <= 3

    page.context.clear_cookies()
    sign_in(page, "newco", PASSWORD)
    page.goto("/")
    row = page.locator("[data-testid=project-milestones] tr", has_text="企业注册开业")
    text = row.inner_text()
    assert "按时完成" in text and f"{decided:%Y-%m-%d}" in text and f"{friday:%Y-%m-%d}" in text
    assert re.search(r"政府用时\s*[0-3]\s*/\s*3\s*个工作日", text), text
    page.set_viewport_size({"width": 360, "height": 800})
    page.screenshot(path="/tmp/registration-enterprise-360.png", full_page=True)
