"""The monthly report's pages: who reads which zone's report (a committee its zone, a
supervisor its centre's, an administrator all; others 403; another zone 404), the page
and its PDF (Chinese text in embedded CJK fonts), the archive and its regeneration, and
values nobody should send (400 with a message, never 500)."""

import datetime as dt
import io
import re

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from crm.audit.models import AuditEntry
from projects.monthly_reports.models import MonthlyReport
from projects.monthly_reports.services import monthly_report_generate
from tests.factories import ProxyAgentFactory, ServiceCentreFactory, UserFactory, ZoneFactory
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
    return client.get(reverse(name, args=[zone.pk]), {"month": month})


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


MONTHS_NOBODY_SHOULD_SEND = [
    ("2026-13", "月份的格式为"),
    ("2026-04\x00", "空字符"),
    ("9" * 10_000, "不超过"),
    ("NaN", "月份的格式为"),
    ("", "必需字段"),
    ("1999-12", "不能早于"),
    ("2999-01", "不能晚于本月"),
]
ZONES_NOBODY_SHOULD_SEND = [
    ("abc", "整数"),
    ("NaN", "整数"),
    ("9" * 40, "小于或等于"),
    ("-1", "大于或等于"),
    ("", "必需字段"),
]


def _refused(response, message) -> bool:
    return response.status_code == 400 and message in response.content.decode()


@pytest.mark.parametrize(("month", "message"), MONTHS_NOBODY_SHOULD_SEND)
def test_a_month_nobody_should_send_gets_400_with_a_message(client, w, month, message):
    client.force_login(w.admin)
    for name in ("projects:monthly_report", "projects:monthly_report_pdf"):
        assert _refused(client.get(reverse(name, args=[w.z1.pk]), {"month": month}), message), name
    query = {"zone": w.z1.pk, "month": month}
    assert _refused(client.get(reverse("projects:monthly_report_choose"), query), message)
    assert _refused(client.post(reverse("projects:monthly_report_regenerate"), query), message)
    assert not MonthlyReport.objects.exists()


@pytest.mark.parametrize(("zone", "message"), ZONES_NOBODY_SHOULD_SEND)
def test_a_zone_nobody_should_send_gets_400_with_a_message(client, w, zone, message):
    client.force_login(w.admin)
    query = {"zone": zone, "month": APRIL}
    assert _refused(client.get(reverse("projects:monthly_report_choose"), query), message)
    assert _refused(client.post(reverse("projects:monthly_report_regenerate"), query), message)
    assert not MonthlyReport.objects.exists()


def test_choosing_a_zone_and_month_leads_to_its_report(client, w):
    client.force_login(w.committee)
    response = client.get(reverse("projects:monthly_report_choose"), {"zone": w.z1.pk, "month": APRIL})
    assert response.status_code == 302
    assert response["Location"] == reverse("projects:monthly_report", args=[w.z1.pk]) + "?month=2026-04"
    other = client.get(reverse("projects:monthly_report_choose"), {"zone": w.z2.pk, "month": APRIL})
    assert other.status_code == 404


def test_an_unknown_zone_is_404_and_a_list_page_number_never_fails(client, w):
    client.force_login(w.admin)
    assert client.get(reverse("projects:monthly_report", args=[987654]), {"month": APRIL}).status_code == 404
    for page in ("abc", "999", "\x00", "NaN"):
        assert client.get(reverse("projects:monthly_reports"), {"page": page}).status_code == 200


def test_the_dashboards_and_the_supervisors_home_link_to_the_reports(client, w):
    client.force_login(w.s1.user)
    for name in ("projects:supervisor_home", "projects:dashboard_centre"):
        assert reverse("projects:monthly_reports") in client.get(reverse(name)).content.decode(), name
    client.force_login(w.committee)
    assert reverse("projects:monthly_reports") in client.get(reverse("projects:dashboard_zone")).content.decode()


def _this_month() -> str:
    return f"{timezone.localdate():%Y-%m}"


def test_the_month_not_yet_over_is_a_draft_never_archived(client, w):
    """The current month's page is a draft saying so (its figures as of today); no
    button archives it, and a post asking to is refused beside the month, the form kept."""
    client.force_login(w.admin)
    page = client.get(reverse("projects:monthly_report", args=[w.z1.pk]), {"month": _this_month()}).content.decode()
    today = timezone.localdate()
    assert f"{today.year}年{today.month}月尚未结束，数字截至{today:%Y-%m-%d}，不可归档" in page
    assert 'data-testid="report-archive"' not in page
    response = client.post(reverse("projects:monthly_report_regenerate"), {"zone": w.z1.pk, "month": _this_month()})
    body = response.content.decode()
    assert response.status_code == 400 and "只能生成并归档已结束月份的通报" in body
    assert 'data-testid="generate-month-error"' in body and f'value="{_this_month()}"' in body
    assert not MonthlyReport.objects.exists()
    april = client.get(reverse("projects:monthly_report", args=[w.z1.pk]), {"month": APRIL}).content.decode()
    assert "不可归档" not in april and 'data-testid="report-archive"' in april


def test_the_report_names_its_month_never_this_month(client, w):
    response = _page(client, w.s1.user, w.z1)
    page = response.content.decode()
    assert "生成并归档2026年4月通报" in page and "2026年4月各审批部门共办结办件" in page
    assert "本月" not in page


def test_a_supervisor_regenerates_only_the_reports_its_own_centre_issues(client, w):
    """Centre 1's supervisor neither reads nor replaces the report of a zone inside its
    own that another centre issues (it lists that centre's projects, cases and agents);
    an administrator may."""
    inner = ZoneFactory(name="看板一区高新片", parent=w.z1)
    ServiceCentreFactory(name="看板高新片中心", zone=inner)
    url = reverse("projects:monthly_report_regenerate")

    assert _page(client, w.s1.user, inner).status_code == 404
    listing = client.get(reverse("projects:monthly_reports")).content.decode()
    offered = listing[listing.index('data-testid="report-generate"') :]
    assert f'value="{w.z1.pk}"' in offered and f'value="{inner.pk}"' not in listing
    assert client.post(url, {"zone": inner.pk, "month": APRIL}).status_code == 404  # not its to know of
    assert not MonthlyReport.objects.exists()
    assert client.post(url, {"zone": w.z1.pk, "month": APRIL}).status_code == 302  # its own

    client.force_login(w.admin)
    assert client.post(url, {"zone": inner.pk, "month": APRIL}).status_code == 302
    assert MonthlyReport.objects.filter(zone=inner, generated_by=w.admin).exists()


def test_a_refused_choice_shows_the_list_again_with_the_choice_and_its_message(client, w):
    first = ZoneFactory(name="看板一区甲片", parent=w.z1, division_code="100000")  # listed before zone 1
    client.force_login(w.s1.user)
    listing = client.get(reverse("projects:monthly_reports")).content.decode()
    assert listing.count(f'<option value="{w.z1.pk}" selected>') == 2  # both forms start at its own zone
    assert f'<option value="{first.pk}" selected>' not in listing

    response = client.get(reverse("projects:monthly_report_choose"), {"zone": first.pk, "month": "2027-01"})
    body = response.content.decode()
    assert response.status_code == 400 and 'data-testid="report-choose"' in body
    assert 'value="2027-01"' in body and f'<option value="{first.pk}" selected>' in body
    assert re.search(r'data-testid="choose-month-error">月份不能晚于本月<', body)

    response = client.get(reverse("projects:monthly_report", args=[w.z1.pk]), {"month": "2026-13"})
    assert response.status_code == 400 and 'value="2026-13"' in response.content.decode()
    response = client.get(reverse("projects:monthly_report_choose"), {"zone": "\x00" * 3, "month": "x\x00"})
    assert response.status_code == 400 and "\x00" not in response.content.decode()


def test_the_admin_page_offers_the_file_by_its_title_not_its_stored_path(client, w):
    report = monthly_report_generate(zone=w.z1, month=dt.date(2026, 4, 1))
    w.admin.is_staff = True
    w.admin.save(update_fields=["is_staff"])
    client.force_login(w.admin)
    response = client.get(reverse("admin:projects_monthlyreport_change", args=[report.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    link = reverse("projects:monthly_report_file", args=[report.pk])
    assert f'<a href="{link}">看板一区 2026年4月 超时办件通报.pdf</a>' in page
    assert report.pdf.name not in page and "monthly_reports/" not in page


def test_a_zone_written_in_other_digits_is_refused_never_a_500(client, w):
    client.force_login(w.s1.user)
    for zone in ("²", "٣", "１２"):  # digits to str.isdigit(), not to int()
        response = client.get(reverse("projects:monthly_report_choose"), {"zone": zone, "month": "2026-04"})
        assert response.status_code in (400, 404), zone  # refused, or read as a zone number not found
