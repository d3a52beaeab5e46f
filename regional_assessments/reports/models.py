"""Assessment types and rules, the zone's regional assessment reports (区域评估) and their reuse."""

import datetime as dt

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from crm.uploads import SCAN_KINDS, UploadField, original_name_field
from projects.models import Industry, ProjectType

DEFAULT_VALIDITY_YEARS = 5


def years_after(day: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


class AssessmentType(models.Model):
    """One of the specialised assessments (评估类型) a zone report can cover. The
    savings are defaults copied onto each reuse, where they can be corrected."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=50, unique=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    default_days_saved = models.PositiveSmallIntegerField(
        _("默认节省工作日"), default=0, help_text=_("企业单独委托该项评估通常需要的工作日数")
    )
    default_fee_saved = models.DecimalField(
        _("默认节省费用（元）"), max_digits=12, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = _("评估类型")
        verbose_name_plural = pgettext_lazy("plural", "评估类型")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class AssessmentRule(models.Model):
    """A rule (as data) saying which assessments a project of a type needs; the
    thresholds and industries narrow it. A project needs the union of the types of
    every active rule it meets."""

    name = models.CharField(_("规则名称"), max_length=100)
    project_type = models.CharField(_("项目类型"), max_length=20, choices=ProjectType.choices)
    assessment_types = models.ManyToManyField(AssessmentType, verbose_name=_("需要的评估"), related_name="rules")
    min_land_area = models.DecimalField(
        _("用地面积不低于（平方米）"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("留空表示不限；项目用地面积未填时不适用本规则"),
    )
    min_investment = models.DecimalField(
        _("总投资不低于（万元）"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("留空表示不限"),
    )
    industries = models.JSONField(
        _("适用行业"), default=list, blank=True, help_text=_("国民经济行业门类代码；留空表示所有行业")
    )
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("评估需求规则")
        verbose_name_plural = pgettext_lazy("plural", "评估需求规则")
        ordering = ["project_type", "name"]
        indexes = [models.Index(fields=["project_type", "active"], name="assessment_rule_type")]

    def __str__(self) -> str:
        return self.name


class ZoneReportStatus(models.TextChoices):
    IN_FORCE = "in_force", _("有效")
    WITHDRAWN = "withdrawn", _("已撤回")


class ZoneReport(models.Model):
    """A regional assessment report (区域评估报告) a zone committee compiled. Projects
    in the zone (or in a zone inside it) reuse it free while it is in force, within
    its validity and its conditions of use."""

    zone = models.ForeignKey(
        "crm.Zone", verbose_name=_("园区/区域"), on_delete=models.PROTECT, related_name="zone_reports"
    )
    title = models.CharField(_("报告名称"), max_length=200)
    assessment_types = models.ManyToManyField(AssessmentType, verbose_name=_("涵盖的评估"), related_name="zone_reports")
    issuing_body = models.CharField(_("编制/审批单位"), max_length=200)
    approval_no = models.CharField(_("批复文号"), max_length=100, blank=True)
    valid_from = models.DateField(_("生效日期"))
    valid_until = models.DateField(_("有效期至"), blank=True, help_text=_("留空则为生效日期起5年；有效期以批复为准"))
    land_parcels = models.TextField(_("适用地块"), blank=True, help_text=_("每行一个地块；留空表示区域内全部地块"))
    excluded_industries = models.JSONField(_("不适用的行业"), default=list, blank=True)
    max_investment = models.DecimalField(
        _("适用总投资上限（万元）"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    max_land_area = models.DecimalField(
        _("适用用地面积上限（平方米）"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    file = UploadField(
        _("报告文件"),
        upload_to="private/zone_reports/",
        blank=True,
        kinds=SCAN_KINDS,
        name_field="file_name",
        serve=("regional_assessments:report_file", "pk"),
    )
    file_name = original_name_field()
    status = models.CharField(
        _("状态"), max_length=20, choices=ZoneReportStatus.choices, default=ZoneReportStatus.IN_FORCE
    )
    withdrawn_on = models.DateField(_("撤回日期"), null=True, blank=True)
    withdrawal_reason = models.CharField(_("撤回原因"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("区域评估报告")
        verbose_name_plural = pgettext_lazy("plural", "区域评估报告")
        ordering = ["zone", "-valid_from", "title"]
        indexes = [models.Index(fields=["zone", "status", "valid_until"], name="zone_report_validity")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__gte=models.F("valid_from")), name="zone_report_valid_range"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.valid_until is None and self.valid_from is not None:
            self.valid_until = years_after(self.valid_from, DEFAULT_VALIDITY_YEARS)

    def save(self, *args, **kwargs):
        self.clean()
        super().save(*args, **kwargs)

    @property
    def parcel_list(self) -> list[str]:
        return [line.strip() for line in self.land_parcels.splitlines() if line.strip()]

    def excluded_industry_labels(self) -> list[str]:
        labels = dict(Industry.choices)
        return [str(labels.get(code, code)) for code in self.excluded_industries]

    def in_force_on(self, on: dt.date) -> bool:
        return self.status == ZoneReportStatus.IN_FORCE and self.valid_from <= on <= self.valid_until


class ReportReuse(models.Model):
    """One assessment a project did not commission because a zone report covered it
    (成果共享). The row stays when the report later expires or is withdrawn."""

    project = models.ForeignKey(
        "projects.Project", verbose_name=_("项目"), on_delete=models.PROTECT, related_name="report_reuses"
    )
    report = models.ForeignKey(
        ZoneReport, verbose_name=_("区域评估报告"), on_delete=models.PROTECT, related_name="reuses"
    )
    assessment_type = models.ForeignKey(
        AssessmentType, verbose_name=_("评估类型"), on_delete=models.PROTECT, related_name="reuses"
    )
    days_saved = models.PositiveSmallIntegerField(_("节省工作日"))
    fee_saved = models.DecimalField(
        _("节省费用（元）"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    reused_on = models.DateField(_("复用日期"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("区域评估成果复用")
        verbose_name_plural = pgettext_lazy("plural", "区域评估成果复用")
        ordering = ["-reused_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "assessment_type"], name="report_reuse_once_per_type"),
        ]

    def __str__(self) -> str:
        return f"{self.project} · {self.assessment_type}"
