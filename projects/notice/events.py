"""Audit events of the one-time notice (registered from projects' AppConfig)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeEvent(models.TextChoices):
    ISSUED = "notice.issued", _("出具一次性告知书")
    SUPPLEMENTED = "notice.supplemented", _("出具补充告知书")
