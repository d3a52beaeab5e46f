"""Large sheets imported in the background: the admin stores a file above its preview
limit and sends the user to the import's page; the task imports it as that user (their
permission and scope), all or nothing, its progress readable while it runs; the page
shows the counts or every problem; the user is notified; nobody else sees it."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from crm.accounts.roles import Role
from crm.audit.models import AuditEntry
from crm.imports.background import sheet_import_progress_key, sheet_import_run, sheet_resource_for
from crm.imports.services import sheet_import_rows_done
from crm.models import Notification, NotificationKind, SheetImport, SheetImportState
from projects.models import Enterprise
from tests.factories import UserFactory, ZoneFactory, credit_code
from tests.sheets import csv_bytes, xlsx

pytestmark = pytest.mark.django_db

IMPORT = "/admin/projects/enterprise/import/"
HEADERS = ["统一社会信用代码", "企业名称", "所在区域", "所属行业"]


def enterprise_rows(count: int, zone: str = "盐城高新区") -> list[list]:
    return [HEADERS, *([credit_code(n), f"企业{n}", zone, "制造业"] for n in range(1, count + 1))]


@pytest.fixture
def zone():
    return ZoneFactory(name="盐城高新区")


@pytest.fixture
def small_preview(monkeypatch):
    """Files above 3 rows go to the background (the limit is 1,000 rows)."""
    monkeypatch.setattr("crm.imports.admin.ADMIN_MAX_ROWS", 3)


def upload(client, content: bytes, name: str = "企业.xlsx", file_format: str = "0"):
    return client.post(IMPORT, {"format": file_format, "import_file": SimpleUploadedFile(name, content)})


def queued(client, content: bytes, **kwargs) -> SheetImport:
    response = upload(client, content, **kwargs)
    record = SheetImport.objects.latest("pk")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/crm/sheetimport/{record.pk}/change/"
    return record


def run(record: SheetImport) -> SheetImport:
    """What the worker runs (the worker itself: test_background_worker.py)."""
    return sheet_import_run(pk=record.pk, resource_for=sheet_resource_for)


def test_the_import_page_says_which_files_go_to_the_background(admin_client):
    page = admin_client.get(IMPORT).content.decode()
    assert "不超过1,000行的文件先预览再确认；更大的文件（最多10,000行）转入后台导入" in page
    assert 'href="/admin/crm/sheetimport/"' in page


def test_a_small_file_is_still_previewed(admin_client, zone):
    response = upload(admin_client, xlsx(enterprise_rows(3)))
    assert response.status_code == 200 and response.context["confirm_form"] is not None
    assert not SheetImport.objects.exists()


def test_a_large_file_is_stored_queued_and_imported_as_its_user(admin_client, admin_user, zone, small_preview):
    record = queued(admin_client, xlsx(enterprise_rows(5)))
    assert (record.state, record.rows_total, record.by, record.kind) == ("queued", 5, admin_user, "enterprises")
    assert record.file_name == "企业.xlsx" and record.file.name.endswith(".xlsx")
    assert "排队中" in admin_client.get(f"/admin/crm/sheetimport/{record.pk}/change/").content.decode()

    record = run(record)
    assert (record.state, record.created, record.updated, record.unchanged) == ("done", 5, 0, 0)
    assert record.started_at <= record.finished_at and record.rows_done == 5
    assert Enterprise.objects.count() == 5
    assert AuditEntry.objects.filter(event="enterprise.registered", actor=admin_user).count() == 5
    note = Notification.objects.get(recipient=admin_user, kind=NotificationKind.IMPORT)
    assert note.title == "企业导入完成：新增5条，更新0条，无变化0条"
    assert note.url == f"/admin/crm/sheetimport/{record.pk}/change/"
    page = admin_client.get(note.url).content.decode()
    assert "导入完成" in page and "新增 5 条" in page and "http-equiv" not in page
    assert run(record).finished_at == record.finished_at  # a finished import is not run again

    again = run(queued(admin_client, xlsx(enterprise_rows(5))))  # idempotent on the credit code
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)


def test_a_bad_file_writes_nothing_and_its_page_lists_every_problem(admin_client, zone, small_preview):
    rows = enterprise_rows(6)
    rows[2][2] = "火星开发区"
    rows[6][3] = "造船"
    record = run(queued(admin_client, csv_bytes(rows), name="企业.csv", file_format="1"))
    assert record.state == SheetImportState.REFUSED
    assert record.problems == [
        [3, "所在区域", "找不到园区/区域“火星开发区”"],
        [7, "所属行业", record.problems[1][2]],
    ]
    assert record.problems[1][2].startswith("“造船”不是可选值")
    assert Enterprise.objects.count() == 0
    page = admin_client.get(f"/admin/crm/sheetimport/{record.pk}/change/").content.decode()
    assert "文件有 2 处问题，未导入任何数据" in page
    assert "第3行 «所在区域»：找不到园区/区域“火星开发区”" in page
    assert Notification.objects.get(kind=NotificationKind.IMPORT).title == "企业未导入：文件有2处问题"


def test_a_file_above_the_limit_is_refused_whole(admin_client, zone, small_preview, monkeypatch):
    monkeypatch.setattr("crm.imports.background.MAX_ROWS", 4)
    record = run(queued(admin_client, xlsx(enterprise_rows(5))))
    assert record.problems == [[None, "", "文件有5行，一次最多导入4行，请分批导入"]]
    assert Enterprise.objects.count() == 0


def test_the_progress_moves_while_the_import_runs(admin_client, zone, small_preview, monkeypatch):
    record = queued(admin_client, xlsx(enterprise_rows(250)))
    seen = []

    def resource_for(kind, user, progress):
        def watched(done):
            progress(done)
            record.refresh_from_db()
            seen.append((record.state, sheet_import_rows_done(record), admin_client.get(progress_url).json()))

        return sheet_resource_for(kind, user, watched)

    progress_url = f"/admin/crm/sheetimport/{record.pk}/progress/"
    assert admin_client.get(progress_url).json()["rows_done"] == 0
    sheet_import_run(pk=record.pk, resource_for=resource_for)
    assert [(state, done) for state, done, _figures in seen] == [("running", 100), ("running", 200)]
    assert [figures["percent"] for *_rest, figures in seen] == [40, 80]
    assert seen[0][2]["state_label"] == "导入中"
    assert admin_client.get(progress_url).json() == {
        "state": "done",
        "state_label": "已完成",
        "rows_done": 250,
        "rows_total": 250,
        "percent": 100,
        "created": 250,
        "updated": 0,
        "unchanged": 0,
        "problems": 0,
    }
    assert cache.get(sheet_import_progress_key(record.pk)) is None


def test_a_running_import_s_page_reloads_itself(admin_client, zone, small_preview):
    record = queued(admin_client, xlsx(enterprise_rows(5)))
    SheetImport.objects.filter(pk=record.pk).update(state=SheetImportState.RUNNING)
    cache.set(sheet_import_progress_key(record.pk), 3)
    page = admin_client.get(f"/admin/crm/sheetimport/{record.pk}/change/").content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page
    assert 'value="3"' in page and "已检查 3 / 5 行（60%）" in page and "立即刷新" in page


def test_an_importer_who_lost_the_permission_imports_nothing(admin_client, zone, small_preview):
    record = queued(admin_client, xlsx(enterprise_rows(5)))
    supervisor = UserFactory(roles=[Role.SUPERVISOR], is_staff=True)
    SheetImport.objects.filter(pk=record.pk).update(by=supervisor)
    record = run(record)
    assert record.problems == [[None, "", "您已没有导入该类数据的权限，请联系管理员"]]
    assert Enterprise.objects.count() == 0


def test_the_worker_s_scope_is_the_admin_s(admin_user):
    supervisor = UserFactory(roles=[Role.SUPERVISOR], is_staff=True)
    assert sheet_resource_for("enterprises", supervisor) is None
    resource = sheet_resource_for("projects", admin_user)
    assert resource.by == admin_user and resource.max_rows == 10_000
    assert resource.rows_for is not None and resource.may_change is not None
    assert sheet_resource_for("zones", None).by is None  # the system: every row


def test_someone_else_s_import_is_not_found(admin_client, client, zone, small_preview):
    record = queued(admin_client, xlsx(enterprise_rows(5)))
    other = UserFactory(username="other", roles=[Role.SUPERVISOR], is_staff=True)
    client.force_login(other)
    assert client.get(f"/admin/crm/sheetimport/{record.pk}/change/").status_code == 404
    assert client.get(f"/admin/crm/sheetimport/{record.pk}/progress/").status_code == 404
    listing = client.get("/admin/crm/sheetimport/")
    assert listing.status_code == 200 and "企业.xlsx" not in listing.content.decode()
    assert "企业.xlsx" in admin_client.get("/admin/crm/sheetimport/").content.decode()


@pytest.mark.parametrize("object_id", ["abc", "1%00", "9" * 40, "-1", "１", "1.0", "0"])
def test_hostile_addresses_are_not_found(admin_client, object_id):
    for suffix in ("change/", "progress/"):
        assert admin_client.get(f"/admin/crm/sheetimport/{object_id}/{suffix}").status_code == 404


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("企业.xlsx", b"\x00" * 64),
        ("企业.csv", b"\xff\xfe\x00bad"),
        ("企业.xlsx", b"x" * 10_000),
        ("企业.csv", "，".join(["很长"] * 5000).encode()),
    ],
)
def test_hostile_uploads_get_a_sentence_not_an_error(admin_client, zone, small_preview, name, content):
    response = upload(admin_client, content, name=name, file_format="1" if name.endswith("csv") else "0")
    assert response.status_code == 200
    assert not SheetImport.objects.exists() and Enterprise.objects.count() == 0


def test_an_unknown_format_choice_is_refused(admin_client, zone, small_preview):
    response = upload(admin_client, xlsx(enterprise_rows(5)), file_format="9")
    assert response.status_code == 200 and not SheetImport.objects.exists()


def test_the_command_queues_a_file_for_the_worker(tmp_path, zone, django_capture_on_commit_callbacks):
    from tests.sheets import run_command

    with django_capture_on_commit_callbacks() as callbacks:
        out, err, status = run_command(tmp_path, "enterprises", xlsx(enterprise_rows(5)), "企业.xlsx", "--background")
    record = SheetImport.objects.get()
    assert (status, err, len(callbacks)) == (0, "", 1)
    assert f"已转入后台导入（5行），进度见：/admin/crm/sheetimport/{record.pk}/change/" in out
    assert (record.by, record.kind_label, record.file_name) == (None, "企业", "企业.xlsx")
    record = run(record)
    assert (record.state, record.created) == ("done", 5)
    assert AuditEntry.objects.filter(event="enterprise.registered", actor=None).count() == 5
    assert not Notification.objects.exists()  # nobody to tell: administrators see it among the imports

    out, err, status = run_command(tmp_path, "enterprises", b"\x00" * 50, "企业.csv", "--background")
    assert status == 1 and SheetImport.objects.count() == 1
