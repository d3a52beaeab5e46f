"""Events in a project's life that start and end milestones.

Milestone definitions name these codes; services record them (``project_event_record``)
and later capabilities (items decided, drawing review passed, assessments approved)
emit them, so a new target needs data, not code.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MilestoneEvent(models.TextChoices):
    REGISTRATION_ACCEPTED = "registration_accepted", _("企业设立登记申请受理")
    ENTERPRISE_OPENED = "enterprise_opened", _("企业开业手续办结（执照、印章、税务、银行）")
    PROPERTY_REGISTRATION_ACCEPTED = "property_registration_accepted", _("不动产登记申请受理")
    PROPERTY_TITLE_ISSUED = "property_title_issued", _("不动产权证书核发")
    PROJECT_FILED = "project_filed", _("项目备案（核准）完成")
    CONSTRUCTION_PERMIT_ISSUED = "construction_permit_issued", _("建筑工程施工许可证核发")
    DRAWINGS_ACCEPTED = "drawings_accepted", _("施工图联审受理")
    DRAWING_REVIEW_PASSED = "drawing_review_passed", _("施工图审查合格")
    ASSESSMENTS_STARTED = "assessments_started", _("评估事项启动")
    ASSESSMENTS_APPROVED = "assessments_approved", _("评估审批完成")


# How audit-trail events of this app read on a timeline.
AUDIT_EVENT_LABELS = {
    "project.created": _("登记项目"),
    "project.code_changed": _("变更项目代码"),
    "milestone.started": _("开始计时"),
    "milestone.paused": _("暂停计时"),
    "milestone.resumed": _("恢复计时"),
    "milestone.finished": _("里程碑完成"),
    "milestone.deadline_recomputed": _("到期日重新计算"),
    "enterprise.registered": _("登记企业"),
    "case.opened": _("首次接洽，建立案件"),
    "case.contact": _("接洽/线下办理记录"),
    "case.reassigned": _("改派案件"),
    "case.project_linked": _("关联投资项目"),
    "case.authorised": _("签订代办委托书"),
    "case.committed": _("服务承诺"),
    "case.closed": _("案件办结"),
    "item.chosen": _("选择事项"),
    "item.correction_requested": _("预审要求补正"),
    "item.corrected": _("补正完成"),
    "item.prereview_passed": _("预审通过"),
    "item.submitted": _("提交申请"),
    "item.accepted": _("部门受理"),
    "item.review_started": _("开始审查"),
    "item.returned": _("退回补正"),
    "item.resubmitted": _("补正后重新提交"),
    "item.approved": _("准予许可"),
    "item.rejected": _("不予许可"),
    "item.delivered": _("送达"),
    "item.verified": _("承诺核查"),
    "notice.issued": _("出具一次性告知书"),
    "notice.supplemented": _("出具补充告知书"),
    "material.recorded": _("材料入库"),
    "drawing.submitted": _("提交施工图联审"),
    "drawing.accepted": _("施工图联审受理"),
    "drawing.review_started": _("开始联合审查"),
    "drawing.opinion_given": _("专业出具审查意见"),
    "drawing.consolidated": _("汇总联审意见"),
    "drawing.returned": _("施工图退回修改"),
    "drawing.resubmitted": _("修改后重新提交施工图"),
    "drawing.passed": _("施工图审查合格"),
    "drawing.failed": _("施工图审查不合格"),
}
