"""Refusals of the merged assessment's services."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MergedAssessmentError(models.TextChoices):
    NOT_STAFF = "merged_not_staff", _("只有本项目的代办员、所在代办中心负责人或系统管理员可以办理多评合一")
    ALREADY_OPEN = "merged_already_open", _("该项目已有一项正在办理的多评合一")
    NO_ELIGIBLE_INTERMEDIARY = (
        "merged_no_intermediary",
        _("没有具备全部评估类型（%(types)s）资质且未被暂停抽取的中介机构"),
    )
    TOO_FEW_EXPERTS = "merged_too_few_experts", _("符合条件的评审专家只有%(eligible)s名，不足抽取的%(count)s名")
    COUNT_INVALID = "merged_count_invalid", _("抽取的专家人数必须至少为1")
    APPROVAL_NO_REQUIRED = "merged_approval_no_required", _("批复必须填写批复文号")
    REASON_REQUIRED = "merged_reason_required", _("退回修改必须填写原因")
