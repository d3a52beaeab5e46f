"""Audit events of the enterprise's submissions (registered from projects' AppConfig)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SubmissionEvent(models.TextChoices):
    UPLOADED = "submission.uploaded", _("企业上传材料")
    REUSED = "submission.reused", _("企业选用材料库已有材料")
    ACCEPTED = "submission.accepted", _("代办员收取企业提交的材料")
    RETURNED = "submission.returned", _("代办员要求企业重新提交材料")
