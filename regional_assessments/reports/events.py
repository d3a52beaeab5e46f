"""Audit events of zone reports and their reuse (registered from regional_assessments' AppConfig)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionalReportEvent(models.TextChoices):
    REGISTERED = "regional_report.registered", _("登记区域评估成果")
    UPDATED = "regional_report.updated", _("更正区域评估成果")
    WITHDRAWN = "regional_report.withdrawn", _("撤回区域评估成果")
    REUSED = "regional_report.reused", _("复用区域评估成果")
    REUSE_SAVINGS_CHANGED = "regional_report.reuse_savings_changed", _("更正复用节省的时间和费用")
