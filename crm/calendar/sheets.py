"""Holidays and adjusted working days from a sheet, matched on the date: re-importing a
year corrects it. Every year a file touches has its deadlines recomputed once, after
the file commits."""

import datetime as dt

from django.utils.translation import gettext as _

from crm.calendar.models import CalendarDay, CalendarDayKind
from crm.calendar.services import calendar_changed
from crm.imports.cells import Choice, Date, Text
from crm.imports.resources import SheetResource, column


class CalendarDaySheet(SheetResource):
    date = column("date", "日期", Date(required=True))
    kind = column(
        "kind",
        "类型",
        Choice(CalendarDayKind.choices, aliases={"休": CalendarDayKind.HOLIDAY, "班": CalendarDayKind.WORKING_DAY}),
    )
    name = column("name", "名称", Text(max_length=50, required=True))
    note = column("note", "备注", Text(max_length=200))

    notes = {"日期": _("写作YYYY-MM-DD"), "类型": _("也可写“休”或“班”")}

    class Meta:
        model = CalendarDay
        import_id_fields = ("date",)
        fields = ("date", "kind", "name", "note")

    def after_save_instance(self, instance, row, **kwargs):
        calendar_changed(years=[instance.date.year])

    example_is_sample = False  # next year's New Year's Day: a real row

    def example(self) -> dict:
        year = dt.date.today().year + 1
        return {"日期": f"{year}-01-01", "类型": str(CalendarDayKind.HOLIDAY.label), "名称": _("元旦"), "备注": ""}
