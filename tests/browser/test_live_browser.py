"""Live updates in a real browser: chromium on the ASGI server (uvicorn, as in
production) with the Redis channel layer; a change made elsewhere (here: by this
process, through the service) appears on the open page without a reload. And with
no WebSocket to be had the page still works."""

import datetime as dt
import os
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection, connections
from django.utils import timezone
from playwright.sync_api import expect

from crm.accounts.roles import Role
from crm.notifications.delivery import deliveries_send
from projects.cases.services import (
    case_authorise,
    case_items_choose,
    case_open,
    item_accept,
    item_pass_prereview,
    item_request_correction,
    item_submit,
)
from projects.models import EnterpriseContact
from tests.browser.conftest import sign_in
from tests.factories import ApprovalItemFactory, EnterpriseFactory, ProxyAgentFactory, ServiceCentreFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]
MON = dt.date(2026, 3, 2)
PASSWORD = "demo1234"

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def asgi_server(transactional_db, tmp_path):
    """uvicorn serving crm.asgi on the test database and the test Redis, so the
    channel layer crosses from this process to the server's sockets."""
    yield from _asgi_server(tmp_path, {})


def _asgi_server(tmp_path, extra_env: dict, ready_path: str = "/healthz"):
    db = connection.settings_dict
    env = dict(os.environ, **extra_env)
    env["DATABASE_URL"] = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env["CRM_RUN_DIR"] = str(tmp_path)
    (tmp_path / "static").mkdir()
    assert env.get("REDIS_URL"), "the live path needs the Redis layer (test.sh sets REDIS_URL)"
    port = _free_port()
    log = open(tmp_path / "uvicorn.log", "w+")  # noqa: SIM115  (the server's whole life)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "crm.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(base + ready_path, timeout=5) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            log.seek(0)
            pytest.fail(f"uvicorn did not start: {log.read()[-3000:]}")
        time.sleep(0.3)
    yield base
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()


@pytest.fixture
def asgi_page(browser, asgi_server):
    yield from _page_on(browser, asgi_server)


def _page_on(browser, base: str):
    context = browser.new_context(base_url=base, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    yield page
    context.close()
    assert not errors


@pytest.fixture
def page_without_layer(browser, transactional_db, tmp_path):
    """The ASGI server with its channel layer's Redis unreachable (nothing listens on
    port 1); the cache and everything else keep the test Redis."""
    # (/healthz answers 503 without its channel layer: the sign-in page says the server is up)
    for base in _asgi_server(tmp_path, {"LIVE_REDIS_URL": "redis://127.0.0.1:1/0"}, "/login/"):
        yield from _page_on(browser, base)


def _with_password(user):
    """The server process checks passwords with the default hasher, not the tests' fast one."""
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, "livebrowsersalt")
    user.save(update_fields=["password"])
    return user


def _case_with_items(agent, enterprise, n: int = 1):
    case = case_open(enterprise=enterprise, agent=agent, channel="phone", summary="新建厂房", on=MON, by=agent.user)
    items = case_items_choose(
        case=case,
        approval_items=[ApprovalItemFactory(code=f"320903-XK-{case.pk:04d}{k}", committed_days=10) for k in range(n)],
        by=agent.user,
    )
    return case, items


def elsewhere(service, **kwargs):
    """Run a service as another request or worker would: in a thread of its own (the
    test thread runs Playwright's event loop, where the publisher's async_to_sync
    cannot run), committed before this returns."""

    def call():
        try:
            return service(**kwargs)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(call).result(timeout=60)


def _mark_page(page) -> None:
    """A flag that only survives as long as the document does: a reload would drop it."""
    page.evaluate("window.__sameDocument = true")


def _same_document(page) -> bool:
    return page.evaluate("window.__sameDocument === true && performance.getEntriesByType('navigation').length === 1")


def test_a_case_page_shows_transitions_made_elsewhere_without_reloading(asgi_page):
    page = asgi_page
    agent = ProxyAgentFactory(user=_with_password(UserFactory(username="live_agent", roles=[Role.AGENT])))
    case, (first, second) = _case_with_items(agent, EnterpriseFactory(), 2)

    sign_in(page, "live_agent", PASSWORD)
    page.goto(f"/projects/cases/{case.pk}/")
    expect(page.locator("h1[data-live-groups]")).to_have_attribute("data-live-status", "connected")
    first_row = page.locator(f"tr[data-item='{first.approval_item.code}']")
    second_row = page.locator(f"tr[data-item='{second.approval_item.code}']")
    expect(first_row.locator("[data-testid=item-state]")).to_have_text("材料准备")
    _mark_page(page)

    elsewhere(item_pass_prereview, item=first, by=agent.user, on=MON)  # another tab, the API, a colleague

    expect(first_row.locator("[data-testid=item-state]")).to_have_text("预审通过")
    expect(page.locator("[data-testid=timeline]")).to_contain_text("预审")
    expect(page.locator(".live-flash")).to_be_visible()
    assert _same_document(page)

    # A form being filled in is not swapped away: the rest updates, the reader is
    # offered a reload for the part being edited.
    reason = second_row.locator("form[data-action=request_correction] input[name=reason]")
    reason.fill("缺少盖章页")
    timeline_rows = page.locator("[data-testid=timeline] tbody tr").count()
    elsewhere(item_pass_prereview, item=second, by=agent.user, on=MON)
    expect(page.locator("[data-testid=timeline] tbody tr")).to_have_count(timeline_rows + 1)
    expect(page.locator(".live-stale")).to_be_visible()
    expect(reason).to_have_value("缺少盖章页")
    expect(second_row.locator("[data-testid=item-state]")).to_have_text("材料准备")
    assert _same_document(page)
    page.locator(".live-stale button", has_text="刷新").click()
    expect(second_row.locator("[data-testid=item-state]")).to_have_text("预审通过")


def test_the_enterprise_page_follows_its_case_and_announces_notifications(asgi_page):
    page = asgi_page
    centre = ServiceCentreFactory()
    agent = ProxyAgentFactory(centre=centre)
    enterprise = EnterpriseFactory()
    contact = _with_password(UserFactory(username="live_contact", roles=[Role.ENTERPRISE]))
    EnterpriseContact.objects.create(enterprise=enterprise, user=contact, name="王经理", phone="13800000000")
    case, (item,) = _case_with_items(agent, enterprise)

    sign_in(page, "live_contact", PASSWORD)
    page.goto("/projects/enterprise/")
    expect(page.locator("h1[data-live-groups]")).to_have_attribute("data-live-status", "connected")
    _mark_page(page)
    elsewhere(item_pass_prereview, item=item, by=agent.user, on=MON)
    elsewhere(case_authorise, case=case, signed_on=MON, signatory="王经理", scope="全部事项", by=agent.user)
    expect(page.locator("[data-testid=enterprise-cases]")).to_contain_text("已委托")

    elsewhere(item_submit, item=item, by=agent.user, on=MON)
    elsewhere(item_accept, item=item, acceptance_no="SL-2026-0001", by=agent.user, on=MON)  # notifies the contact
    elsewhere(deliveries_send)  # the worker's part (see tests/projects/test_live_worker.py)
    notice = page.locator(".live-notice")
    expect(notice).to_contain_text("部门已收件受理")
    assert _same_document(page)


def test_without_websockets_the_page_still_works(page, live_server):
    """pytest-django's live server speaks no WebSocket, and here the browser has none
    either: nothing breaks, actions work, and a reload shows what changed."""
    page.add_init_script("delete window.WebSocket")
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    agent = ProxyAgentFactory(user=UserFactory(username="nows_agent", roles=[Role.AGENT], password=PASSWORD))
    case, (item,) = _case_with_items(agent, EnterpriseFactory())
    sign_in(page, "nows_agent", PASSWORD)
    page.goto(f"/projects/cases/{case.pk}/")
    assert page.locator("h1[data-live-groups]").get_attribute("data-live-status") is None
    page.click("form[data-action=pass_prereview] button")
    expect(page.locator("[data-testid=item-state]")).to_have_text("预审通过")

    item.refresh_from_db()
    # Today: the pre-review just passed in the page (a step cannot come before it).
    elsewhere(item_request_correction, item=item, reason="缺少盖章页", by=agent.user, on=timezone.localdate())
    expect(page.locator("[data-testid=item-state]")).to_have_text("预审通过")  # no live update…
    page.reload()
    expect(page.locator("[data-testid=item-state]")).to_have_text("企业补正中")  # …a reload shows it
    assert not errors


def test_with_the_channel_layer_unreachable_the_page_says_so_and_still_works(page_without_layer):
    """Redis of the live updates down: the page says live updates are paused (the server
    tells each socket, logging one line a minute), keeps retrying with backoff, and its
    actions and a reload work as ever."""
    page = page_without_layer
    agent = ProxyAgentFactory(user=_with_password(UserFactory(username="paused_agent", roles=[Role.AGENT])))
    case, (item,) = _case_with_items(agent, EnterpriseFactory())

    sign_in(page, "paused_agent", PASSWORD)
    page.goto(f"/projects/cases/{case.pk}/")
    banner = page.locator("[data-testid=live-paused]")
    expect(banner).to_contain_text("实时更新已暂停，请刷新")
    expect(page.locator("h1[data-live-groups]")).not_to_have_attribute("data-live-status", "connected")
    page.set_viewport_size({"width": 360, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(ROOT / ".run" / "live-paused.png"), full_page=False)

    page.click("form[data-action=pass_prereview] button")  # the page's own actions work
    expect(page.locator("[data-testid=item-state]")).to_have_text("预审通过")
    item.refresh_from_db()
    elsewhere(item_request_correction, item=item, reason="缺少盖章页", by=agent.user, on=timezone.localdate())
    expect(banner).to_be_visible()
    banner.locator("button", has_text="刷新").click()  # the banner's reload shows what changed
    expect(page.locator("[data-testid=item-state]")).to_have_text("企业补正中")


# Keeps the page's sockets reachable from the test, and while window.__refuseSockets is set
# sends new ones to a path the server refuses (as a proxy would while the server is down).
SOCKET_HOOK = """
(() => {
  const Real = window.WebSocket;
  window.__sockets = [];
  window.WebSocket = function (url, protocols) {
    const socket = new Real(window.__refuseSockets ? url.replace("/ws/live", "/ws/gone") : url, protocols);
    window.__sockets.push(socket);
    return socket;
  };
  window.WebSocket.prototype = Real.prototype;
  window.WebSocket.OPEN = Real.OPEN;
})();
"""


def test_a_socket_that_drops_shows_the_banner_then_reconnects_and_catches_up(asgi_page):
    """The live socket drops and cannot come back for a while: the page says live updates
    are paused; a change made meanwhile reaches no socket; once a retry gets through the
    banner goes and the page fetches what it missed, without a reload."""
    page = asgi_page
    page.add_init_script(SOCKET_HOOK)
    agent = ProxyAgentFactory(user=_with_password(UserFactory(username="drop_agent", roles=[Role.AGENT])))
    case, (item,) = _case_with_items(agent, EnterpriseFactory())

    sign_in(page, "drop_agent", PASSWORD)
    page.goto(f"/projects/cases/{case.pk}/")
    mark = page.locator("h1[data-live-groups]")
    expect(mark).to_have_attribute("data-live-status", "connected")
    _mark_page(page)
    page.evaluate("window.__refuseSockets = true; window.__sockets.forEach(s => s.close())")
    banner = page.locator("[data-testid=live-paused]")
    expect(banner).to_contain_text("实时更新已暂停，请刷新")

    elsewhere(item_pass_prereview, item=item, by=agent.user, on=MON)  # while the page is not listening
    state = page.locator("[data-testid=item-state]")
    page.wait_for_timeout(1000)
    expect(state).to_have_text("材料准备")

    page.evaluate("window.__refuseSockets = false")  # the next retry (backoff) gets through
    expect(mark).to_have_attribute("data-live-status", "connected", timeout=30_000)
    expect(banner).to_have_count(0)
    expect(state).to_have_text("预审通过")  # caught up
    assert _same_document(page)
