from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ServiceCentre(models.Model):
    """A proxy-service centre (代办中心 / 投资服务办公室)."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    zone = models.ForeignKey(
        "crm.Zone", verbose_name=_("所在区域"), on_delete=models.PROTECT, related_name="service_centres"
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    phone = models.CharField(_("服务电话"), max_length=30, blank=True)
    opening_hours = models.CharField(_("办公时间"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("代办中心")
        verbose_name_plural = pgettext_lazy("plural", "代办中心")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProxyAgent(models.Model):
    """A proxy agent (代办员) of a service centre. Supervisors are agents too, with
    the supervisor role; scoping of both is the centre."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("登录账号"), on_delete=models.PROTECT, related_name="agent_profile"
    )
    centre = models.ForeignKey(
        ServiceCentre, verbose_name=_("代办中心"), on_delete=models.PROTECT, related_name="agents"
    )
    employee_no = models.CharField(_("工号"), max_length=20, unique=True)
    title = models.CharField(_("职务"), max_length=50, default=_("专职代办员"))
    phone = models.CharField(_("联系电话"), max_length=30)
    specialties = models.CharField(_("擅长领域"), max_length=200, blank=True, help_text=_("例如：工业项目、不动产登记"))
    is_active = models.BooleanField(_("在岗"), default=True)

    class Meta:
        verbose_name = _("代办员")
        verbose_name_plural = pgettext_lazy("plural", "代办员")
        ordering = ["centre", "employee_no"]

    def __str__(self) -> str:
        return str(self.user)
