"""The monthly overdue report (超时办件通报) of a zone, archived as the PDF that was sent."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

__all__ = ["MonthlyReport"]


class MonthlyReport(models.Model):
    """One zone's report for one month (its first day), as issued: the PDF kept in the
    default storage. Regenerating replaces the file (and says so in the audit trail);
    ``generated_by`` None: the monthly schedule made it."""

    zone = models.ForeignKey(
        "crm.Zone", verbose_name=_("区域"), on_delete=models.PROTECT, related_name="monthly_reports"
    )
    month = models.DateField(_("月份"), help_text=_("该月第一天"))
    generated_at = models.DateTimeField(_("生成时间"))
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("生成人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    pdf = models.FileField(_("通报文件"), upload_to="monthly_reports/")
    overdue_count = models.PositiveIntegerField(_("超时办件数"), default=0)

    class Meta:
        verbose_name = _("超时办件通报")
        verbose_name_plural = pgettext_lazy("plural", "超时办件通报")
        ordering = ["-month", "zone__division_code", "zone__name"]
        constraints = [models.UniqueConstraint(fields=["zone", "month"], name="monthly_report_once_per_zone_month")]

    def __str__(self) -> str:
        return f"{self.zone} {self.month:%Y年%-m月} 超时办件通报"
