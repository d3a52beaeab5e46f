"""Audit events of the merged assessment (registered from regional_assessments' AppConfig)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MergedAssessmentEvent(models.TextChoices):
    SCOPED = "merged_assessment.scoped", _("启动多评合一")
    ALL_REUSED = "merged_assessment.all_reused", _("评估全部复用区域评估成果")
    INTERMEDIARY_DRAWN = "merged_assessment.intermediary_drawn", _("抽取中介机构")
    COMPILING = "merged_assessment.compiling", _("开始编制报告")
    EXPERTS_DRAWN = "merged_assessment.experts_drawn", _("抽取专家，召开联合评审")
    REVISION_REQUESTED = "merged_assessment.revision_requested", _("退回修改完善")
    RESUBMITTED = "merged_assessment.resubmitted", _("修改后重新评审")
    APPROVED = "merged_assessment.approved", _("多评合一批复")
