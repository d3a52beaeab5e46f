"""A zone committee reads its monthly overdue report in a real browser: from the
dashboard to the archive, a month chosen, the report on a phone as cards without
sideways scroll (on a desk as tables), and the archived PDF downloaded."""

from pathlib import Path

import pytest

from projects.monthly_reports.services import monthly_report_generate
from tests.browser.conftest import sign_in
from tests.projects.dashboards.fixture import dashboard_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/monthly-report-shots")


@pytest.mark.parametrize("width", [360, 1280])
def test_a_committee_reads_its_months_report_and_downloads_the_archived_pdf(
    browser, live_server, settings, tmp_path, width
):
    settings.MEDIA_ROOT = tmp_path
    w = dashboard_world()
    archived = monthly_report_generate(zone=w.z1, month=w.items[1].decided_on)
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 900}, locale="zh-CN", accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    sign_in(page, "dash-zone1", "demo-pass-123")

    page.goto("/projects/dashboards/zone/")
    page.click("[data-testid=monthly-reports-link]")
    assert page.url.endswith("/projects/monthly-reports/")
    assert page.locator(f"[data-report='{archived.pk}']").count() == 1

    page.fill("[data-testid=report-choose] input[name=month]", "2026-04")
    page.click("[data-testid=report-choose] button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=report-title]").inner_text() == "看板一区 2026年4月 超时办件通报"
    overdue = page.locator("[data-testid=report-overdue] tbody tr")
    assert overdue.count() == 3 and "施工许可" in overdue.first.inner_text()
    assert page.locator("[data-testid=report-archive]").count() == 0  # a committee reads, it does not issue

    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"report-{width}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.locator("[data-testid=report-league] thead").is_visible() == (width > 640)

    page.goto("/projects/monthly-reports/")
    with page.expect_download() as download_info:
        page.click(f"[data-report='{archived.pk}'] [data-testid=report-file]")
    download = download_info.value
    assert download.suggested_filename == "看板一区 2026年04月 超时办件通报.pdf"
    assert Path(download.path()).read_bytes().startswith(b"%PDF")
    context.close()
