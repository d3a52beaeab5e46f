"""Enterprises, their contacts and the material library (材料库)."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from crm.identifiers import validate_credit_code

__all__ = [
    "Enterprise",
    "EnterpriseContact",
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
