"""Audit events of the joint drawing review (registered from projects' AppConfig)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DrawingEvent(models.TextChoices):
    SUBMITTED = "drawing.submitted", _("提交施工图联审")
    ACCEPTED = "drawing.accepted", _("施工图联审受理")
    REVIEW_STARTED = "drawing.review_started", _("开始联合审查")
    OPINION_GIVEN = "drawing.opinion_given", _("专业出具审查意见")
    CONSOLIDATED = "drawing.consolidated", _("汇总联审意见")
    RETURNED = "drawing.returned", _("施工图退回修改")
    RESUBMITTED = "drawing.resubmitted", _("修改后重新提交施工图")
    PASSED = "drawing.passed", _("施工图审查合格")
    FAILED = "drawing.failed", _("施工图审查不合格")
