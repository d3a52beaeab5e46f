"""An enterprise contact rates a closed case 不满意; the centre's supervisor finds the
callback on their list, with its deadline, and records the call."""

import re

import pytest

from crm.accounts.roles import Role
from crm.calendar.workdays import workdays_add
from tests.browser.conftest import sign_in
from tests.factories import EnterpriseFactory, ProxyAgentFactory, ServiceCentreFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "demo-pass-123"  # tests.factories.UserFactory


@pytest.fixture
def closed(transactional_db):
    from tests.factories import EnterpriseContactFactory
    from tests.projects.ratings.scenario import closed_case

    centre = ServiceCentreFactory()
    agent = ProxyAgentFactory(centre=centre, user=UserFactory(username="rb_agent", roles=[Role.AGENT]))
    ProxyAgentFactory(centre=centre, user=UserFactory(username="rb_supervisor", roles=[Role.SUPERVISOR, Role.AGENT]))
    enterprise = EnterpriseFactory(assigned_agent=agent)
    EnterpriseContactFactory(enterprise=enterprise, user__username="rb_enterprise")
    return closed_case(agent=agent, enterprise=enterprise)


def test_unsatisfied_rating_reaches_the_supervisor_as_a_callback(page, closed):
    sign_in(page, "rb_enterprise", PASSWORD)
    page.goto("/projects/enterprise/ratings/")
    section = page.locator(f"section[data-case='{closed.number}']")
    section.get_by_label("不满意", exact=True).check()
    section.locator("textarea[name=comment]").fill("材料被退回两次，没有一次说清楚")
    section.get_by_role("button", name="提交评价").click()
    page.wait_for_load_state("networkidle")
    assert "代办中心负责人将与您电话联系" in page.locator(".messages").inner_text()
    assert "不满意" in section.locator("[data-testid=rating-given]").inner_text()
    assert section.locator("[data-testid=rating-form]").count() == 0

    page.click("text=退出")
    page.wait_for_url(re.compile(r"/login/"))
    sign_in(page, "rb_supervisor", PASSWORD)
    page.goto("/projects/callbacks/")
    row = page.locator(f"[data-testid=open-callbacks] tr[data-callback='{closed.number}']")
    text = row.inner_text()
    assert "不满意评价回访" in text and "材料被退回两次" in text
    from projects.models import Callback

    callback = Callback.objects.get(case=closed)
    assert callback.due_date == workdays_add(callback.started_on, 10).date
    assert callback.due_date.isoformat() in text
    assert page.locator("[data-testid=rating-figures] td[data-level='2']").first.inner_text().startswith("1")

    row.locator("input[name=person]").fill("王经理")
    row.locator("textarea[name=summary]").fill("企业反映补正要求不一次说清")
    row.get_by_role("button", name="记录回访").click()
    page.wait_for_load_state("networkidle")
    assert "已保存" in page.locator(".messages").inner_text()
    assert "已回访待整改" in page.locator(f"tr[data-callback='{closed.number}']").inner_text()
