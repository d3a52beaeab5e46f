"""A supervisor's dashboard in a real browser, on a desk and on a phone: the filter
form narrows the figures, the charts draw (ECharts from the static file, no CSP
complaint), the tables turn into cards at 360 px without sideways scroll, and a chart's
figures download as a spreadsheet."""

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.browser.conftest import sign_in
from tests.projects.dashboards.fixture import dashboard_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/dashboard-shots")


@pytest.mark.parametrize("width", [360, 1280])
def test_a_supervisor_filters_the_dashboard_and_downloads_a_chart(browser, live_server, width):
    dashboard_world()
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 900}, locale="zh-CN", accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    complaints = []
    page.on("console", lambda message: complaints.append(message.text) if message.type == "error" else None)
    sign_in(page, "dash-sup1", "demo-pass-123")

    page.goto("/projects/")  # the header leads to the dashboard
    page.get_by_role("link", name="时效看板").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/projects/dashboards/centre/")

    page.fill("input[name=month]", "2026-04")
    page.select_option("select[name=department]", label="看板住建局")
    page.click("[data-testid=dashboard-filters] button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "month=2026-04" in page.url
    rows = page.locator("[data-testid=league] tbody tr")
    assert rows.count() == 1
    assert "66.7%" in rows.first.inner_text() and "4.7" in rows.first.inner_text()
    page.locator("[data-chart=league] svg").wait_for()  # ECharts drew the chart
    assert page.locator("[data-chart=league] svg text", has_text="看板住建局").count() >= 1

    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"centre-{width}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    header_shown = page.locator("[data-testid=league] thead").is_visible()
    assert header_shown == (width > 640)  # on a phone each row is a card, its cells labelled

    with page.expect_download() as download_info:
        page.click("[data-testid=export-league]")
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(Path(download.path()).read_bytes())).active
    assert list(sheet.values)[1] == ("看板住建局", 3, 2, 1, 66.7, 4.7, 1)
    assert not [text for text in complaints if "Content Security Policy" in text or "echarts" in text.lower()]
    context.close()
