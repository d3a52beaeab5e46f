"""What the background import does (``crm.imports.tasks``): import a stored sheet as
the user who uploaded it, with the scope their admin page gives them (rows they may
see and change, one audit entry per row written), all or nothing, telling the cache
how far it got while its one transaction is open (its rows are not visible until it
commits), then record the outcome and tell the user through the outbox."""

from django.contrib import admin
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from crm.imports.formats import SheetError, dataset_from_file
from crm.imports.kinds import sheet_kinds
from crm.imports.models import SheetImport, SheetImportState
from crm.imports.resources import MAX_ROWS, SheetProblem, SheetResource
from crm.models import NotificationKind
from crm.notifications.services import notify

PROGRESS_TIMEOUT_SECONDS = 3600


def sheet_import_progress_key(pk: int) -> str:
    return f"sheet-import:{pk}:done"


def sheet_resource_for(kind: str, user, progress=None) -> SheetResource | None:
    """The resource that imports ``kind`` as ``user`` would through its admin page
    (``crm.imports.admin.SheetImportMixin``: rows they may see and change, their audit
    entries; ``MAX_ROWS`` rows), None if that page no longer lets them import (a role
    taken away since). The system (``user`` None) imports everything."""
    resource_class = sheet_kinds()[kind]
    if user is None:
        return resource_class(progress=progress)
    model_admin = admin.site._registry.get(resource_class._meta.model)
    request = HttpRequest()
    request.method, request.user = "POST", user
    if not hasattr(model_admin, "get_import_resource_kwargs") or not model_admin.has_import_permission(request):
        return None
    return resource_class(
        **{**model_admin.get_import_resource_kwargs(request), "max_rows": MAX_ROWS, "progress": progress}
    )


def sheet_import_run(*, pk: int, resource_for=sheet_resource_for) -> SheetImport | None:
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
