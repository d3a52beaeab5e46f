"""The one-time notice (一次性告知)."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from crm.uploads import SCAN_KINDS, UploadField, original_name_field
from projects.cases.models import ProxyCase
from projects.catalogue.models import Material
from projects.enterprises.models import Enterprise

__all__ = [
    "EnterpriseMaterial",
    "NoticeKind",
    "OneTimeNotice",
]


class EnterpriseMaterialQuerySet(models.QuerySet):
    def on_file(self, *, on: dt.date) -> "EnterpriseMaterialQuerySet":
        """Rows that count as held on ``on``: received by then and not expired
        (a row is still valid on its ``valid_until`` day)."""
        return self.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on), received_on__lte=on)


class EnterpriseMaterial(models.Model):
    """A material the system holds for an enterprise (材料库): one received copy of a
    licence, certificate or report. While it is valid, items that need the same
    material reuse it and the enterprise is not asked for it again."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="materials_on_file"
    )
    material = models.ForeignKey(
        Material, verbose_name=_("材料"), on_delete=models.PROTECT, related_name="held_by_enterprises"
    )
    file = UploadField(
        _("材料文件"),
        upload_to="private/materials/",
        blank=True,
        kinds=SCAN_KINDS,
        name_field="file_name",
        serve=("admin:projects_enterprisematerial_file", "pk"),
    )
    file_name = original_name_field()
    received_on = models.DateField(_("收取日期"))
    valid_until = models.DateField(
        _("有效期至"), null=True, blank=True, help_text=_("不填表示长期有效；过期后不再视为已有材料")
    )
    note = models.CharField(_("来源说明"), max_length=200, blank=True, help_text=_("例如：某案件中企业提交、部门共享"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("记录人"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    objects = EnterpriseMaterialQuerySet.as_manager()

    class Meta:
        verbose_name = _("企业已有材料")
        verbose_name_plural = pgettext_lazy("plural", "企业材料库")
        ordering = ["enterprise", "material", "-received_on", "-pk"]
        indexes = [models.Index(fields=["enterprise", "material", "valid_until"], name="material_on_file")]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("received_on")),
                name="material_valid_after_received",
                violation_error_message=_("有效期不能早于收取日期"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.enterprise}：{self.material}"

    def clean(self) -> None:
        if self.received_on and self.received_on > timezone.localdate():
            raise ValidationError({"received_on": _("收取日期不能晚于今天")}, code="received_in_future")


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
