"""Audit events of a case's message thread (registered from projects' AppConfig)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ThreadEvent(models.TextChoices):
    SENT = "thread.sent", _("发送案件留言")
