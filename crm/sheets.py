"""What ``manage.py import_sheet`` imports into the spine (see ``crm.imports.kinds``)."""

from crm.calendar.sheets import CalendarDaySheet
from crm.organisation.sheets import DepartmentSheet, ZoneSheet

SHEET_KINDS = {
    "zones": ZoneSheet,
    "departments": DepartmentSheet,
    "calendar": CalendarDaySheet,
}
