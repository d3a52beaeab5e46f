"""Electronic supervision: the deadline table and its alerts."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from crm.calendar.clock import SWEEP_LEVELS, DeadlineLevel


class DeadlineState(models.TextChoices):
    OPEN = "open", _("计时中")
    PAUSED = "paused", _("暂停计时")
    CLOSED = "closed", _("已结束")


class Deadline(models.Model):
    """One clock of one subject (an item, a milestone, a review round, a merged
    assessment, a callback), as the sweep sees it. ``level`` is what the last sweep
    found; ``warn_on`` the first day of the early warning; ``sequence`` grows each
    time the due date moves (calendar clients update rather than duplicate)."""

    subject_type = models.ForeignKey(
        ContentType, verbose_name=_("对象类型"), on_delete=models.PROTECT, related_name="+"
    )
    subject_id = models.PositiveBigIntegerField(_("对象编号"))
    facet = models.CharField(
        _("时限"), max_length=20, blank=True, help_text=_("同一对象的第二个时限，如告知承诺制事项的核查期限")
    )
    kind_label = models.CharField(_("期限类型"), max_length=40)
    title = models.CharField(_("名称"), max_length=300)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("责任人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deadlines",
    )
    centre_key = models.PositiveIntegerField(
        _("代办中心"), null=True, blank=True, help_text=_("逐级上报到该中心负责人")
    )
    enterprise_key = models.PositiveIntegerField(_("企业"), null=True, blank=True)
    state = models.CharField(_("状态"), max_length=10, choices=DeadlineState.choices, default=DeadlineState.OPEN)
    started_on = models.DateField(_("起算日"), null=True, blank=True)
    due_date = models.DateField(_("到期日"))
    due_provisional = models.BooleanField(_("到期日暂定"), default=False)
    warn_on = models.DateField(_("预警日"))
    level = models.CharField(_("监察等级"), max_length=10, choices=SWEEP_LEVELS, default=DeadlineLevel.NORMAL)
    level_changed_at = models.DateTimeField(_("等级变化时间"), null=True, blank=True)
    sequence = models.PositiveIntegerField(_("版本"), default=0)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("监察期限")
        verbose_name_plural = pgettext_lazy("plural", "监察期限")
        ordering = ["due_date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["subject_type", "subject_id", "facet"], name="deadline_one_per_subject"),
            models.CheckConstraint(condition=Q(warn_on__lte=models.F("due_date")), name="deadline_warn_before_due"),
        ]
        indexes = [
            # The sweep's three ways a level can change, open rows only.
            models.Index(fields=["level", "warn_on"], condition=Q(state="open"), name="deadline_sweep_warn"),
            models.Index(fields=["level", "due_date"], condition=Q(state="open"), name="deadline_sweep_due"),
            models.Index(fields=["owner", "state"], name="deadline_owner_state"),
            models.Index(fields=["enterprise_key", "state"], name="deadline_enterprise_state"),
            models.Index(fields=["centre_key", "state", "level"], name="deadline_centre_level"),
        ]

    def __str__(self) -> str:
        return f"{self.kind_label} · {self.title}"


class Alert(models.Model):
    """One level change of one deadline (预警 or 超时), raised once: the unique key
    (deadline, level, due date) makes a second sweep, or two at once, a no-op. A
    deadline moved later (a pause) that reaches the level again is a new alert."""

    deadline = models.ForeignKey(Deadline, verbose_name=_("期限"), on_delete=models.CASCADE, related_name="alerts")
    level = models.CharField(_("等级"), max_length=10, choices=SWEEP_LEVELS)
    due_date = models.DateField(_("到期日"))
    raised_on = models.DateField(_("发出日期"))
    raised_at = models.DateTimeField(_("发出时间"), auto_now_add=True)
    acknowledged_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("监察提醒")
        verbose_name_plural = pgettext_lazy("plural", "监察提醒")
        ordering = ["-raised_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["deadline", "level", "due_date"], name="alert_once_per_level"),
        ]
        indexes = [models.Index(fields=["acknowledged_at", "level"], name="alert_open")]

    def __str__(self) -> str:
        return f"{self.get_level_display()} · {self.deadline}"
