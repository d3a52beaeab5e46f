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
# these codes in their triggers (``MilestoneTrigger``); the services of the work record them
# (``project_event_record``), so a new target needs data, not code. The three item events
# name a catalogue item in the trigger; the others stand alone.
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
    ASSESSMENTS_ALL_REUSED = "assessments_all_reused", _("区域评估成果覆盖全部评估事项")
    JOINT_ACCEPTANCE_PASSED = "joint_acceptance_passed", _("联合验收通过")
    ITEM_ACCEPTED = "item_accepted", _("事项受理")
    ITEM_APPROVED = "item_approved", _("事项准予许可")
    ITEM_DELIVERED = "item_delivered", _("事项结果送达")


# The events that happen to one catalogue item (its trigger names the item).
ITEM_EVENTS = (MilestoneEvent.ITEM_ACCEPTED, MilestoneEvent.ITEM_APPROVED, MilestoneEvent.ITEM_DELIVERED)


class MilestoneMove(models.TextChoices):
    START = "start", _("开始计时")
    FINISH = "finish", _("完成")
