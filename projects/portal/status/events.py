"""Audit events of the public status lookup (registered from projects' AppConfig)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StatusLookupEvent(models.TextChoices):
    VERIFICATION_CODE_REGENERATED = "project.verification_code_regenerated", _("重新生成查询验证码")
