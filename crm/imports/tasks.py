"""Background work of the sheet imports."""

from celery import shared_task


@shared_task(name="crm.tasks.sheet_import", acks_late=True)
def sheet_import_task(pk: int) -> str | None:
    """Import a stored sheet as the user who uploaded it (``crm.imports.services``)."""
    from crm.imports.admin import sheet_resource_for
    from crm.imports.services import sheet_import_run

    record = sheet_import_run(pk=pk, resource_for=sheet_resource_for)
    return record.state if record else None
