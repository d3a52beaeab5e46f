"""Excel out: what a user is looking at, as an ``.xlsx`` with Chinese headers.

One way to write a sheet for every page and the admin: ``xlsx_response(name, headers, rows)``.
A cell that a spreadsheet would read as a formula (text beginning with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return: an enterprise name typed as ``=HYPERLINK(…)``) is written
with a leading apostrophe, so Excel and WPS show it as the text it is (OWASP "CSV injection").
Dates are real dates shown as YYYY-MM-DD; numbers stay numbers with thousands separators."""

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.00"
# Characters XML 1.0 cannot hold (openpyxl refuses them): a NUL typed into a name must not
# stop the export.
_ILLEGAL = dict.fromkeys([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])


def cell_value(value):
    """``value`` as a sheet can hold it without running it: text that would start a
    formula gets a leading apostrophe; control characters are dropped; dates, numbers
    and booleans stay what they are; None is an empty cell."""
    if value is None or isinstance(value, (bool, int, float, Decimal, dt.date)):
        if isinstance(value, dt.datetime) and timezone.is_aware(value):
            return timezone.localtime(value).replace(tzinfo=None)  # Excel has no time zones
        return value
    text = str(value).translate(_ILLEGAL)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _number_format(value) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, dt.datetime):
        return DATETIME_FORMAT
    if isinstance(value, dt.date):
        return DATE_FORMAT
    if isinstance(value, int):
        return INTEGER_FORMAT
    if isinstance(value, (float, Decimal)):
        return DECIMAL_FORMAT
    return None


def xlsx_bytes(title: str, headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """One sheet named ``title``: a bold header row, then ``rows`` (each value through
    ``cell_value``), columns wide enough for Chinese headers."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=sheet_title(title))
    for index, header in enumerate(headers):
        # Chinese characters are about two Latin ones wide
        sheet.column_dimensions[_column_letter(index)].width = max(10, 2 * len(str(header)) + 4)
    sheet.freeze_panes = "A2"
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=cell_value(str(header)))
        cell.font = Font(bold=True)
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=cell_value(value))
            number_format = _number_format(cell.value)
            if number_format:
                cell.number_format = number_format
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def sheet_title(title: str) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of ``[]:*?/\\``."""
    cleaned = str(title).translate(_ILLEGAL).translate(dict.fromkeys(map(ord, "[]:*?/\\"))).strip("'")
    return cleaned[:31] or "Sheet1"


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def xlsx_response(name: str, headers: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    """A download of the sheet, named ``<name>-<today>.xlsx`` (Chinese names kept, for
    every browser: RFC 6266 ``filename*``)."""
    filename = f"{name}-{timezone.localdate():%Y-%m-%d}.xlsx"
    response = HttpResponse(xlsx_bytes(name, headers, rows), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response
