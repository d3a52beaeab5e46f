"""An agent meets the supervision in the browser (demo data, today's sweep): the
alerts on the workbench and 知道了, the notification inbox, and the calendar feed
address that calendar clients subscribe to."""

import re
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from crm.models import Alert, Notification
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    call_command("demo", verbosity=0)


def test_the_agent_acknowledges_an_alert_and_reads_the_notification(page, demo):
    alert = Alert.objects.filter(level="overdue").select_related("deadline__owner").first()
    assert alert is not None  # the demo has overdue work
    sign_in(page, alert.deadline.owner.username)
    page.goto("/projects/workbench/")
    row = page.locator(f"[data-testid=alerts] tr[data-alert='{alert.pk}']")
    assert "超时" in row.inner_text() and alert.deadline.title in row.inner_text()
    row.get_by_role("button", name="知道了").click()
    page.wait_for_load_state("networkidle")
    assert "已确认提醒" in page.locator(".messages").inner_text()
    assert page.locator(f"tr[data-alert='{alert.pk}']").count() == 0

    unread = Notification.objects.filter(recipient=alert.deadline.owner, read_at__isnull=True).count()
    link = page.locator("[data-testid=notifications-link]")
    assert str(unread) in link.inner_text()
    link.click()
    page.wait_for_load_state("networkidle")
    item = page.locator(f"tr[data-notification] >> text={alert.deadline.title}").first
    assert item.is_visible()
    page.locator("tr.unread").filter(has_text=alert.deadline.title).first.get_by_role("button").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(alert.deadline.url)


def test_the_agent_turns_on_the_calendar_feed_and_a_client_reads_it(page, demo):
    from icalendar import Calendar

    sign_in(page, "agent1")
    page.get_by_role("link", name="日历订阅").click()
    page.wait_for_load_state("networkidle")
    page.get_by_test_id("enable-feed").click()
    page.wait_for_load_state("networkidle")
    address = page.get_by_test_id("feed-url").input_value()
    assert re.search(r"/calendar/[\w-]+\.ics$", address)
    assert page.get_by_test_id("webcal-url").get_attribute("href").startswith("webcal://")
    path = urlsplit(address).path  # the address names the configured site; fetch it from this server
    response = page.request.get(path)
    assert response.ok and response.headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.body())
    events = calendar.walk("VEVENT")
    assert events and all(event.get("UID") for event in events)
    page.get_by_test_id("revoke-feed").click()
    page.wait_for_load_state("networkidle")
    assert page.request.get(path).status == 404
