"""The desks' lists as spreadsheets: the workbench with its filters, the centre's items
in warning or overdue. The columns are the page's, plus whom each item waits on."""

import datetime as dt

from django.utils.translation import gettext as _

from crm.calendar.clock import DeadlineLevel
from crm.spreadsheets import xlsx_response
from projects.cases.selectors import item_rows, item_waits

# More rows than any centre's open items: a sheet past this is cut, and says so in its name.
EXPORT_MAX_ROWS = 20_000

ITEM_HEADERS = (
    "案件编号",
    "项目代码",
    "企业",
    "代办员",
    "事项",
    "部门",
    "状态",
    "到期日",
    "期限状态",
    "剩余工作日",
    "超期工作日",
    "当前等待",
)


def _level_words(item) -> str:
    if item.level:
        words = str(DeadlineLevel(item.level).label)
        return words + ("（" + _("暂定") + "）" if getattr(item, "due_provisional", False) else "")
    return _("未受理，未起算") if not item.started_on else ""


def item_sheet(name: str, items, today: dt.date):
    """``items`` (a queryset of ``items_with_figures``, in the page's order) as a
    download named ``name``: at most ``EXPORT_MAX_ROWS`` rows."""
    rows = item_rows(list(items[:EXPORT_MAX_ROWS]), today)
    return xlsx_response(
        name,
        [_(header) for header in ITEM_HEADERS],
        (
            (
                item.case.number,
                item.case.project.code if item.case.project else "",
                str(item.case.enterprise),
                str(item.case.agent),
                str(item.approval_item),
                str(item.approval_item.department),
                item.get_state_display(),
                item.due_date if item.level else None,
                _level_words(item),
                None if item.days_left is None or item.days_left < 0 else item.days_left,
                item.overdue_days or None,
                item_waits(item, for_enterprise=False).words,
            )
            for item in rows
        ),
    )
