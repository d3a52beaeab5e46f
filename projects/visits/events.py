"""Audit events of joint surveys and joint acceptances (registered from projects' AppConfig)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class VisitEvent(models.TextChoices):
    SCHEDULED = "visit.scheduled", _("安排联合踏勘/验收")
    ATTENDANCE_RECORDED = "visit.attendance_recorded", _("登记部门到场情况和意见")
    ISSUED = "visit.issued", _("出具联合踏勘/验收记录")
    ACCEPTANCE_PASSED = "visit.acceptance_passed", _("联合验收通过")
    FOLLOW_UP_PAUSED = "visitfollowup.paused", _("整改事项暂停计时")
    FOLLOW_UP_RESUMED = "visitfollowup.resumed", _("整改事项恢复计时")
    FOLLOW_UP_CLOSED = "visitfollowup.closed", _("整改事项办结")
