"""What ``manage.py import_sheet`` imports into projects (see ``crm.imports.kinds``)."""

from projects.enterprises.sheets import EnterpriseSheet
from projects.investment.sheets import ProjectSheet

SHEET_KINDS = {
    "enterprises": EnterpriseSheet,
    "projects": ProjectSheet,
}
