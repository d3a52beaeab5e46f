"""The zone committee's report pages and the agent's view of a project's assessments,
on the demo data, in a real browser."""

import re

import pytest
from django.core.management import call_command

from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    call_command("demo", verbosity=0)


def test_the_committee_sees_its_reports_the_expiry_warning_and_who_reused_them(page, demo):
    sign_in(page, "zone")
    page.goto("/zone/reports/")
    table = page.locator("[data-testid=zone-reports]")
    assert table.locator("tbody tr").count() == 2
    expiring = table.locator("tr", has_text="区域环境影响评价报告")
    assert "到期" in expiring.inner_text()  # 45 days left: inside the 90-day warning
    page.get_by_role("link", name=re.compile("地质灾害、压覆矿产")).click()
    page.wait_for_load_state("networkidle")
    reuses = page.locator("[data-testid=reuses]").inner_text()
    assert "年产30万套新能源汽车电机项目" in reuses and "地震安全性评价" in reuses
    assert "盐高新管〔2023〕46号" in page.locator("main").inner_text()
    page.get_by_role("link", name="年产30万套新能源汽车电机项目").first.click()
    page.wait_for_load_state("networkidle")
    assert "年产30万套新能源汽车电机项目" in page.locator("h1").inner_text()


def test_the_agent_follows_a_merged_assessment_and_draws_its_experts(page, demo):
    sign_in(page, "agent3")
    from projects.models import Project

    project = Project.objects.get(name="年产5万吨高性能改性塑料项目")
    page.goto(f"/projects/{project.pk}/")
    page.get_by_role("link", name=re.compile("评估事项")).click()
    page.wait_for_load_state("networkidle")
    rows = page.locator("[data-testid=assessments] tbody tr")
    assert rows.count() >= 9 and page.locator("tr[data-status=merged]").count() == rows.count()
    section = page.locator("[data-testid=merged-assessment]")
    assert section.locator("[data-testid=merged-state]").inner_text() == "报告编制中"
    assert section.locator("[data-testid=intermediary]").inner_text() != "—"
    assert "以种子重放，结果一致" in section.locator("[data-testid=draws]").inner_text()
    section.get_by_label("专家人数").fill("3")
    section.get_by_role("button", name="抽取专家，召开联合评审").click()
    page.wait_for_load_state("networkidle")
    section = page.locator("[data-testid=merged-assessment]")
    assert section.locator("[data-testid=merged-state]").inner_text() == "联合评审中"
    assert len(section.locator("[data-testid=experts]").inner_text().split("、")) == 3
    assert section.locator("[data-testid=draws] tbody tr").count() == 2


def test_the_agent_sees_what_the_zone_reports_spared_a_hi_tech_zone_project(page, demo):
    sign_in(page, "agent1")
    from projects.models import Project

    project = Project.objects.get(name="年产30万套新能源汽车电机项目")
    page.goto(f"/projects/{project.pk}/assessments/")
    reused = page.locator("tr[data-status=reused]")
    assert reused.count() == 7  # six types of the first report and the environmental one
    assert "盐城高新区区域评估报告" in reused.first.inner_text()


def test_the_fire_reviewer_answers_from_the_queue(page, demo):
    from projects.models import DrawingReview

    sign_in(page, "reviewer")
    assert page.url.endswith("/projects/drawings/queue/")
    # Two packages wait for fire protection; this one has heard three disciplines already.
    fire = "[data-testid=reviewer-tasks] tr[data-discipline=fire][data-review='一期厂房及综合楼']"
    acceptance_no = DrawingReview.objects.get(package="一期厂房及综合楼").acceptance_no
    row = page.locator(fire)
    assert "智能装备产业园一期项目" in row.inner_text() and acceptance_no in row.inner_text()
    row.locator("select[name=verdict]").select_option("objection")
    row.get_by_role("button", name="出具意见").click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".messages .error").count() == 1  # an objection needs its text
    row = page.locator(fire)
    row.locator("select[name=verdict]").select_option("objection")
    row.locator("input[name=text]").fill("疏散楼梯净宽不足1.2米，需调整")
    row.get_by_role("button", name="出具意见").click()
    page.wait_for_load_state("networkidle")
    assert "已出具消防意见" in page.locator(".messages").inner_text()
    assert page.locator(fire).count() == 0

    page.click("text=退出")
    page.wait_for_url(re.compile(r"/login/"))
    sign_in(page, "agent2")
    page.goto("/projects/drawings/queue/")
    waiting = page.locator("[data-testid=open-reviews] tr[data-review='一期厂房及综合楼'] [data-testid=next-step]")
    assert "人防" in waiting.inner_text() and "消防" not in waiting.inner_text()
