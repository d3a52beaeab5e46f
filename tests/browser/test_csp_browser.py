"""Under the Content-Security-Policy, in a real browser: the app's pages, the Django admin,
the Wagtail admin and Swagger UI run their scripts and the browser reports no violation."""

import re

import pytest
from playwright.sync_api import expect
from wagtail.models import Locale, Page

from crm.accounts.roles import Role
from tests.browser.conftest import sign_in
from tests.factories import ProxyAgentFactory, UserFactory

pytestmark = pytest.mark.browser

PASSWORD = "demo1234"


@pytest.fixture
def violations(page):
    """Every CSP violation the browser reports (console and securitypolicyviolation), and page errors."""
    found = []
    page.on("console", lambda message: "Content Security Policy" in message.text and found.append(message.text))
    page.on("pageerror", lambda error: found.append(f"page error: {error}"))
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "'Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI))"
    )
    return found


@pytest.fixture
def superuser():
    return UserFactory(username="root_admin", password=PASSWORD, is_staff=True, is_superuser=True)


def test_the_app_pages_run_their_scripts(page, violations, settings):
    agent = ProxyAgentFactory(user=UserFactory(username="csp_agent", roles=[Role.AGENT], password=PASSWORD))
    sign_in(page, agent.user.username, PASSWORD)
    page.goto("/projects/workbench/")
    # live.js ran: it marks the page while it tries its WebSocket (the test server has none).
    live_mark = page.locator("h1[data-live-groups]")
    expect(live_mark).to_have_attribute("data-live-status", re.compile("connecting|disconnected"))

    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto("/calendar/")
    page.click("[data-testid=enable-feed]")
    page.click("[data-testid=copy-feed-url]")  # page.js: no inline handler any more
    expect(page.locator("[data-testid=copy-feed-url]")).to_have_text("已复制")
    assert page.evaluate("navigator.clipboard.readText()") == page.input_value("[data-testid=feed-url]")
    assert violations == []


def test_the_django_admin_runs_under_the_policy(page, violations, superuser):
    page.goto("/admin/login/")
    page.fill("#id_username", superuser.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.goto(f"/admin/crm/user/{superuser.pk}/change/")
    # The admin's DateTimeShortcuts.js adds "today/now" links beside date fields.
    expect(page.locator(".datetimeshortcuts").first).to_be_visible()
    page.goto("/admin/crm/user/")
    page.wait_for_load_state("networkidle")
    assert violations == []


def test_the_wagtail_admin_runs_under_the_policy(page, violations, superuser):
    Locale.objects.get_or_create(language_code="zh-hans")  # a flushed live-server database has none
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
    home = root.get_children().first() or root.add_child(instance=Page(title="首页", slug="home"))
    page.goto("/cms/login/")
    page.fill("#id_username", superuser.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile(r"/cms/$"))
    page.goto(f"/cms/pages/{home.pk}/edit/")
    # The date-time widgets that Wagtail starts with inline scripts are started by cms/admin_init.js.
    widgets = page.locator("[data-crm-wagtail-init]")
    expect(widgets.first).to_have_attribute("data-crm-started", "")
    assert widgets.count() == page.locator("[data-crm-started]").count() > 0
    page.goto(f"/cms/pages/{root.pk}/")
    page.wait_for_load_state("networkidle")
    assert violations == []


def test_swagger_ui_runs_under_the_policy(page, violations, superuser):
    sign_in(page, superuser.username, PASSWORD)
    page.goto("/api/docs/")
    expect(page.locator(".swagger-ui .info")).to_be_visible()
    expect(page.locator(".opblock").first).to_be_visible()
    assert violations == []
