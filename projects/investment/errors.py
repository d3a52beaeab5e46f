"""Refusals of the project and milestone services (dates in the future and resumptions
before the pause are the calendar's: ``crm.calendar.errors.DateError``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MilestoneError(models.TextChoices):
    NOT_RUNNING = "not_running", _("该里程碑未在计时中")
    PAUSE_REASON_REQUIRED = "pause_reason_required", _("暂停计时必须填写原因")
    DATE_BEFORE_START = "date_before_start", _("日期不能早于起算日")
    ITEM_EVENT_BY_HAND = "item_event_by_hand", _("事项的受理、许可和送达请在代办案件中办理该事项时登记，里程碑随之变动")


class ProjectError(models.TextChoices):
    CODE_UNCHANGED = "code_unchanged", _("新代码与原代码相同")
    CODE_TAKEN = "code_taken", _("该投资项目代码已被其他项目使用")
    NOT_STAFF = "not_staff", _("只有本项目的代办员、所在代办中心负责人或系统管理员可以登记办理事件")
