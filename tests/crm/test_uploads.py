"""Uploads (crm/uploads.py): what every file field accepts, where it is stored, and how
it is served."""

import datetime as dt
import io
import re
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import modelform_factory
from django.utils import timezone

from crm.uploads import detect_kind
from projects.cases.services import case_authorise
from projects.models import ApprovalItem, EnterpriseMaterial, Material, MaterialRequirement, ProxyAuthorisation
from regional_assessments.reports.models import ZoneReport
from tests.factories import ApprovalItemFactory, ZoneReportFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 120


def zipped(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


OFD = zipped("OFD.xml", "Doc_0/Document.xml")
DOCX = zipped("[Content_Types].xml", "word/document.xml")
XLSX = zipped("[Content_Types].xml", "xl/workbook.xml")

# (name it comes with, content): refused everywhere, whatever the name says
HOSTILE = {
    "page.html": HTML,
    "drawing.svg": SVG,
    "setup.exe": EXE,
    "scan.pdf": HTML,  # HTML named .pdf
    "image.png": SVG,
}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (PDF, "pdf"),
        (PNG, "png"),
        (JPEG, "jpeg"),
        (OFD, "ofd"),
        (DOCX, "docx"),
        (XLSX, "xlsx"),
        (zipped("a.txt"), None),
        (HTML, None),
        (SVG, None),
        (EXE, None),
        (b"", None),
    ],
)
def test_the_kind_is_read_from_the_content(content, code):
    kind = detect_kind(ContentFile(content))
    assert (kind.code if kind else None) == code


# --- every upload path refuses what is not on its list ----------------------------------------


def authorise(client, case, name, content):
    return client.post(
        f"/projects/cases/{case.pk}/authorisation/",
        {
            "signed_on": "2026-03-02",
            "signatory": "王总",
            "scope": "代办",
            "document": SimpleUploadedFile(name, content, content_type="application/pdf"),
        },
        follow=True,
    )


@pytest.mark.parametrize(("name", "content"), HOSTILE.items())
def test_the_authorisation_page_refuses_what_is_not_a_scan(client, world, own_case, name, content):
    client.force_login(world.users["agent1"])
    page = authorise(client, own_case, name, content).content.decode()
    assert "只接受 PDF、JPEG、PNG、OFD 文件" in page
    assert not ProxyAuthorisation.objects.filter(case=own_case).exists()


def test_an_oversized_scan_is_refused_with_the_limit(client, world, own_case, settings):
    settings.CRM_UPLOAD_MAX_BYTES = 1024 * 1024
    client.force_login(world.users["agent1"])
    page = authorise(client, own_case, "big.pdf", PDF + b"0" * (1024 * 1024)).content.decode()
    assert "文件不能超过 1 MB" in page
    assert not ProxyAuthorisation.objects.filter(case=own_case).exists()


ADMIN_FIELDS = [(EnterpriseMaterial, "file"), (MaterialRequirement, "form_template"), (ZoneReport, "file")]


@pytest.mark.parametrize(("model", "field"), ADMIN_FIELDS)
@pytest.mark.parametrize(("name", "content"), HOSTILE.items())
def test_every_model_form_refuses_hostile_files(model, field, name, content):
    """Admin forms (and any ModelForm) take the model field's validator."""
    form = modelform_factory(model, fields=[field])({}, {field: SimpleUploadedFile(name, content)})
    assert not form.is_valid()
    assert form.errors[field][0].startswith("只接受")


def test_form_templates_may_also_be_word_or_excel():
    form = modelform_factory(MaterialRequirement, fields=["form_template"])
    assert form({}, {"form_template": SimpleUploadedFile("表.docx", DOCX)}).is_valid()
    assert form({}, {"form_template": SimpleUploadedFile("表.xlsx", XLSX)}).is_valid()
    scan = modelform_factory(ZoneReport, fields=["file"])
    assert "file" in scan({}, {"file": SimpleUploadedFile("表.docx", DOCX)}).errors


@pytest.mark.parametrize(("name", "content"), HOSTILE.items())
def test_the_material_library_admin_refuses_hostile_files(client, world, name, content):
    client.force_login(world.users["admin"])
    material = Material.objects.create(name="营业执照副本")
    response = client.post(
        "/admin/projects/enterprisematerial/add/",
        {
            "enterprise": world.own_project.enterprise.pk,
            "material": material.pk,
            "received_on": timezone.localdate().isoformat(),
            "note": "",
            "file": SimpleUploadedFile(name, content),
        },
    )
    assert response.status_code == 200 and "只接受 PDF、JPEG、PNG、OFD 文件" in response.content.decode()
    assert not EnterpriseMaterial.objects.exists()


@pytest.mark.parametrize(("name", "content"), HOSTILE.items())
def test_wagtail_documents_and_images_refuse_hostile_files(world, name, content):
    from wagtail.documents import get_document_model
    from wagtail.documents.forms import get_document_form
    from wagtail.images import get_image_model
    from wagtail.images.forms import get_image_form

    user = world.users["admin"]
    document_form = get_document_form(get_document_model())(
        {"title": "x"}, {"file": SimpleUploadedFile(name, content)}, user=user
    )
    assert not document_form.is_valid()
    image_form = get_image_form(get_image_model())(
        {"title": "x"}, {"file": SimpleUploadedFile(name, content)}, user=user
    )
    assert not image_form.is_valid()


def test_a_wagtail_document_named_pdf_must_be_a_pdf(world):
    from wagtail.documents import get_document_model
    from wagtail.documents.forms import get_document_form

    form_class = get_document_form(get_document_model())
    user = world.users["admin"]
    assert form_class({"title": "x"}, {"file": SimpleUploadedFile("a.pdf", PDF)}, user=user).is_valid()
    refused = form_class({"title": "x"}, {"file": SimpleUploadedFile("a.pdf", HTML)}, user=user)
    assert not refused.is_valid() and "只接受" in refused.errors["file"][0]


# --- stored under a random name, served only through the guarded view ---------------------------


def test_an_accepted_scan_is_stored_under_a_random_name_and_served_inline(client, world, own_case, settings):
    client.force_login(world.users["agent1"])
    page = authorise(client, own_case, "委托书 2026.pdf", PDF).content.decode()
    authorisation = ProxyAuthorisation.objects.get(case=own_case)
    assert re.fullmatch(r"private/authorisations/[0-9a-f]{32}\.pdf", authorisation.document.name)
    assert authorisation.document_name == "委托书 2026.pdf" and "委托书 2026.pdf" in page

    client.force_login(world.users["supervisor"])
    response = client.get(f"/projects/cases/{own_case.pk}/authorisation/document/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline") and "2026.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"

    assert client.get(f"/media/{authorisation.document.name}").status_code == 404
    client.force_login(world.users["agent2"])
    assert client.get(f"/projects/cases/{own_case.pk}/authorisation/document/").status_code == 404


def test_an_ofd_is_a_download_with_its_detected_type(client, world, own_case):
    client.force_login(world.users["agent1"])
    authorise(client, own_case, "委托书.ofd", OFD)
    response = client.get(f"/projects/cases/{own_case.pk}/authorisation/document/")
    assert response["Content-Type"] == "application/ofd"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def plant(instance, field: str, name: str, content: bytes, settings) -> None:
    """A file that reached storage without validation (an old row, a restore, a bug)."""
    path = settings.MEDIA_ROOT / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    type(instance).objects.filter(pk=instance.pk).update(**{field: name})


@pytest.mark.parametrize(
    ("name", "content"), [("private/authorisations/x.html", HTML), ("private/authorisations/x.pdf", SVG)]
)
def test_a_planted_html_or_svg_is_never_served_as_a_page(client, world, own_case, settings, name, content):
    case_authorise(
        case=own_case, signed_on=dt.date(2026, 3, 2), signatory="王总", scope="代办", by=world.users["agent1"]
    )
    plant(own_case.authorisation, "document", name, content, settings)
    client.force_login(world.users["supervisor"])
    response = client.get(f"/projects/cases/{own_case.pk}/authorisation/document/")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_a_zone_report_keeps_its_original_name(client, world, settings):
    report = ZoneReportFactory(zone=world.own_project.zone, title="报告", valid_from=dt.date(2024, 1, 1))
    report.file.save("区域评估报告.pdf", ContentFile(PDF))
    report.refresh_from_db()
    assert report.file_name == "区域评估报告.pdf" and re.fullmatch(
        r"private/zone_reports/[0-9a-f]{32}\.pdf", report.file.name
    )
    client.force_login(world.users["zone_a"])
    response = client.get(f"/zone/reports/{report.pk}/file/")
    assert "filename*=utf-8''%E5%8C%BA" in response["Content-Disposition"]
    assert client.get(f"/zone/reports/{report.pk}/").content.decode().count("区域评估报告.pdf") == 1


def test_form_templates_are_public_through_the_safe_view_and_old_links_still_work(client, world, settings):
    item = ApprovalItemFactory(code="T-1")
    requirement = MaterialRequirement.objects.create(item=item, material=Material.objects.create(name="申请表"))
    plant(requirement, "form_template", "forms/申请表.docx", DOCX, settings)
    requirement.refresh_from_db()
    assert requirement.form_template.url == f"/projects/forms/{requirement.pk}/"
    response = client.get(requirement.form_template.url)
    assert response["Content-Type"] == DOCX_MIME and response["Content-Disposition"].startswith("attachment")
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    legacy = client.get("/media/forms/申请表.docx", follow=True)  # a link in a notice issued before
    assert b"".join(legacy.streaming_content) == DOCX and legacy["X-Content-Type-Options"] == "nosniff"
    assert client.get("/media/forms/none.docx", follow=True).status_code == 404
    assert client.get("/media/forms/a%00b.docx", follow=True).status_code == 404  # a NUL byte: no 500


DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_material_library_files_are_served_to_admin_users_only(client, world, settings):
    material = Material.objects.create(name="营业执照副本")
    held = EnterpriseMaterial.objects.create(
        enterprise=world.own_project.enterprise,
        material=material,
        received_on=timezone.localdate(),
        recorded_by=world.users["admin"],
        file=SimpleUploadedFile("执照.png", PNG),
    )
    assert held.file_name == "执照.png" and held.file.url == f"/admin/projects/enterprisematerial/{held.pk}/file/"
    client.force_login(world.users["admin"])
    response = client.get(held.file.url)
    assert response["Content-Type"] == "image/png" and response["Content-Disposition"].startswith("inline")
    client.force_login(world.users["agent1"])
    assert client.get(held.file.url).status_code in (302, 403)


def test_wagtail_documents_go_out_through_the_safe_response(client, world):
    from wagtail.documents import get_document_model

    document = get_document_model().objects.create(title="指南", file=ContentFile(PDF, name="guide.pdf"))
    response = client.get(document.url)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_migration_keeps_existing_names(world, settings):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("projects.migrations.0013_upload_original_names")
    case_item = ApprovalItem.objects.first() or ApprovalItemFactory(code="M-1")
    requirement = MaterialRequirement.objects.create(item=case_item, material=Material.objects.create(name="表"))
    MaterialRequirement.objects.filter(pk=requirement.pk).update(
        form_template="forms/旧模板.docx", form_template_name=""
    )
    migration.original_names_backfill(apps, None)
    requirement.refresh_from_db()
    assert requirement.form_template_name == "旧模板.docx"


@pytest.mark.parametrize(("name", "content"), [("report.pdf", HTML), ("report.svg", SVG)])
def test_the_zone_report_admin_refuses_hostile_files(client, world, name, content):
    from regional_assessments.reports.models import AssessmentType

    client.force_login(world.users["admin"])
    response = client.post(
        "/admin/regional_assessments/zonereport/add/",
        {
            "zone": world.own_project.zone.pk,
            "title": "报告",
            "assessment_types": [AssessmentType.objects.first().pk],
            "issuing_body": "管委会",
            "valid_from": "2024-01-01",
            "file": SimpleUploadedFile(name, content),
        },
    )
    assert response.status_code == 200 and "只接受 PDF、JPEG、PNG、OFD 文件" in response.content.decode()
    assert not ZoneReport.objects.exists()


def test_a_row_whose_file_is_gone_is_a_404(client, world, own_case):
    case_authorise(
        case=own_case, signed_on=dt.date(2026, 3, 2), signatory="王总", scope="代办", by=world.users["agent1"]
    )
    ProxyAuthorisation.objects.filter(case=own_case).update(document="private/authorisations/gone.pdf")
    client.force_login(world.users["agent1"])
    assert client.get(f"/projects/cases/{own_case.pk}/authorisation/document/").status_code == 404
