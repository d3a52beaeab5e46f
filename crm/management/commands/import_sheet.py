"""``manage.py import_sheet <kind> <file> [--dry-run | --background]``: import an
``.xlsx`` or ``.csv`` as the admin does, all or nothing. A bad file writes nothing: each
problem is printed as "第N行 «列名»：原因" and the command exits with status 1. Rows
written are audited as the system's. ``--background`` stores the file and leaves it to
the Celery worker; administrators follow it in the admin's 导入记录."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils.translation import gettext as _

from crm.imports.formats import SheetError, dataset_from_file
from crm.imports.kinds import sheet_kinds
from crm.imports.services import sheet_import_queue


class Command(BaseCommand):
    help = "从Excel（.xlsx）或CSV文件导入数据：有任何一行出错则不写入任何数据"

    def add_arguments(self, parser):
        parser.add_argument("kind", help="、".join(sheet_kinds()))
        parser.add_argument("file", type=Path)
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--dry-run", action="store_true", help="只检查，不写入")
        mode.add_argument("--background", action="store_true", help="转入后台导入（由Celery任务执行）")

    def handle(self, *args, kind: str, file: Path, dry_run: bool, background: bool, **options) -> None:
        kinds = sheet_kinds()
        if kind not in kinds:
            raise CommandError(
                _("未知的导入类型“%(kind)s”，可选：%(kinds)s") % {"kind": kind, "kinds": "、".join(kinds)}
            )
        try:
            dataset = dataset_from_file(file.name, file.read_bytes())
        except OSError as error:
            raise CommandError(_("无法打开文件：%(reason)s") % {"reason": error.strerror or error}) from error
        except SheetError as error:
            raise CommandError(str(error)) from error
        if background:
            self._queue(kind, file, rows=len(dataset))
            return
        result = kinds[kind]().import_data(dataset, dry_run=dry_run)
        if result.sheet_problems:
            for problem in result.sheet_problems:
                self.stderr.write(str(problem))
            raise CommandError(_("文件有%(count)s处问题，未导入任何数据。") % {"count": len(result.sheet_problems)})
        totals = result.totals
        summary = _("新增%(new)s条，更新%(update)s条，无变化%(skip)s条。") % {
            "new": totals["new"],
            "update": totals["update"],
            "skip": totals["skip"],
        }
        if dry_run:
            summary = _("检查通过（未写入）：") + summary
        self.stdout.write(self.style.SUCCESS(summary))

    def _queue(self, kind: str, file: Path, rows: int) -> None:
        model = sheet_kinds()[kind]._meta.model
        with file.open("rb") as content:
            try:
                record = sheet_import_queue(
                    kind=kind,
                    kind_label=str(model._meta.verbose_name_plural),
                    upload=File(content, name=file.name),
                    rows_total=rows,
                    by=None,
                )
            except ValidationError as error:
                raise CommandError("；".join(error.messages)) from error
        self.stdout.write(
            self.style.SUCCESS(
                _("已转入后台导入（%(rows)s行），进度见：%(url)s")
                % {"rows": f"{rows:,}", "url": reverse("admin:crm_sheetimport_change", args=[record.pk])}
            )
        )
