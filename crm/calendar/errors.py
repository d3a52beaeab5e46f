"""Refusals about dates that every dated service shares: a step recorded for a day
that has not come yet, a clock resumed before it was paused. They belong to no one
topic, so each service that checks them says so in the calendar's words."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DateError(models.TextChoices):
    DATE_IN_FUTURE = "date_in_future", _("日期不能晚于今天：只能登记已经发生的事项")
    DATE_BEFORE_PAUSE = "date_before_pause", _("恢复日期不能早于暂停日期")
    DATE_BEFORE_PREVIOUS = "date_before_previous", _("日期不能早于上一环节的日期（%(day)s）")
