"""Imports run in the background: a file too large to preview is stored with a
``SheetImport`` row and imported by a Celery task as the user who uploaded it (their
scope, their audit entries), all or nothing, its progress readable while it runs and
its outcome sent to the user through the outbox."""

import logging

from django.core.cache import cache
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from crm.imports.formats import SheetError, dataset_from_file
from crm.imports.models import SheetImport, SheetImportState
from crm.imports.resources import SheetProblem, SheetResource
from crm.models import NotificationKind
from crm.notifications.services import notify
from crm.uploads import UploadValidator

log = logging.getLogger(__name__)

# The task's progress is read from the cache while the import's one transaction is
# open (its rows are not visible until it commits); the row keeps the final figures.
PROGRESS_TIMEOUT_SECONDS = 3600


def sheet_import_progress_key(pk: int) -> str:
    return f"sheet-import:{pk}:done"


def sheet_import_queue(*, kind: str, kind_label: str, upload: UploadedFile, rows_total: int, by) -> SheetImport:
    """Store ``upload`` (an ``.xlsx`` or ``.csv`` within the upload limit, checked by its
    content) and have it imported in the background after commit."""
    UploadValidator(SheetImport._meta.get_field("file").kinds)(upload)
    with transaction.atomic():
        record = SheetImport(by=by, kind=kind, kind_label=kind_label[:100], rows_total=rows_total)
        record.file.save(upload.name, upload, save=False)
        record.save()
        transaction.on_commit(lambda: _enqueue(record.pk))
    return record


def _enqueue(pk: int) -> None:
    from crm.imports.tasks import sheet_import_task

    try:
        sheet_import_task.delay(pk)
    except Exception as error:  # noqa: BLE001 (broker down: the import stays 排队中, shown as such)
        log.warning("sheet import %s not queued (%s)", pk, error)


def sheet_import_rows_done(record: SheetImport) -> int:
    """How many rows the import has checked: while it runs, the task's latest figure."""
    if record.state == SheetImportState.RUNNING:
        return min(cache.get(sheet_import_progress_key(record.pk), record.rows_done), record.rows_total)
    return record.rows_done


def sheet_import_run(*, pk: int, resource_for) -> SheetImport | None:
    """Import the stored file of import ``pk`` (once: a finished import is left alone;
    one interrupted while running, whose transaction was rolled back, runs again).
    ``resource_for(kind, user, progress)``: the resource the user's admin would import
    with (their scope), None if they may no longer import that kind."""
    with transaction.atomic():
        record = SheetImport.objects.select_for_update(of=("self",)).filter(pk=pk).select_related("by").first()
        if record is None or not record.is_open:
            return record
        record.state, record.started_at = SheetImportState.RUNNING, timezone.now()
        record.save(update_fields=["state", "started_at"])
    key = sheet_import_progress_key(pk)
    resource: SheetResource | None = resource_for(
        record.kind, record.by, lambda done: cache.set(key, done, PROGRESS_TIMEOUT_SECONDS)
    )
    result = None
    if resource is None:
        problems = [SheetProblem(None, "", _("您已没有导入该类数据的权限，请联系管理员"))]
    else:
        try:
            with record.file.open("rb") as file:
                dataset = dataset_from_file(record.file.name, file.read())
        except SheetError as error:
            problems = [SheetProblem(None, "", str(error))]
        except OSError:
            problems = [SheetProblem(None, "", _("上传的文件已不存在，请重新上传"))]
        else:
            record.rows_total = len(dataset)
            result = resource.import_data(dataset)
            problems = result.sheet_problems
    return _finish(record, result, problems)


def _finish(record: SheetImport, result, problems: list[SheetProblem]) -> SheetImport:
    """Record the outcome and tell the importer, in one transaction."""
    record.finished_at = timezone.now()
    record.problems = [[p.row, p.column, p.reason] for p in problems]
    if problems:
        record.state = SheetImportState.REFUSED
        title = _("%(kind)s未导入：文件有%(count)s处问题") % {"kind": record.kind_label, "count": len(problems)}
        body = "\n".join(str(p) for p in problems[:5])
    else:
        totals = result.totals
        record.state = SheetImportState.DONE
        record.rows_done = record.rows_total
        record.created, record.updated, record.unchanged = totals["new"], totals["update"], totals["skip"]
        title = _("%(kind)s导入完成：新增%(new)s条，更新%(update)s条，无变化%(skip)s条") % {
            "kind": record.kind_label,
            "new": f"{record.created:,}",
            "update": f"{record.updated:,}",
            "skip": f"{record.unchanged:,}",
        }
        body = record.file_name
    with transaction.atomic():
        record.save()
        if record.by_id:
            notify(
                key=f"sheet-import:{record.pk}",
                recipient_id=record.by_id,
                kind=NotificationKind.IMPORT,
                title=title,
                body=body,
                url=reverse("admin:crm_sheetimport_change", args=[record.pk]),
            )
    cache.delete(sheet_import_progress_key(record.pk))
    return record
