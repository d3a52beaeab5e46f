"""``manage.py import_sheet <kind> <file> [--dry-run]``: import an ``.xlsx`` or ``.csv``
as the admin does, all or nothing. A bad file writes nothing: each problem is printed
as "第N行 «列名»：原因" and the command exits with status 1. Rows written are audited
as the system's."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from crm.imports.formats import SheetError, dataset_from_file
from crm.imports.kinds import sheet_kinds


class Command(BaseCommand):
    help = "从Excel（.xlsx）或CSV文件导入数据：有任何一行出错则不写入任何数据"

    def add_arguments(self, parser):
        parser.add_argument("kind", help="、".join(sheet_kinds()))
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")

    def handle(self, *args, kind: str, file: Path, dry_run: bool, **options) -> None:
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
