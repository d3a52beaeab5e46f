"""Imports run in the background: a file too large to preview is stored with a
``SheetImport`` row and imported by a Celery task (``crm.imports.background``) as the
user who uploaded it, all or nothing; its progress is readable while it runs."""

import logging

from django.core.cache import cache
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from crm.imports.background import sheet_import_progress_key
from crm.imports.models import SheetImport, SheetImportState
from crm.imports.tasks import sheet_import_task
from crm.uploads import UploadValidator

log = logging.getLogger(__name__)


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
    try:
        sheet_import_task.delay(pk)
    except Exception as error:  # noqa: BLE001 (broker down: the import stays 排队中, shown as such)
        log.warning("sheet import %s not queued (%s)", pk, error)


def sheet_import_rows_done(record: SheetImport) -> int:
    """How many rows the import has checked: while it runs, the task's latest figure."""
    if record.state == SheetImportState.RUNNING:
        return min(cache.get(sheet_import_progress_key(record.pk), record.rows_done), record.rows_total)
    return record.rows_done
