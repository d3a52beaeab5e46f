"""Enterprises, their contacts and the material library (材料库)."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from crm.identifiers import validate_credit_code
from crm.uploads import SCAN_KINDS, UploadField, original_name_field

__all__ = [
    "Enterprise",
    "EnterpriseContact",
    "EnterpriseMaterial",
    "Industry",
    "ProjectType",
]


class Industry(models.TextChoices):
    """GB/T 4754-2017 sections most investment projects fall in."""

    AGRICULTURE = "A", _("农、林、牧、渔业")
    MANUFACTURING = "C", _("制造业")
    UTILITIES = "D", _("电力、热力、燃气及水生产和供应业")
    CONSTRUCTION = "E", _("建筑业")
    TRADE = "F", _("批发和零售业")
    LOGISTICS = "G", _("交通运输、仓储和邮政业")
    SOFTWARE = "I", _("信息传输、软件和信息技术服务业")
    REAL_ESTATE = "K", _("房地产业")
    BUSINESS_SERVICES = "L", _("租赁和商务服务业")
    RESEARCH = "M", _("科学研究和技术服务业")
    OTHER = "Z", _("其他行业")


class ProjectType(models.TextChoices):
    INDUSTRIAL = "industrial", _("工业生产建设项目")
    COMMERCIAL = "commercial", _("商业服务业项目")
    INFRASTRUCTURE = "infrastructure", _("基础设施项目")
    SOCIAL = "social", _("社会事业项目")
    REAL_ESTATE = "real_estate", _("房地产开发项目")


class Enterprise(models.Model):
    """An enterprise (企业). The credit code is empty while the enterprise is still
    being registered: registration is itself a "3550" milestone."""

    name = models.CharField(_("企业名称"), max_length=200)
    credit_code = models.CharField(
        _("统一社会信用代码"),
        max_length=18,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_credit_code],
        help_text=_("18位；企业尚在设立登记中时可暂不填写"),
    )
    legal_representative = models.CharField(_("法定代表人"), max_length=50, blank=True)
    registered_address = models.CharField(_("注册地址"), max_length=200, blank=True)
    zone = models.ForeignKey(
        "crm.Zone", verbose_name=_("所在区域"), on_delete=models.PROTECT, related_name="enterprises"
    )
    industry = models.CharField(_("所属行业"), max_length=1, choices=Industry.choices)
    registered_capital = models.DecimalField(
        _("注册资本（万元）"), max_digits=14, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    assigned_agent = models.ForeignKey(
        "agents.ProxyAgent",
        verbose_name=_("联系代办员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enterprises",
    )
    responsible_leader = models.CharField(_("挂钩联系领导"), max_length=50, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("企业")
        verbose_name_plural = pgettext_lazy("plural", "企业")
        ordering = ["name"]
        indexes = [models.Index(fields=["name"], name="enterprise_name")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.credit_code == "":
            self.credit_code = None


class EnterpriseContact(models.Model):
    """A person at the enterprise; with a user account, they see the enterprise's
    projects online (and nothing else)."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="contacts"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登录账号"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enterprise_contact",
    )
    name = models.CharField(_("姓名"), max_length=50)
    position = models.CharField(_("职务"), max_length=50, blank=True)
    phone = models.CharField(_("电话"), max_length=30)
    email = models.EmailField(_("电子邮箱"), blank=True)
    is_primary = models.BooleanField(_("主要联系人"), default=False)

    class Meta:
        verbose_name = _("企业联系人")
        verbose_name_plural = pgettext_lazy("plural", "企业联系人")
        ordering = ["enterprise", "-is_primary", "name"]

    def __str__(self) -> str:
        return f"{self.name}（{self.enterprise}）"


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
        "projects.Material", verbose_name=_("材料"), on_delete=models.PROTECT, related_name="held_by_enterprises"
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
