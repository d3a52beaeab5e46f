"""The demo's enterprise, on a phone: the contact of the new-energy company signs in and
sees its project's milestones as the work left them (多评合一 and 多图联审 finished,
the title late, the permit overdue), with nothing created by hand and nothing wider
than the 360 px screen."""

import pytest
from django.core.management import call_command

from crm.accounts.models import User
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOT = "/tmp/demo-enterprise-home-360.png"


@pytest.fixture
def demo(transactional_db):
    call_command("demo", verbosity=0)


def test_the_demo_enterprise_follows_its_project_on_a_phone(page, demo):
    enterprise = User.objects.get(username="enterprise1").enterprise_contact.enterprise
    project = enterprise.projects.get()
    milestones = {m.definition.code: m for m in project.milestones.select_related("definition")}
    page.set_viewport_size({"width": 360, "height": 740})
    sign_in(page, "enterprise1")
    page.goto("/")
    body = page.locator("main").inner_text()
    assert project.name in body and "江苏盐都精密机械" not in body
    assert [milestones[c].state for c in ("assessments", "drawing_review")] == ["completed", "completed"]
    for code in ("assessments", "drawing_review", "property_title", "construction_permit"):
        milestone = milestones[code]
        row = page.locator("[data-testid=project-milestones] tr", has_text=milestone.definition.name)
        text = row.inner_text()
        if milestone.finished_on:
            assert milestone.get_outcome_display() in text and f"{milestone.finished_on:%Y-%m-%d}" in text, text
        else:
            assert f"{milestone.due_date:%Y-%m-%d}" in text, text
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.screenshot(path=SCREENSHOT, full_page=True)
