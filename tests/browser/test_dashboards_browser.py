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
from tests.regional_assessments.reports.fixture import reuse_world

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


def test_the_new_figures_on_a_phone_with_a_zone_filter_and_a_download(browser, live_server):
    """At 360 px, a supervisor narrows the dashboard to zone 1 and March–April: the
    overdue trend (item 5 overdue at April's end), the government vs enterprise days
    (m1, m2) and the regional-report reuse (p1, p5: 4 reuses, 80 days, 118,000 元) draw
    as charts over their cards, and the reuse figures download."""
    reuse_world()
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 360, "height": 800}, locale="zh-CN", accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    complaints = []
    page.on("console", lambda message: complaints.append(message.text) if message.type == "error" else None)
    sign_in(page, "dash-sup1", "demo-pass-123")
    page.goto("/projects/dashboards/centre/")
    page.select_option("select[name=zone]", label="看板一区")
    page.fill("input[name=start]", "2026-03-01")
    page.fill("input[name=end]", "2026-04-30")
    page.click("[data-testid=dashboard-filters] button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "start=2026-03-01" in page.url and "zone=" in page.url

    for chart in ("overdue", "days", "section-reuse"):
        page.locator(f"[data-chart='{chart}'] svg").wait_for()  # ECharts drew it
    overdue = page.locator("[data-testid=overdue] tbody tr")
    assert [overdue.nth(i).locator("td").last.inner_text() for i in range(overdue.count())] == ["0", "1"]
    days = page.locator("[data-testid=days] tbody tr", has_text="看板里程碑")
    assert "6.5" in days.inner_text() and "1.0" in days.inner_text()
    summary = page.locator("[data-testid=summary-reuse]").inner_text()
    assert summary.split("\n") == [
        "服务项目数",
        "2",
        "免于重复评估（项）",
        "4",
        "节省工作日",
        "80",
        "节省费用（元）",
        "118,000",
    ]
    assert page.locator("[data-testid=table-reuse] tbody tr").count() == 3

    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "centre-new-figures-360.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert not page.locator("[data-testid=table-reuse] thead").is_visible()  # cards on a phone

    with page.expect_download() as download_info:
        page.click("[data-testid=export-reuse]")
    download = download_info.value
    assert download.suggested_filename.startswith("区域评估成果复用") and download.suggested_filename.endswith(".xlsx")
    rows = list(load_workbook(io.BytesIO(Path(download.path()).read_bytes())).active.values)
    assert rows[1:] == [
        ("地质灾害危险性评估", 2, 2, 40, 60000),
        ("地震安全性评价", 1, 1, 30, 50000),
        ("节能评估", 1, 1, 10, 8000),
    ]
    assert not [text for text in complaints if "Content Security Policy" in text or "echarts" in text.lower()]
    context.close()


def test_a_chart_tooltip_shows_without_a_csp_complaint_and_a_filter_mistake_is_corrected(browser, live_server):
    """Hovering a bar shows its tooltip (drawn in the chart's SVG: no inline style for
    the Content-Security-Policy to refuse); a month and dates together give the page
    again, the filters as chosen and the message in the form, and the user corrects
    them there."""
    w = dashboard_world()
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    complaints = []
    page.on("console", lambda message: complaints.append(message.text) if message.type == "error" else None)
    sign_in(page, "dash-sup1", "demo-pass-123")

    page.goto("/projects/dashboards/centre/?month=2026-04")
    chart = page.locator("[data-chart=league]")
    chart.locator("svg").wait_for()
    box = chart.bounding_box()
    for step in range(1, 10):  # across the plot until the tooltip shows a department
        page.mouse.move(box["x"] + box["width"] * step / 10, box["y"] + box["height"] * 0.7)
        page.wait_for_timeout(150)
        if chart.locator("svg text", has_text="按时办结率").count() > 1:
            break
    assert chart.locator("svg text", has_text="按时办结率").count() > 1  # the legend's and the tooltip's
    assert not [text for text in complaints if "Content Security Policy" in text or "inline style" in text], complaints

    page.goto(f"/projects/dashboards/centre/?zone={w.z1.pk}&month=2026-04&start=2026-04-01&end=2026-04-30")
    errors = page.locator("[data-testid=filter-errors]")
    assert "请选择月份或起止日期之一" in errors.inner_text()
    assert page.input_value("input[name=start]") == "2026-04-01"
    assert page.locator("select[name=zone] option:checked").inner_text() == "看板一区"
    page.fill("input[name=month]", "")
    page.click("[data-testid=dashboard-filters] button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=league] tbody tr").count() >= 1
    assert "2026-04-01 至 2026-04-30" in page.locator("[data-testid=period]").inner_text()
    context.close()


def test_a_two_year_range_on_a_phone_folds_the_long_tables(browser, live_server):
    dashboard_world()
    context = browser.new_context(base_url=live_server.url, viewport={"width": 360, "height": 800}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, "dash-sup1", "demo-pass-123")
    page.goto("/projects/dashboards/centre/?start=2025-01-01&end=2026-12-31")
    fold = page.locator("[data-testid=fold-compliance]")
    assert fold.get_attribute("open") is None and "查看明细（" in fold.locator("summary").inner_text()
    assert not page.locator("[data-testid=compliance] tbody tr").first.is_visible()
    height = page.evaluate("document.documentElement.scrollHeight")
    fold.locator("summary").click()
    assert page.locator("[data-testid=compliance] tbody tr").first.is_visible()
    assert page.evaluate("document.documentElement.scrollHeight") > height + 2_000  # the cards it held
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()
