"""The README's run command really starts the whole system on the embedded default:
SQLite, in-memory channel layer, filesystem broker; HTTP and WebSocket on one port."""

import concurrent.futures
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


# Nothing of the test run's own set-up reaches the run command: it starts as README's ./run.sh does.
NOT_PASSED = (
    "DATABASE_URL",
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "SECRET_KEY",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
)


@pytest.fixture(scope="module")
def running_system(tmp_path_factory):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in NOT_PASSED}
    env["CRM_RUN_DIR"] = str(tmp_path_factory.mktemp("embedded"))
    log = open(Path(env["CRM_RUN_DIR"]) / "start.log", "w+")  # noqa: SIM115  (open while the system runs; closed below)
    process = subprocess.Popen(
        [sys.executable, "manage.py", "start", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    # Migrations and the demo story on SQLite: about a minute alone, several on a machine busy
    # with the rest of the suite.
    deadline = time.monotonic() + 480
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if _get(base + "/healthz")[0] == 200:
                break
        except OSError:
            pass
        time.sleep(1)
    yield base, process, log
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


def _log(log) -> str:
    log.flush()
    log.seek(0)
    return log.read()[-3000:]


def test_start_serves_health_and_pages(running_system):
    base, process, log = running_system
    assert process.poll() is None, _log(log)
    status, body = _get(base + "/healthz")
    assert status == 200, body
    assert json.loads(body) == {"status": "ok"}
    status, body = _get(base + "/login/")
    assert status == 200 and "登录" in body
    status, _ = _get(base + "/static/crm/crm.css")
    assert status == 200


def test_start_without_environment_keeps_a_random_key_in_the_run_directory(running_system):
    _base, _process, log = running_system
    key_file = Path(log.name).parent / "secret_key"
    assert key_file.stat().st_mode & 0o077 == 0, "only its owner may read the key"
    key = key_file.read_text().strip()
    assert len(key) >= 50 and key not in (ROOT / "crm" / "settings.py").read_text()


def test_start_serves_websockets_on_the_same_port(running_system):
    import asyncio

    import websockets

    base, _process, _log_file = running_system

    async def round_trip():
        async with websockets.connect(base.replace("http", "ws") + "/ws/healthz", origin=base) as socket_:
            return json.loads(await asyncio.wait_for(socket_.recv(), 10))

    # In a thread of its own: a browser test may have left an event loop in this one.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        message = pool.submit(asyncio.run, round_trip()).result(timeout=30)
    assert message == {"status": "ok", "channel_layer": "InMemoryChannelLayer"}


def test_start_runs_a_worker_that_executes_tasks(running_system):
    _base, _process, log = running_system
    env = {k: v for k, v in os.environ.items() if k not in NOT_PASSED}
    env["CRM_RUN_DIR"] = str(Path(log.name).parent)
    env["SECRET_KEY"] = (Path(log.name).parent / "secret_key").read_text().strip()
    code = "import django; django.setup(); from crm.calendar.tasks import deadlines_recompute; print(deadlines_recompute.delay().id)"
    task_id = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "crm.settings"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and f"{task_id}] succeeded" not in _log(log):
        time.sleep(0.5)
    assert f"{task_id}] succeeded" in _log(log)


def _children(pid: int) -> list[int]:
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def test_start_with_a_port_serves_feed_links_on_that_port(running_system):
    """``--port`` reaches every absolute link: the calendar page's feed address and the
    feed's event links (the request's address), and the worker's e-mails (the address
    the run command gives the processes it starts). And on that port the live pages'
    green dot says what it is."""
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, FLAGS

    base, process, log = running_system
    port = base.rsplit(":", 1)[1]
    assert port != "8000"

    def browse():
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
            page = browser.new_page(base_url=base, locale="zh-CN")
            page.goto("/login/")
            page.fill("#id_username", "agent1")
            page.fill("#id_password", "demo1234")
            page.click("button[type=submit]")
            page.wait_for_load_state("networkidle")
            page.goto("/calendar/")
            if page.locator("[data-testid=enable-feed]").count():
                page.click("[data-testid=enable-feed]")
                page.wait_for_load_state("networkidle")
            feed = page.input_value("[data-testid=feed-url]")
            webcal = page.get_attribute("[data-testid=webcal-url]", "href")
            # the live mark: once the page's socket is open, a green dot with its word and a tooltip
            page.goto("/projects/workbench/")
            heading = page.locator("h1[data-live-status=connected]")
            heading.wait_for(timeout=20_000)
            mark = heading.evaluate("e => getComputedStyle(e, '::after').content")
            title = heading.get_attribute("title")
            browser.close()
            return feed, webcal, mark, title

    # In a thread of its own: Playwright's sync API runs an event loop in its thread.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        feed, webcal, mark, title = pool.submit(browse).result(timeout=120)
    assert mark == '"● 实时"' and "自动显示变化" in title, (mark, title)
    assert feed.startswith(f"{base}/calendar/") and feed.endswith(".ics"), _log(log)
    assert webcal == "webcal://" + feed.removeprefix("http://")
    status, ics = _get(feed)
    assert status == 200
    links = [line for line in ics.replace("\r\n ", "").splitlines() if line.startswith("URL")]
    assert links and all(line.startswith(f"URL:{base}/") for line in links), links

    for child in _children(process.pid):
        environ = Path(f"/proc/{child}/environ").read_bytes().split(b"\0")
        assert f"CRM_DEFAULT_SITE_URL=http://127.0.0.1:{port}".encode() in environ
