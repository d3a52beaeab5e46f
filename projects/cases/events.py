"""Audit events of cases, items and materials: the codes the trail stores and how
they read (registered with crm.audit.events from projects' AppConfig)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseEvent(models.TextChoices):
    OPENED = "case.opened", _("首次接洽，建立案件")
    CONTACT = "case.contact", _("接洽/线下办理记录")
    REASSIGNED = "case.reassigned", _("改派案件")
    PROJECT_LINKED = "case.project_linked", _("关联投资项目")
    PROJECT_UNLINKED = "case.project_unlinked", _("取消关联投资项目")
    PROJECT_HANDED_OVER = "case.project_handed_over", _("项目已移交，案件不再关联")
    HANDOVER_REQUESTED = "case.handover_requested", _("申请移交项目")
    HANDOVER_REFUSED = "case.handover_refused", _("项目移交申请被拒绝")
    AUTHORISED = "case.authorised", _("签订代办委托书")
    COMMITTED = "case.committed", _("服务承诺")
    CLOSED = "case.closed", _("案件办结")


class ItemEvent(models.TextChoices):
    CHOSEN = "item.chosen", _("选择事项")
    CORRECTION_REQUESTED = "item.correction_requested", _("预审要求补正")
    CORRECTED = "item.corrected", _("补正完成")
    PREREVIEW_PASSED = "item.prereview_passed", _("预审通过")
    SUBMITTED = "item.submitted", _("提交申请")
    ACCEPTED = "item.accepted", _("部门受理")
    REVIEW_STARTED = "item.review_started", _("开始审查")
    RETURNED = "item.returned", _("退回补正")
    RESUBMITTED = "item.resubmitted", _("补正后重新提交")
    APPROVED = "item.approved", _("准予许可")
    REJECTED = "item.rejected", _("不予许可")
    DELIVERED = "item.delivered", _("送达")
    VERIFIED = "item.verified", _("承诺核查")


class MaterialEvent(models.TextChoices):
    RECORDED = "material.recorded", _("材料入库")
