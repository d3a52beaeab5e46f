"""Audit events of projects and their milestones (registered from projects' AppConfig).
Not to be confused with ``projects.events.MilestoneEvent``: the events in a project's
life that start and end milestones."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProjectEvent(models.TextChoices):
    CREATED = "project.created", _("登记项目")
    UPDATED = "project.updated", _("更正项目信息")
    CODE_CHANGED = "project.code_changed", _("变更项目代码")
    HANDED_OVER = "project.handed_over", _("项目移交其他代办员")


class MilestoneAuditEvent(models.TextChoices):
    STARTED = "milestone.started", _("开始计时")
    PAUSED = "milestone.paused", _("暂停计时")
    RESUMED = "milestone.resumed", _("恢复计时")
    FINISHED = "milestone.finished", _("里程碑完成")
    DEADLINE_RECOMPUTED = "milestone.deadline_recomputed", _("到期日重新计算")


# Events in a project's life that start and end milestones. Milestone definitions name
# these codes; services record them (``project_event_record``), so a new target needs data,
# not code.
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
