"""Refusals of the submission services."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SubmissionError(models.TextChoices):
    NOT_CONTACT = "submission_not_contact", _("只有本企业的联系人可以为本案件提交材料")
    NOT_STAFF = "submission_not_staff", _("只有本案代办员、所在代办中心负责人或系统管理员可以审核企业提交的材料")
    NOT_REQUESTED = "submission_not_requested", _("该材料不在一次性告知书或当前的补正要求中，无需提交")
    FILE_OR_COPY = "submission_file_or_copy", _("请选择要上传的文件，或选用材料库中的副本（二选一）")
    COPY_INVALID = "submission_copy_invalid", _("所选材料库副本不是该材料的有效副本")
    ALREADY_PENDING = "submission_already_pending", _("该材料已提交，正等待代办员审核，审核后才能再次提交")
    ALREADY_ACCEPTED = "submission_already_accepted", _("该材料已由代办员收取，无需再次提交")
    NOT_PENDING = "submission_not_pending", _("该材料已于%(day)s审核（%(state)s），不能再次审核")
    REASON_REQUIRED = "submission_reason_required", _("要求重新提交时请写明原因，企业将看到这一原因")
