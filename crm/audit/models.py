"""The audit trail."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


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
    subject_type = models.ForeignKey(
        ContentType, verbose_name=_("对象类型"), on_delete=models.PROTECT, related_name="+"
    )
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

    @property
    def recorded_late_days(self) -> int:
        """Days between the business day and the day it was recorded (0: recorded the
        day it happened): a back-dated step, shown on the timeline as a late entry."""
        if self.effective_on is None or self.at is None:
            return 0
        return max((timezone.localtime(self.at).date() - self.effective_on).days, 0)

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

            def show(value, choices=choices):
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
            rows.append(
                (label, show(self.before.get(key)) if key in self.before else "", show(self.after.get(key, "")))
            )
        return rows

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("审计记录不可修改"), code="audit_immutable")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("审计记录不可删除"), code="audit_immutable")
