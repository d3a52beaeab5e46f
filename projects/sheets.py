"""What ``manage.py import_sheet`` imports into projects (see ``crm.imports.kinds``)."""

from projects.catalogue.sheets import ApprovalItemSheet, ItemBundleSheet
from projects.enterprises.sheets import EnterpriseSheet
from projects.investment.sheets import ProjectSheet

SHEET_KINDS = {
    "items": ApprovalItemSheet,
    "bundles": ItemBundleSheet,
    "enterprises": EnterpriseSheet,
    "projects": ProjectSheet,
}
