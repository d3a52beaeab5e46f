"""The administrative map: zones (开发区) and government departments."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from crm.identifiers import validate_division_code


class ZoneKind(models.TextChoices):
    HI_TECH_ZONE = "hi_tech_zone", _("高新技术产业开发区")
    DEVELOPMENT_ZONE = "development_zone", _("经济开发区")
    DISTRICT = "district", _("区")
    COUNTY = "county", _("县")
    TOWN = "town", _("镇（街道）")


class Zone(models.Model):
    """A zone or district (园区 / 区域): where projects land and whose committee
    compiles the regional assessment reports."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=30, blank=True)
    kind = models.CharField(_("类别"), max_length=20, choices=ZoneKind.choices)
    division_code = models.CharField(
        _("行政区划代码"),
        max_length=6,
        validators=[validate_division_code],
        help_text=_("GB/T 2260 六位行政区划代码；园区填写所在区县的代码"),
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("上级区域"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    committee_name = models.CharField(_("管委会名称"), max_length=100, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("园区/区域")
        verbose_name_plural = pgettext_lazy("plural", "园区/区域")
        ordering = ["division_code", "name"]

    def __str__(self) -> str:
        return self.name

    def ids_within(self) -> list[int]:
        """This zone and every zone inside it (a street inside a hi-tech zone inside a
        district): one query per level, and zone trees are a few levels deep."""
        ids, level = [self.pk], [self.pk]
        while level:
            level = list(Zone.objects.filter(parent_id__in=level).exclude(pk__in=ids).values_list("pk", flat=True))
            ids.extend(level)
        return ids


class Department(models.Model):
    """An approval department (审批部门)."""

    name = models.CharField(_("名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=30, blank=True)
    zone = models.ForeignKey(Zone, verbose_name=_("所属区域"), on_delete=models.PROTECT, related_name="departments")
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    window = models.CharField(_("进驻窗口"), max_length=50, blank=True, help_text=_("政务服务大厅中的受理窗口"))

    class Meta:
        verbose_name = _("审批部门")
        verbose_name_plural = pgettext_lazy("plural", "审批部门")
        ordering = ["zone", "name"]
        constraints = [models.UniqueConstraint(fields=["zone", "name"], name="department_unique_name_in_zone")]

    def __str__(self) -> str:
        return self.short_name or self.name
