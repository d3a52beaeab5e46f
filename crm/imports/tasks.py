"""Background work of the sheet imports."""

from celery import shared_task

from crm.imports.background import sheet_import_run


@shared_task(name="crm.tasks.sheet_import", acks_late=True)
def sheet_import_task(pk: int) -> str | None:
    """Import a stored sheet as the user who uploaded it (``crm.imports.background``)."""
    record = sheet_import_run(pk=pk)
    return record.state if record else None
