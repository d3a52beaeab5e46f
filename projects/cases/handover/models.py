"""Hand-over requests (移交申请) between centres."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from projects.cases.models import ProxyCase
from projects.investment.models import Project

__all__ = ["HandoverRequest", "HandoverState"]


class HandoverState(models.TextChoices):
    PENDING = "pending", _("待处理")
    ACCEPTED = "accepted", _("已同意移交")
    REFUSED = "refused", _("已拒绝移交")


class HandoverRequest(models.Model):
    """``pending --accept--> accepted``, ``pending --refuse--> refused`` (with a reason).
    ``centre`` is the centre responsible for the project when the request was made:
    its supervisors decide."""

    project = models.ForeignKey(
        Project, verbose_name=_("投资项目"), on_delete=models.PROTECT, related_name="handover_requests"
    )
    case = models.ForeignKey(
        ProxyCase, verbose_name=_("申请案件"), on_delete=models.PROTECT, related_name="handover_requests"
    )
    centre = models.ForeignKey(
        "agents.ServiceCentre",
        verbose_name=_("项目所属代办中心"),
        on_delete=models.PROTECT,
        related_name="handover_requests",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    note = models.CharField(_("申请说明"), max_length=300, blank=True)
    state = models.CharField(_("状态"), max_length=10, choices=HandoverState.choices, default=HandoverState.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    reason = models.CharField(_("拒绝理由"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("移交申请")
        verbose_name_plural = pgettext_lazy("plural", "移交申请")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "case"], condition=Q(state="pending"), name="handover_one_pending"
            )
        ]
        indexes = [models.Index(fields=["centre", "state"], name="handover_centre_state")]

    def __str__(self) -> str:
        return f"{self.case.number} 移交申请"
