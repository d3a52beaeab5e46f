"""The one-time notice (一次性告知)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from projects.cases.models import ProxyCase

__all__ = [
    "NoticeKind",
    "OneTimeNotice",
]


class NoticeKind(models.TextChoices):
    FULL = "full", _("一次性告知书")
    SUPPLEMENT = "supplement", _("补充告知书")


class OneTimeNotice(models.Model):
    """What the enterprise was told, once: every material for every item its case
    needs, frozen when issued (``content``) and always printed from that snapshot.

    A case has one full notice. Items added later get a supplementary notice that
    lists only the materials no earlier notice asked for, with the reason. Each
    notice is supplemented at most once, so a case's notices form one chain and the
    *current* one is its end (the one nobody supplements)::

        full (-01) <--supplements-- supplement (-02) <--supplements-- supplement (-03)
    """

    # What its audit entries record besides its fields (crm.audit AuditEntry.changes).
    AUDIT_LABELS = {"items": _("告知事项"), "materials": _("告知材料（份）"), "on_file": _("其中材料库已有（份）")}

    case = models.ForeignKey(ProxyCase, verbose_name=_("代办案件"), on_delete=models.PROTECT, related_name="notices")
    number = models.CharField(_("告知书编号"), max_length=30, unique=True)
    kind = models.CharField(_("类型"), max_length=10, choices=NoticeKind.choices, default=NoticeKind.FULL)
    sequence = models.PositiveSmallIntegerField(_("序号"), help_text=_("完整告知书为1，补充告知书依次递增"))
    supplements = models.OneToOneField(
        "self",
        verbose_name=_("补充的告知书"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supplemented_by",
    )
    reason = models.CharField(_("补充告知原因"), max_length=300, blank=True)
    issued_on = models.DateField(_("告知日期"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("告知人"), on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    content = models.JSONField(_("告知内容"), help_text=_("出具时固定的材料和事项清单，打印始终以此为准"))

    class Meta:
        verbose_name = _("一次性告知书")
        verbose_name_plural = pgettext_lazy("plural", "一次性告知书")
        ordering = ["case", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["case", "sequence"], name="notice_unique_sequence"),
            models.UniqueConstraint(fields=["case"], condition=Q(kind="full"), name="notice_one_full_per_case"),
            models.CheckConstraint(
                condition=(
                    Q(kind="full", supplements__isnull=True, sequence=1)
                    | (Q(kind="supplement", supplements__isnull=False, sequence__gt=1) & ~Q(reason=""))
                ),
                name="notice_supplement_has_reason",
                violation_error_message=_("补充告知书必须补充一份已出具的告知书并说明原因"),
            ),
        ]

    def __str__(self) -> str:
        return self.number
