"""The spine's data: users, the zones and departments every app refers to, the
working-day calendar tables and the audit trail."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from crm.identifiers import validate_division_code


class User(AbstractUser):
    """A person who signs in. The role is a group; the scope (centre, zone,
    enterprise) hangs off the role's own profile in the app that owns it, except
    the zone of a zone-committee member, which is a plain reference here."""

    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("电话"), max_length=30, blank=True)
    zone = models.ForeignKey(
        "crm.Zone",
        verbose_name=_("所属园区（管委会成员）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="committee_members",
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("用户")
        verbose_name_plural = pgettext_lazy("plural", "用户")

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or super().get_full_name() or self.username


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
    zone = models.ForeignKey(
        Zone, verbose_name=_("所属区域"), on_delete=models.PROTECT, related_name="departments"
    )
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    window = models.CharField(_("进驻窗口"), max_length=50, blank=True, help_text=_("政务服务大厅中的受理窗口"))

    class Meta:
        verbose_name = _("审批部门")
        verbose_name_plural = pgettext_lazy("plural", "审批部门")
        ordering = ["zone", "name"]
        constraints = [models.UniqueConstraint(fields=["zone", "name"], name="department_unique_name_in_zone")]

    def __str__(self) -> str:
        return self.short_name or self.name


# --- Working-day calendar ------------------------------------------------------------


class CalendarYear(models.Model):
    """An administrator's statement that a year's official schedule (国务院办公厅
    关于部分节假日安排的通知) is fully entered as CalendarDay rows. Years the
    ``chinese-calendar`` package covers need no row; a year with neither is
    provisional (Monday to Friday)."""

    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    source = models.CharField(_("依据文件"), max_length=200, help_text=_("例如：国办发明电〔2026〕号"))
    published = models.BooleanField(
        _("安排已完整录入"), default=True, help_text=_("勾选后该年的期限不再标记为“暂定”，并自动重新计算")
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("年度节假日安排")
        verbose_name_plural = pgettext_lazy("plural", "年度节假日安排")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


class CalendarDayKind(models.TextChoices):
    HOLIDAY = "holiday", _("法定节假日（不上班）")
    WORKING_DAY = "working_day", _("调休上班日")


class CalendarDay(models.Model):
    """One day whose status differs from what the package (or Monday–Friday) says:
    a holiday, or an adjusted working day (调休). Local adjustments go here too."""

    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=20, choices=CalendarDayKind.choices)
    name = models.CharField(_("名称"), max_length=50, help_text=_("例如：春节、国庆节"))
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("节假日/调休日")
        verbose_name_plural = pgettext_lazy("plural", "节假日/调休日")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}（{self.get_kind_display()}）"


class CalendarRevision(models.Model):
    """A single counter bumped on every change to the calendar tables, so that every
    process (web, worker, beat) reloads its precomputed calendar within seconds."""

    number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("日历版本")
        verbose_name_plural = pgettext_lazy("plural", "日历版本")


# --- Audit trail ---------------------------------------------------------------------


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError(_("审计记录不可修改"), code="audit_immutable")

    def delete(self):
        raise ValidationError(_("审计记录不可删除"), code="audit_immutable")


class AuditEntry(models.Model):
    """One state transition or deadline change: who, when, what it was, what it became.

    Append-only: the model, its queryset and the database (triggers, see the
    migration) all refuse updates and deletes."""

    at = models.DateTimeField(_("记录时间"), auto_now_add=True, db_index=True)
    effective_on = models.DateField(
        _("发生日期"), null=True, blank=True, help_text=_("业务上发生的日期（可早于记录时间，如补录线下办理的环节）")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField(_("操作人（记录时）"), max_length=100, help_text=_("无用户时为“系统”"))
    event = models.CharField(_("事件"), max_length=60, db_index=True)
    subject_type = models.ForeignKey(ContentType, verbose_name=_("对象类型"), on_delete=models.PROTECT, related_name="+")
    subject_id = models.CharField(_("对象编号"), max_length=40)
    subject = GenericForeignKey("subject_type", "subject_id")
    subject_label = models.CharField(_("对象"), max_length=200)
    before = models.JSONField(_("变更前"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(_("变更后"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    reason = models.CharField(_("原因/说明"), max_length=500, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = pgettext_lazy("plural", "审计记录")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["subject_type", "subject_id", "at"], name="audit_subject_at")]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.event} {self.subject_label}"

    def changes(self) -> list[tuple[str, str, str]]:
        """(field, before, after) as a person reads them: the subject model's field
        names and choice labels instead of keys and codes."""
        model = self.subject_type.model_class()
        rows = []
        for key in [*self.after, *(k for k in self.before if k not in self.after)]:
            try:
                field = model._meta.get_field(key) if model else None
            except FieldDoesNotExist:
                field = None
            choices = dict(field.flatchoices) if field is not None and field.choices else {}

            def show(value):
                if value is None or value == "":
                    return "—"
                if isinstance(value, bool):
                    return str(_("是") if value else _("否"))
                if isinstance(value, (list, tuple)):
                    return "、".join(show(v) for v in value)
                if isinstance(value, dict):
                    return "；".join(f"{k}：{show(v)}" for k, v in value.items())
                return str(choices.get(value, value))

            extra = getattr(model, "AUDIT_LABELS", {})
            label = str(field.verbose_name) if field is not None else str(extra.get(key, key))
            rows.append((label, show(self.before.get(key)) if key in self.before else "", show(self.after.get(key, ""))))
        return rows

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("审计记录不可修改"), code="audit_immutable")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("审计记录不可删除"), code="audit_immutable")


from crm.models_supervision import (  # noqa: E402, F401  (models of the spine, kept in their own module)
    Alert,
    Channel,
    Deadline,
    DeadlineState,
    Delivery,
    DeliveryState,
    FeedToken,
    Notification,
    NotificationKind,
    SweepLevel,
)
