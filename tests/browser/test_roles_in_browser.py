"""A person signs in with each demo account and lands on the page made for their role."""

import re

import pytest
from django.core.management import call_command

from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANDINGS = [
    ("agent1", r"/projects/agent/$", "里程碑总览"),
    ("supervisor", r"/projects/centre/$", "代办中心总览"),
    ("enterprise1", r"/projects/enterprise/$", "项目办理进度"),
    ("zone", r"/zone/$", "区域内项目"),
    ("reviewer", r"/projects/drawings/queue/$", "待本专业出具意见"),
    ("editor", r"/editor/$", "门户网站编辑"),
    ("admin", r"/system/$", "系统管理"),
]


@pytest.fixture
def demo(transactional_db):
    call_command("demo", verbosity=0)


def test_every_demo_account_lands_on_its_role_page(page, demo):
    for username, url, heading in LANDINGS:
        sign_in(page, username)
        assert re.search(url, page.url), (username, page.url)
        assert heading in page.locator("main").inner_text(), username
        assert page.locator("html").get_attribute("lang") == "zh-hans"
        page.click("text=退出")
        page.wait_for_url(re.compile(r"/login/"))


def test_wrong_password_is_refused_in_chinese(page, demo):
    sign_in(page, "agent1", "wrong-password")
    assert "/login/" in page.url
    assert "用户名或密码不正确" in page.content()


def test_agent_sees_urgent_milestones_first_and_pauses_one(page, demo):
    sign_in(page, "agent1")
    rows = page.locator("[data-testid=open-milestones] tbody tr")
    assert rows.count() > 0
    levels = [rows.nth(i).locator("[data-level]").get_attribute("data-level") for i in range(rows.count())]
    order = {"overdue": 0, "warning": 1, "normal": 2, "paused": 3}
    assert [order[level] for level in levels] == sorted(order[level] for level in levels)
    assert re.search(r"\d{4}-\d{2}-\d{2}", rows.first.inner_text())  # dates as YYYY-MM-DD

    from projects.models import Milestone

    running = (
        Milestone.objects.filter(project__agent__user__username="agent1", state="running")
        .select_related("project", "definition")
        .first()
    )
    code = running.definition.code
    page.locator("[data-testid=open-milestones] a", has_text=running.project.name).first.click()
    page.wait_for_load_state("networkidle")
    assert running.project.code in page.locator("main").inner_text()
    form = page.locator(f"tr[data-milestone={code}] form[action$='/pause/']")
    form.locator("select[name=cause]").select_option("correction")
    form.locator("input[name=reason]").fill("企业补正用地红线图")
    form.locator("button").click()
    page.wait_for_load_state("networkidle")
    assert "已保存" in page.content()
    row = page.locator(f"tr[data-milestone={code}]")
    assert "暂停计时" in row.inner_text()
    assert "企业补正用地红线图" in page.locator("[data-testid=timeline]").inner_text()
    page.locator(f"tr[data-milestone={code}] form[action$='/resume/'] button").click()
    page.wait_for_load_state("networkidle")
    assert "计时中" in page.locator(f"tr[data-milestone={code}]").inner_text()


def test_enterprise_sees_only_its_own_projects_and_provisional_marks(page, demo):
    from projects.models import Project

    sign_in(page, "enterprise1")
    text = page.locator("main").inner_text()
    from crm.accounts.models import User

    enterprise = User.objects.get(username="enterprise1").enterprise_contact.enterprise
    for project in Project.objects.all():
        assert (project.name in text) == (project.enterprise_id == enterprise.pk)
    other = Project.objects.exclude(enterprise=enterprise).first()
    response = page.goto(f"/projects/{other.pk}/")
    assert response.status == 404


def test_language_switch_to_english(page, demo):
    sign_in(page, "agent1")
    page.click("button[value=en]")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "en"
