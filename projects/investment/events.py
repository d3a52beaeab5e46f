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
