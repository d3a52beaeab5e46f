"""A large sheet imported by a real Celery worker (Redis broker, the test database):
the good file's rows are written and audited, the bad file's nothing, and the user is
told through the outbox either way."""

import time

import pytest

from crm.audit.models import AuditEntry
from crm.models import Notification, NotificationKind, SheetImport, SheetImportState
from projects.models import Enterprise
from tests.crm.imports.test_background import enterprise_rows, upload
from tests.factories import ZoneFactory
from tests.sheets import xlsx

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _finished(pk: int, seconds: float = 90) -> SheetImport:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        record = SheetImport.objects.get(pk=pk)
        if not record.is_open:
            return record
        time.sleep(0.3)
    raise AssertionError(f"import {pk} still {record.state}")


def test_a_worker_imports_a_good_file_and_refuses_a_bad_one(
    celery_worker_process, admin_client, admin_user, monkeypatch
):
    monkeypatch.setattr("crm.imports.admin.ADMIN_MAX_ROWS", 100)
    ZoneFactory(name="盐城高新区")
    assert upload(admin_client, xlsx(enterprise_rows(300))).status_code == 302
    good = _finished(SheetImport.objects.latest("pk").pk)
    assert (good.state, good.created, good.rows_done, good.rows_total) == (SheetImportState.DONE, 300, 300, 300)
    assert Enterprise.objects.count() == 300
    assert AuditEntry.objects.filter(event="enterprise.registered", actor=admin_user).count() == 300

    rows = enterprise_rows(400)
    rows[400][2] = "火星开发区"  # the last row
    assert upload(admin_client, xlsx(rows)).status_code == 302
    bad = _finished(SheetImport.objects.latest("pk").pk)
    assert bad.state == SheetImportState.REFUSED
    assert bad.problems == [[401, "所在区域", "找不到园区/区域“火星开发区”"]]
    assert Enterprise.objects.count() == 300  # rows 302-400 were new: none written
    titles = set(
        Notification.objects.filter(recipient=admin_user, kind=NotificationKind.IMPORT).values_list("title", flat=True)
    )
    assert titles == {"企业导入完成：新增300条，更新0条，无变化0条", "企业未导入：文件有1处问题"}
