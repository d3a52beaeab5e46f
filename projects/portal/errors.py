"""Refusals of the enterprise's own actions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReceiptError(models.TextChoices):
    NOT_OWN = "receipt_not_own", _("只有本企业的联系人可以确认收件")
    NOT_DELIVERED = "receipt_not_delivered", _("该办件的结果尚未送达，不能确认收件")
    ALREADY_CONFIRMED = "receipt_already_confirmed", _("该办件已确认收件")
    TRIPS_RANGE = "receipt_trips_range", _("请选择是否需要到现场：0次（零跑动）或1次（最多跑一次）")
