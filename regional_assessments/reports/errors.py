"""Refusals of the report and reuse services."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReuseError(models.TextChoices):
    NOT_ALLOWED = (
        "reuse_not_allowed",
        _("只有本项目的代办员、所在代办中心负责人、所在园区管委会或系统管理员可以登记区域评估成果复用"),
    )


class ZoneReportError(models.TextChoices):
    ALREADY_WITHDRAWN = "already_withdrawn", _("该报告已撤回")
    WITHDRAWAL_REASON_REQUIRED = "withdrawal_reason_required", _("撤回报告必须填写原因")
    WITHDRAWAL_BEFORE_VALID = "withdrawal_before_valid", _("撤回日期不能早于报告生效日期")
    SAVINGS_NEGATIVE = "savings_negative", _("节省的工作日和费用不能为负数")
