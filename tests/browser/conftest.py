"""Playwright (sync API) driving Debian's chromium against pytest-django's live server."""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    """One chromium per test module: Playwright's sync API runs an event loop in this
    thread while it is open, and later tests that use async_to_sync (Channels) need
    the thread without one."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def sign_in(page, username: str, password: str = "demo1234") -> None:
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def item_act(page, code: str, action: str, **fields) -> None:
    """Fill and send one action form of the case page's item ``code`` (``on``: the
    date input, a date or its text)."""
    form = page.locator(f"tr[data-item='{code}'] form[data-action='{action}']")
    for name, value in fields.items():
        field = form.locator(f"[name={name}]")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(str(value))
        else:
            field.fill(f"{value:%Y-%m-%d}" if hasattr(value, "strftime") else str(value))
    summary = form.locator("details.confirm:not([open]) > summary")  # a step that cannot be undone asks first
    if summary.count():
        summary.click()
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
