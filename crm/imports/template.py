"""The blank workbook a user fills in: the first sheet has the headers and one example
row (importing it as it is works); the second explains each column, whether it is
required and the values a choice column allows. Choice columns offer their values as
a drop-down list."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from crm.imports.cells import Choice
from crm.imports.resources import SheetResource
from crm.spreadsheets import cell_value, sheet_title

TEMPLATE_ROWS = 1000  # rows the drop-down lists cover
LIST_LIMIT = 255  # Excel's limit on a list typed into a validation


def template_bytes(resource: SheetResource, title: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title(title)
    fields = resource.get_import_fields()
    example = resource.example()
    sheet.append([field.column_name for field in fields])
    sheet.append([cell_value(example.get(field.column_name)) for field in fields])
    for index, field in enumerate(fields, 1):
        letter = get_column_letter(index)
        sheet[f"{letter}1"].font = Font(bold=True)
        sheet.column_dimensions[letter].width = max(12, 2 * len(field.column_name) + 4)
        sheet[f"{letter}2"].number_format = "@"  # codes stay text (no 9.1E+17)
        if isinstance(field.widget, Choice):
            listed = ",".join(field.widget.labels)
            if len(listed) + 2 <= LIST_LIMIT and all("," not in label for label in field.widget.labels):
                validation = DataValidation(type="list", formula1=f'"{listed}"', allow_blank=True)
                validation.error = _("请从下拉列表中选择")
                sheet.add_data_validation(validation)
                validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS}")
    sheet.freeze_panes = "A2"
    notes = book.create_sheet(_("填写说明"))
    notes.append([_("列名"), _("是否必填"), _("填写要求")])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for name, required, text in resource.column_notes():
        notes.append([name, _("必填") if required else _("选填"), text])
    notes.append([])
    notes.append(
        [_("说明"), "", _("第1行为标题，请勿修改或合并；从第2行起每行一条（示例行可改写或删除）；不要填写公式。")]
    )
    notes.column_dimensions["A"].width = 24
    notes.column_dimensions["C"].width = 80
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
