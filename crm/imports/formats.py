"""Reading a file into a dataset: the first sheet of an ``.xlsx`` (formulas kept as
``Formula`` cells, so they are refused rather than imported as whatever value the
sheet last showed), or a ``.csv`` in UTF-8 or GB18030 (what Excel and WPS save in
China). Empty rows are dropped; the dataset remembers each row's number in the sheet
(``sheet_rows``), so errors name the row the user sees. Empty columns with no header
are dropped too; an empty header over data (a merged header cell) is kept for the
resource to refuse."""

import csv
import io

import tablib
from django.utils.translation import gettext as _
from import_export.formats import base_formats

from crm.imports.cells import Formula


class SheetError(ValueError):
    """A file that cannot be read as a sheet at all; the message says why."""


def sheet_dataset(grid: list[list], first_row: int = 1) -> tablib.Dataset:
    """``grid``'s first row as headers, the rest as rows (numbered from ``first_row``,
    the header's number)."""
    if not grid:
        raise SheetError(_("文件是空的：第一行应为标题行"))
    width = max(len(row) for row in grid)
    grid = [list(row) + [None] * (width - len(row)) for row in grid]
    keep = [
        index for index in range(width) if any(row[index] not in (None, "") for row in grid)
    ]  # a column with neither header nor data is formatting, not a column
    headers = [_header(grid[0][index]) for index in keep]
    dataset = tablib.Dataset(headers=headers)
    dataset.sheet_rows = []
    for number, row in enumerate(grid[1:], first_row + 1):
        values = [row[index] for index in keep]
        if all(value is None or (isinstance(value, str) and not value.strip()) for value in values):
            continue
        dataset.append(values)
        dataset.sheet_rows.append(number)
    return dataset


def _header(value) -> str | None:
    """A header as the resource compares it: no spaces (full-width ones too), no line breaks."""
    if value is None:
        return None
    text = "".join(str(value).split()).replace("\u3000", "")
    return text or None


class SheetXLSX(base_formats.XLSX):
    def get_title(self):
        return "xlsx"

    def create_dataset(self, in_stream):
        import openpyxl

        try:
            book = openpyxl.load_workbook(io.BytesIO(in_stream), data_only=False)
        except Exception as error:  # openpyxl raises whatever the zip or XML layer raised
            raise SheetError(_("无法读取该文件：请上传Excel（.xlsx）文件")) from error
        sheet = book.worksheets[0]
        grid = []
        for row in sheet.iter_rows():
            grid.append([Formula(cell.value) if cell.data_type == "f" else cell.value for cell in row])
        while grid and all(value is None for value in grid[-1]):
            grid.pop()
        return sheet_dataset(grid)


class SheetCSV(base_formats.CSV):
    def get_title(self):
        return "csv"

    # Read as bytes: the encoding is found from the content (UTF-8 or GB18030).
    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream):
        if isinstance(in_stream, bytes):
            for encoding in ("utf-8-sig", "gb18030"):
                try:
                    in_stream = in_stream.decode(encoding)
                    break
                except UnicodeDecodeError:
                    continue
            else:
                raise SheetError(_("无法识别文件编码：请另存为UTF-8编码的CSV文件"))
        in_stream = in_stream.removeprefix("\ufeff")
        try:
            grid = list(csv.reader(io.StringIO(in_stream, newline="")))
        except csv.Error as error:
            raise SheetError(_("无法读取该CSV文件：%(reason)s") % {"reason": error}) from error
        return sheet_dataset([[value if value != "" else None for value in row] for row in grid])


SHEET_FORMATS = [SheetXLSX, SheetCSV]


def dataset_from_file(name: str, content: bytes) -> tablib.Dataset:
    """The dataset of an uploaded or given file, by its extension."""
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    for sheet_format in SHEET_FORMATS:
        if sheet_format().get_title() == suffix:
            return sheet_format().create_dataset(content)
    raise SheetError(_("只能导入.xlsx或.csv文件"))
