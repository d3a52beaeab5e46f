"""The monthly report's pages: who reads which zone's report (a committee its zone, a
supervisor its centre's, an administrator all; others 403; another zone 404), the page
and its PDF (Chinese text in embedded CJK fonts), the archive and its regeneration, and
values nobody should send (400 with a message, never 500)."""

import io
import re

import pytest
from django.test import override_settings
from django.urls import reverse
from pypdf import PdfReader

from crm.audit.models import AuditEntry
from projects.monthly_reports.models import MonthlyReport
from projects.monthly_reports.services import monthly_report_generate
from tests.factories import ProxyAgentFactory, UserFactory
from tests.projects.dashboards.fixture import dashboard_world
from tests.projects.monthly_reports import sections

pytestmark = pytest.mark.django_db
APRIL = "2026-04"


@pytest.fixture
def w(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return dashboard_world()


def _page(client, user, zone, month=APRIL, name="projects:monthly_report"):
    client.force_login(user)
    return client.get(reverse(name), {"zone": zone.pk, "month": month})


def _pdf_text(content: bytes) -> str:
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages))


def _fonts(content: bytes) -> list[tuple[str, bool]]:
    """Each font of the PDF: its name and whether its glyphs are embedded."""
    found = []
    for page in PdfReader(io.BytesIO(content)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            described = descendants[0].get_object() if descendants else font
            descriptor = described["/FontDescriptor"].get_object()
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            found.append((str(font["/BaseFont"]), embedded))
    return found


def test_the_page_shows_the_zones_report_as_a_numbered_document(client, w):
    with override_settings(CRM_FIGURE_SECTIONS=sections.SECTIONS):
        response = _page(client, w.committee, w.z1)
    assert response.status_code == 200
    page = response.content.decode()
    assert "看板一区 2026年4月 超时办件通报" in page and "看板中心一" in page
    for heading in ("一、“3550”里程碑达标情况", "二、审批部门办件时效排名", "三、超时办件明细", "四、好差评与回访"):
        assert heading in page, heading
    assert "五、区域评估成果复用" in page and "3,850,000" in page and "节省工作日：1,234" in page
    assert "2026-04-16" in page and "超时未办结" in page  # item 5's due date
    assert page.index("看板住建局") < page.index("看板自然资源局")  # the better on-time rate first


def test_the_pdf_carries_the_chinese_title_in_embedded_cjk_fonts(client, w):
    with override_settings(CRM_FIGURE_SECTIONS=sections.SECTIONS):
        response = _page(client, w.s1.user, w.z1, name="projects:monthly_report_pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = _pdf_text(response.content)
    assert "看板一区2026年4月超时办件通报" in text
    assert "看板住建局" in text and "施工许可" in text and "区域评估成果复用" in text and "3,850,000" in text
    fonts = _fonts(response.content)
    assert fonts and all(embedded for _name, embedded in fonts), fonts
    assert any("CJK" in name or "Han" in name for name, _embedded in fonts), fonts


@pytest.mark.parametrize(
    ("who", "own", "other"),
    [("admin", 200, 200), ("committee", 200, 404), ("supervisor", 200, 404)],
)
def test_each_reader_opens_its_own_zones_report_only(client, w, who, own, other):
    user = {"admin": w.admin, "committee": w.committee, "supervisor": w.s1.user}[who]
    for name in ("projects:monthly_report", "projects:monthly_report_pdf"):
        assert _page(client, user, w.z1, name=name).status_code == own
        assert _page(client, user, w.z2, name=name).status_code == other


def test_the_archive_lists_and_serves_a_readers_zones_only(client, w):
    mine = monthly_report_generate(zone=w.z1, month=w.items[1].decided_on)
    theirs = monthly_report_generate(zone=w.z2, month=w.items[1].decided_on)
    client.force_login(w.committee)
    listing = client.get(reverse("projects:monthly_reports")).content.decode()
    assert f'data-report="{mine.pk}"' in listing and f'data-report="{theirs.pk}"' not in listing
    assert "系统定时生成" in listing
    response = client.get(reverse("projects:monthly_report_file", args=[mine.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    assert client.get(reverse("projects:monthly_report_file", args=[theirs.pk])).status_code == 404
    client.force_login(w.s2.user)  # centre 2 serves zone 2
    assert client.get(reverse("projects:monthly_report_file", args=[theirs.pk])).status_code == 200
    assert client.get(reverse("projects:monthly_report_file", args=[mine.pk])).status_code == 404
    client.force_login(w.admin)
    listing = client.get(reverse("projects:monthly_reports")).content.decode()
    assert f'data-report="{mine.pk}"' in listing and f'data-report="{theirs.pk}"' in listing


def test_people_without_a_reading_role_are_refused(client, w):
    zoneless = UserFactory(roles=["zone_committee"], zone=None)
    for user in (ProxyAgentFactory().user, UserFactory(roles=["enterprise"]), UserFactory(roles=["editor"]), zoneless):
        client.force_login(user)
        assert client.get(reverse("projects:monthly_reports")).status_code == 403
        assert _page(client, user, w.z1).status_code == 403
    client.logout()
    assert client.get(reverse("projects:monthly_reports")).status_code == 302  # to sign in


def test_a_supervisor_regenerates_a_month_and_the_audit_trail_says_so(client, w, django_capture_on_commit_callbacks):
    client.force_login(w.s1.user)
    url = reverse("projects:monthly_report_regenerate")
    assert client.post(url, {"zone": w.z1.pk, "month": APRIL}).status_code == 302
    report = MonthlyReport.objects.get(zone=w.z1)
    first_file = report.pdf.name
    assert (report.month.isoformat(), report.generated_by, report.overdue_count) == ("2026-04-01", w.s1.user, 3)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"zone": w.z1.pk, "month": APRIL}, follow=True)
    assert "已生成" in response.content.decode()
    again = MonthlyReport.objects.get(zone=w.z1)
    assert again.pk == report.pk and again.generated_at > report.generated_at
    events = list(AuditEntry.objects.filter(subject_id=str(report.pk)).values_list("event", flat=True))
    assert sorted(events) == ["monthly_report.generated", "monthly_report.regenerated"]
    assert again.pdf.storage.exists(again.pdf.name)
    assert again.pdf.name != first_file and not again.pdf.storage.exists(first_file)  # the replaced file is gone
    assert client.post(url, {"zone": w.z2.pk, "month": APRIL}).status_code == 404  # not its centre's zone
    client.force_login(w.committee)
    assert client.post(url, {"zone": w.z1.pk, "month": APRIL}).status_code == 403  # committees read only


@pytest.mark.parametrize(
    ("zone", "month", "message"),
    [
        (None, "2026-13", "月份的格式为"),
        (None, "2026-04\x00", "空字符"),
        (None, "9" * 10_000, "不超过"),
        (None, "NaN", "月份的格式为"),
        (None, "", "必需字段"),
        (None, "1999-12", "不能早于"),
        (None, "2999-01", "不能晚于本月"),
        ("abc", APRIL, "整数"),
        ("NaN", APRIL, "整数"),
        ("9" * 40, APRIL, "小于或等于"),
        ("-1", APRIL, "大于或等于"),
    ],
)
def test_values_nobody_should_send_get_400_with_a_message(client, w, zone, month, message):
    client.force_login(w.admin)
    query = {"zone": w.z1.pk if zone is None else zone, "month": month}
    for name in ("projects:monthly_report", "projects:monthly_report_pdf"):
        response = client.get(reverse(name), query)
        assert response.status_code == 400, name
        assert message in response.content.decode(), response.content.decode()[:2000]
    response = client.post(reverse("projects:monthly_report_regenerate"), query)
    assert response.status_code == 400 and message in response.content.decode()
    assert not MonthlyReport.objects.exists()


def test_an_unknown_zone_is_404_and_a_list_page_number_never_fails(client, w):
    client.force_login(w.admin)
    assert client.get(reverse("projects:monthly_report"), {"zone": 987654, "month": APRIL}).status_code == 404
    for page in ("abc", "999", "\x00", "NaN"):
        assert client.get(reverse("projects:monthly_reports"), {"page": page}).status_code == 200


def test_the_dashboards_and_the_supervisors_home_link_to_the_reports(client, w):
    client.force_login(w.s1.user)
    for name in ("projects:supervisor_home", "projects:dashboard_centre"):
        assert reverse("projects:monthly_reports") in client.get(reverse(name)).content.decode(), name
    client.force_login(w.committee)
    assert reverse("projects:monthly_reports") in client.get(reverse("projects:dashboard_zone")).content.decode()
