from django.db import models
from django.utils.translation import gettext_lazy as _


class MonthlyReportEvent(models.TextChoices):
    GENERATED = "monthly_report.generated", _("生成超时办件通报")
    REGENERATED = "monthly_report.regenerated", _("重新生成超时办件通报")
