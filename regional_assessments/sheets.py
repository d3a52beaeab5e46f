"""What ``manage.py import_sheet`` imports into regional_assessments (see ``crm.imports.kinds``)."""

from regional_assessments.reports.sheets import ZoneReportSheet

SHEET_KINDS = {"reports": ZoneReportSheet}
