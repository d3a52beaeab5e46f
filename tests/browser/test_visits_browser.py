"""In a real browser at 360 px: an agent arranges a joint survey from the project page,
then, for the survey held this week, records each department's attendance and findings,
is told why the record cannot be issued yet, issues it and opens the printable record;
the enterprise sees the rectification it must make, with its working-day deadline."""

import datetime as dt

import pytest
from django.utils import timezone

from crm.calendar.workdays import workdays_add
from projects.models import JointVisit, JointVisitState
from projects.visits.services import visit_schedule
from tests.browser.conftest import sign_in
from tests.projects.visits.scenario import project_with_needs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "demo-pass-123"  # tests.factories.UserFactory's
SHOTS = "/tmp/visits-browser"


def fits(page, selector: str = "main") -> bool:
    """Nothing in ``selector`` reaches past the 360 px screen."""
    return page.evaluate(
        "s => [...document.querySelectorAll(s + ', ' + s + ' *')]"
        ".every(e => e.getBoundingClientRect().right <= window.innerWidth + 1)",
        selector,
    )


@pytest.fixture
def held(world):
    """The project's three departments, and a survey arranged last week, held three working days ago."""
    agent = world.users["agent1"]
    departments = project_with_needs(world.own_project, agent)
    today = timezone.localdate()
    visit = visit_schedule(
        project=world.own_project,
        kind="survey",
        visit_on=workdays_add(today, -3).date,
        visit_time=dt.time(9, 30),
        place="盐都区开放大道88号项目地块",
        departments=departments,
        by=agent,
        on=workdays_add(today, -6).date,
    )
    return world, departments, visit


def record(page, department, **fields) -> None:
    card = page.locator(f"li[data-department='{department.name}']")
    card.locator("summary").click()
    form = card.locator("form")
    form.locator("[name=attended]").select_option(fields.pop("attended"))
    for name, value in fields.items():
        field = form.locator(f"[name={name}]")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    form.locator("button").click()
    page.wait_for_load_state("networkidle")


def test_an_agent_arranges_records_and_issues_a_joint_survey(page, held):
    world, (planning, housing, fire), visit = held
    project = world.own_project
    page.set_viewport_size({"width": 360, "height": 780})
    sign_in(page, "agent1", PASSWORD)

    # Arrange the next survey from the project page: the project's departments come ticked.
    page.goto(f"/projects/{project.pk}/")
    page.get_by_test_id("project-visits").get_by_text("安排联合踏勘/验收").click()
    form = page.get_by_test_id("schedule-visit")
    for department in (planning, housing, fire):
        assert form.get_by_label(department.name).is_checked()
    form.locator("[name=kind]").select_option("survey")
    form.locator("[name=visit_on]").fill(f"{timezone.localdate() - dt.timedelta(days=1):%Y-%m-%d}")
    form.locator("[name=visit_time]").fill("09:30")
    form.locator("[name=place]").fill("二期地块")
    form.get_by_label(fire.name).uncheck()
    form.locator("button").click()
    page.wait_for_load_state("networkidle")
    assert "现场日期不能早于今天" in page.locator(".messages").inner_text()
    assert page.get_by_test_id("schedule-visit").locator("[name=place]").input_value() == "二期地块"
    assert fits(page)
    page.screenshot(path=f"{SHOTS}-schedule-360.png", full_page=True)
    arranged_on = workdays_add(timezone.localdate(), 1).date
    form = page.get_by_test_id("schedule-visit")
    form.locator("[name=visit_on]").fill(f"{arranged_on:%Y-%m-%d}")
    form.locator("button").click()
    page.wait_for_load_state("networkidle")
    arranged = JointVisit.objects.exclude(pk=visit.pk).get()
    assert (arranged.visit_on, arranged.place) == (arranged_on, "二期地块")
    assert set(arranged.departments.all()) == {planning, housing}
    assert "已安排联合踏勘" in page.locator(".messages").inner_text()
    assert "当天起可登记" in page.get_by_test_id("visit-waiting").inner_text()

    # The survey held this week: each department's attendance and findings.
    page.goto(f"/projects/{project.pk}/visits/{visit.pk}/")
    record(
        page,
        planning,
        attended="yes",
        attendees="王科长、李工",
        finding="rectification",
        finding_text="北侧消防车道宽度不足4米，请调整总平面图",
        rectification_days="5",
    )
    record(page, housing, attended="yes", attendees="张科员", finding="none")
    waiting = page.get_by_test_id("visit-waiting").inner_text()
    assert "盐都区消防救援大队" in waiting and "等待" in waiting
    assert "不能出具记录：盐都区消防救援大队" in page.get_by_test_id("issue-refused").inner_text()
    assert page.get_by_role("button", name="出具记录").is_disabled()
    record(page, fire, attended="no")
    assert fits(page)
    page.screenshot(path=f"{SHOTS}-attendance-360.png", full_page=True)

    page.get_by_test_id("issue-record").locator("summary").click()
    page.get_by_test_id("issue-confirm").click()
    page.wait_for_load_state("networkidle")
    visit.refresh_from_db()
    assert visit.state == JointVisitState.ISSUED and visit.record_no.startswith("LK-")
    assert f"记录已出具，编号{visit.record_no}" in page.locator(".messages").inner_text()
    follow_up = visit.follow_ups.get()
    card = page.get_by_test_id("follow-ups").inner_text()
    assert f"{follow_up.due_date:%Y-%m-%d}前完成" in card and "剩" in card
    assert f"等待{project.enterprise.name}整改" in card
    assert fits(page)
    page.screenshot(path=f"{SHOTS}-issued-360.png", full_page=True)

    page.get_by_test_id("record-no").get_by_role("link", name=visit.record_no).click()
    page.wait_for_load_state("networkidle")
    document = page.get_by_test_id("visit-record").inner_text()
    assert "联合踏勘记录" in document
    assert "北侧消防车道宽度不足4米" in document and "未到场" in document
    page.screenshot(path=f"{SHOTS}-record-360.png", full_page=True)

    # The enterprise sees what it must put right, and by when.
    page.context.clear_cookies()
    sign_in(page, "enterprise1", PASSWORD)
    page.goto("/projects/enterprise/")
    visits = page.get_by_test_id("enterprise-visits").inner_text()
    assert visit.record_no in visits and "请贵企业按盐都区自然资源和规划局的要求整改" in visits
    assert f"{follow_up.due_date:%Y-%m-%d}前完成" in visits
    assert fits(page, "[data-testid=enterprise-visits]")
    page.screenshot(path=f"{SHOTS}-enterprise-360.png", full_page=True)
