"""In a real browser: the agent invites a contact from the case page, the link (read
from the outbox's e-mail delivery) opens in a fresh browser, sets the password and lands
on the enterprise's home; then a message both ways on the case's thread. Screenshots
at 360 and 1280 px in /tmp/h/shots/access/; nothing scrolls sideways at 360 px."""

import os

import pytest

from crm.models import Channel, Delivery, Notification
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "demo-pass-123"  # tests.factories.UserFactory's
NEW_PASSWORD = "Qiye-2026-mima"
SHOTS = "/tmp/h/shots/access"
PHONE, WIDE = {"width": 360, "height": 740}, {"width": 1280, "height": 800}


def shoot(page, name: str) -> None:
    """A full-page screenshot at 360 px (asserting nothing scrolls sideways), then at 1280 px."""
    os.makedirs(SHOTS, exist_ok=True)
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"{name} scrolls sideways"
    page.screenshot(path=f"{SHOTS}/{name}-360.png", full_page=True)
    page.set_viewport_size(WIDE)
    page.screenshot(path=f"{SHOTS}/{name}-1280.png", full_page=True)
    page.set_viewport_size(PHONE)


def test_invitation_then_a_message_both_ways(page, browser, live_server, world, own_case):
    agent = world.users["agent1"]
    page.set_viewport_size(PHONE)
    sign_in(page, "agent1", PASSWORD)
    page.goto(f"/projects/cases/{own_case.pk}/")
    form = page.get_by_test_id("invite")
    form.locator("[name=name]").fill("李四")
    form.locator("[name=position]").fill("行政主管")
    form.locator("[name=phone]").fill("13900001111")
    form.locator("[name=email]").fill("lisi@example.com")
    form.locator("button").click()
    page.wait_for_load_state("networkidle")
    row = page.get_by_test_id("access-list").locator("tr", has_text="李四")
    assert "邀请待接受" in row.inner_text()
    shoot(page, "case-access-agent")

    # The link, as the outbox sends it by e-mail.
    delivery = Delivery.objects.select_related("notification").get(
        notification__key__startswith="invitation-", channel=Channel.EMAIL
    )
    link = delivery.notification.url
    assert link.startswith("/projects/invitation/")

    fresh = browser.new_context(base_url=live_server.url, locale="zh-CN", timezone_id="Asia/Shanghai", viewport=PHONE)
    contact = fresh.new_page()
    contact.goto(link)
    assert contact.get_by_test_id("username").inner_text() == "13900001111"
    shoot(contact, "invitation-link")
    contact.fill("[name=new_password1]", NEW_PASSWORD)
    contact.fill("[name=new_password2]", NEW_PASSWORD)
    contact.get_by_test_id("set-password").locator("button").click()
    contact.wait_for_load_state("networkidle")
    assert contact.url.endswith("/projects/enterprise/")
    shoot(contact, "enterprise-home")
    contact.get_by_test_id("access-link").click()
    contact.wait_for_load_state("networkidle")
    assert "本人账号不能自行撤销" in contact.get_by_test_id("access-list").inner_text()
    shoot(contact, "enterprise-access")
    # the link is spent
    spent = fresh.new_page()
    spent.goto(link)
    assert spent.get_by_test_id("invitation-invalid").is_visible()
    shoot(spent, "invitation-dead")

    # The enterprise writes; the agent sees it and its notification, and answers.
    contact.goto(f"/projects/cases/{own_case.pk}/")
    contact.get_by_test_id("message-form").locator("textarea").fill("您好，营业执照副本明天送到代办中心。")
    contact.get_by_test_id("message-form").locator("button").click()
    contact.wait_for_load_state("networkidle")
    assert "营业执照副本明天送到" in contact.get_by_test_id("thread-messages").inner_text()

    note = Notification.objects.get(recipient=agent, key__startswith="message-")
    page.goto("/notifications/")
    assert note.title in page.inner_text("main")
    page.goto(f"/projects/cases/{own_case.pk}/")
    thread = page.get_by_test_id("thread-messages").inner_text()
    assert "企业 李四" in thread and "营业执照副本明天送到" in thread
    page.get_by_test_id("message-form").locator("textarea").fill("收到，明天上午我在窗口等您。")
    page.get_by_test_id("message-form").locator("button").click()
    page.wait_for_load_state("networkidle")
    shoot(page, "case-thread-agent")

    contact.goto(f"/projects/cases/{own_case.pk}/")
    thread = contact.get_by_test_id("thread-messages").inner_text()
    assert thread.index("营业执照副本") < thread.index("收到，明天上午")
    assert f"代办员 {agent}" in thread
    assert Notification.objects.filter(recipient__username="13900001111", key__startswith="message-").exists()
    contact.get_by_test_id("thread").scroll_into_view_if_needed()
    shoot(contact, "case-thread-enterprise")
    fresh.close()
