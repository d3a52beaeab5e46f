"""Refusals of the clock services."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ClockError(models.TextChoices):
    DATE_BEFORE_PAUSE = "date_before_pause", _("恢复日期不能早于暂停日期")
