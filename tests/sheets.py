"""Building sheets for import tests: an ``.xlsx`` from rows (formulas written as
formulas, merged cells on request) or a ``.csv``, and running the import command."""

import csv
import io

from django.core.management import CommandError, call_command
from openpyxl import Workbook

from crm.imports.formats import dataset_from_file


def xlsx(rows: list[list], merged: str | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if merged:
        sheet.merge_cells(merged)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list], encoding: str = "utf-8-sig") -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode(encoding)


def dataset(rows: list[list], **kwargs):
    return dataset_from_file("sheet.xlsx", xlsx(rows, **kwargs))


def problems(result) -> list[tuple]:
    """(row, column, reason) of each problem of an import result."""
    return [(p.row, p.column, p.reason) for p in result.sheet_problems]


def run_command(tmp_path, kind: str, content: bytes, name: str = "sheet.xlsx", *args) -> tuple[str, str, int]:
    """``import_sheet`` on a file: its output, its errors and its exit status."""
    path = tmp_path / name
    path.write_bytes(content)
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_sheet", kind, str(path), *args, stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue() + str(error), error.returncode
    return out.getvalue(), err.getvalue(), 0
