"""Audit events of ratings and callbacks (registered from projects' AppConfig)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RatingEvent(models.TextChoices):
    SUBMITTED = "rating.submitted", _("企业评价")


class CallbackEvent(models.TextChoices):
    OPENED = "callback.opened", _("建立回访")
    CALLED = "callback.called", _("记录回访")
    RECTIFIED = "callback.rectified", _("记录整改")
    CLOSED = "callback.closed", _("办结回访")
    SAMPLE_DRAWN = "callback.sample_drawn", _("抽取回访样本")
