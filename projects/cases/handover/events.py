"""Audit events of hand-over requests (registered from projects' AppConfig)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class HandoverEvent(models.TextChoices):
    ACCEPTED = "handover.accepted", _("同意移交项目")
    REFUSED = "handover.refused", _("拒绝移交项目")
    READDRESSED = "handover.readdressed", _("移交申请转至现负责中心")
