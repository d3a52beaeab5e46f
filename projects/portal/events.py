"""Audit events of the enterprise's own actions (registered from projects' AppConfig)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReceiptEvent(models.TextChoices):
    CONFIRMED = "item.receipt_confirmed", _("企业确认收件")
