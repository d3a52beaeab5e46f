"""The demo's hand-over request in the browser, at phone width: the supervisor of the
owning centre refuses it with a reason; the requesting agent reads the answer on
their case, still without any of the project's content."""

import pytest
from django.core.management import call_command

from projects.models import HandoverRequest, HandoverState
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    call_command("demo", verbosity=0)


def _fits(page, selector: str) -> bool:
    """Nothing in ``selector`` reaches past a 360 px screen."""
    return page.evaluate(
        "s => [...document.querySelectorAll(s + ', ' + s + ' *')]"
        ".every(e => e.getBoundingClientRect().right <= window.innerWidth + 1)",
        selector,
    )


def test_the_supervisor_refuses_a_handover_and_the_agent_reads_why(page, demo):
    request = HandoverRequest.objects.select_related("project", "case__agent__user", "centre").get()
    page.set_viewport_size({"width": 360, "height": 740})
    sign_in(page, "supervisor")
    page.goto("/projects/centre/")
    card = page.get_by_test_id(f"handover-{request.pk}")
    assert request.project.name in card.inner_text()
    card.locator("summary", has_text="同意移交").first.click()
    assert _fits(page, "[data-testid=handovers]")
    card.locator("summary", has_text="拒绝移交").click()
    card.get_by_test_id("handover-refuse").click()  # no reason: the browser keeps the form
    assert HandoverRequest.objects.get(pk=request.pk).state == HandoverState.PENDING
    card.locator("input[name=reason]").fill("企业已与本中心签订代办委托，暂不移交")
    card.get_by_test_id("handover-refuse").click()
    page.wait_for_load_state("networkidle")
    assert "已拒绝移交申请" in page.locator(".messages").inner_text()
    assert HandoverRequest.objects.get(pk=request.pk).state == HandoverState.REFUSED

    page.context.clear_cookies()
    sign_in(page, request.case.agent.user.username)
    page.goto(f"/projects/cases/{request.case_id}/")
    answer = page.get_by_test_id("handovers").inner_text()
    assert "已拒绝移交" in answer and "暂不移交" in answer and str(request.centre) in answer
    assert request.project.name not in page.content()
    page.get_by_test_id("handover-request").locator("summary").click()
    assert _fits(page, "[data-testid=handovers]") and _fits(page, "[data-testid=handover-request]")
