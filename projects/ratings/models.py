"""Ratings, callbacks and the monthly phone-callback draws."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import FSMField, transition

from crm.calendar.clock import DeadlineClock
from crm.fsm import StateMachineMixin
from projects.cases.models import ProxyCase

__all__ = [
    "RATING_DIMENSIONS",
    "Callback",
    "CallbackDraw",
    "CallbackKind",
    "CallbackOutcome",
    "CallbackState",
    "Rating",
    "RatingLevel",
    "callback_staff",
]


class RatingLevel(models.IntegerChoices):
    """Five levels, best first (the order the rating form shows)."""

    VERY_SATISFIED = 5, _("非常满意")
    SATISFIED = 4, _("满意")
    FAIRLY_SATISFIED = 3, _("基本满意")
    UNSATISFIED = 2, _("不满意")
    VERY_UNSATISFIED = 1, _("非常不满意")


# The five dimensions of 001 §21, as (field name, label).
RATING_DIMENSIONS = (
    ("attitude", _("服务态度")),
    ("speed", _("审批速度")),
    ("proficiency", _("业务熟练度")),
    ("convenience", _("办事便捷度")),
    ("integrity", _("廉洁审批度")),
)


def _dimension(label):
    return models.PositiveSmallIntegerField(label, choices=RatingLevel.choices, null=True, blank=True)


class Rating(models.Model):
    """The enterprise's rating of a closed case: once per case."""

    case = models.OneToOneField(ProxyCase, verbose_name=_("代办案件"), on_delete=models.PROTECT, related_name="rating")
    level = models.PositiveSmallIntegerField(_("总体评价"), choices=RatingLevel.choices)
    attitude = _dimension(_("服务态度"))
    speed = _dimension(_("审批速度"))
    proficiency = _dimension(_("业务熟练度"))
    convenience = _dimension(_("办事便捷度"))
    integrity = _dimension(_("廉洁审批度"))
    comment = models.TextField(_("意见建议"), max_length=500, blank=True)
    rated_on = models.DateField(_("评价日期"))
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("评价人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("好差评")
        verbose_name_plural = pgettext_lazy("plural", "好差评")
        ordering = ["-rated_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=5), name="rating_level_range"),
        ]

    def __str__(self) -> str:
        return f"{self.case.number} {self.get_level_display()}"

    def dimension_levels(self) -> list[tuple[str, int | None]]:
        return [(label, getattr(self, name)) for name, label in RATING_DIMENSIONS]

    def is_unsatisfied(self) -> bool:
        """Below 满意, overall or on any rated dimension: a callback is owed."""
        levels = [self.level, *(getattr(self, name) for name, _label in RATING_DIMENSIONS)]
        return any(level is not None and level < RatingLevel.SATISFIED for level in levels)


class CallbackKind(models.TextChoices):
    UNSATISFIED = "unsatisfied", _("不满意评价回访")
    SAMPLE = "sample", _("随机电话回访")


class CallbackState(models.TextChoices):
    OPEN = "open", _("待回访")
    CALLED = "called", _("已回访待整改")
    RECTIFIED = "rectified", _("已整改待确认")
    CLOSED = "closed", _("已办结")


class CallbackOutcome(models.TextChoices):
    SATISFIED = "satisfied", _("企业满意")
    UNSATISFIED = "unsatisfied", _("企业仍不满意")


def callback_staff(callback: "Callback", user) -> bool:
    """Who works a callback: an administrator, a supervisor of the centre of the
    case's agent, or the agent it was assigned to (when the centre has no
    supervisor). The agent whose work was rated does not call back about it."""
    from crm.accounts.roles import Role, has_role

    if not getattr(user, "is_authenticated", False):
        return False
    if has_role(user, Role.ADMINISTRATOR):
        return True
    profile = getattr(user, "agent_profile", None)
    if profile is None:
        return False
    if has_role(user, Role.SUPERVISOR) and profile.centre_id == callback.case.agent.centre_id:
        return True
    return profile.pk == callback.assigned_to_id and has_role(user, Role.AGENT, Role.SUPERVISOR)


def _callback_permission(callback: "Callback", user) -> bool:
    return callback_staff(callback, user)


class CallbackDraw(models.Model):
    """One random phone-callback sample: the seed reproduces it."""

    seed = models.CharField(_("随机种子"), max_length=40, unique=True)
    share = models.DecimalField(_("抽取比例"), max_digits=4, decimal_places=3)
    closed_since = models.DateField(_("办结日期自"))
    closed_until = models.DateField(_("办结日期至"))
    population = models.PositiveIntegerField(_("可抽取案件数"))
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("抽取人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("为空表示系统定时抽取"),
    )
    drawn_at = models.DateTimeField(_("抽取时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("电话回访抽样")
        verbose_name_plural = pgettext_lazy("plural", "电话回访抽样")
        ordering = ["-drawn_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.seed}（{self.closed_since:%Y-%m-%d}—{self.closed_until:%Y-%m-%d}）"


class Callback(StateMachineMixin, DeadlineClock):
    """A callback (回访) with its rectification (整改) deadline.

    ::

        open --record_call--> called --record_rectification--> rectified --close--> closed

    The deadline counts ``target_working_days`` working days from the day it was
    opened; it does not pause. Closed on or before the due date is on time.
    """

    case = models.ForeignKey(ProxyCase, verbose_name=_("代办案件"), on_delete=models.PROTECT, related_name="callbacks")
    kind = models.CharField(_("回访类型"), max_length=12, choices=CallbackKind.choices)
    rating = models.OneToOneField(
        Rating, verbose_name=_("评价"), null=True, blank=True, on_delete=models.PROTECT, related_name="callback"
    )
    draw = models.ForeignKey(
        CallbackDraw,
        verbose_name=_("抽样"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="callbacks",
    )
    assigned_to = models.ForeignKey(
        "agents.ProxyAgent", verbose_name=_("回访负责人"), on_delete=models.PROTECT, related_name="callbacks"
    )
    state = FSMField(_("状态"), default=CallbackState.OPEN, choices=CallbackState.choices, protected=True)
    target_working_days = models.PositiveSmallIntegerField(_("整改时限（工作日）"))
    called_on = models.DateField(_("回访日期"), null=True, blank=True)
    called_person = models.CharField(_("回访对象"), max_length=50, blank=True)
    call_summary = models.TextField(_("回访情况"), max_length=1000, blank=True)
    rectified_on = models.DateField(_("整改日期"), null=True, blank=True)
    rectification = models.TextField(_("整改情况"), max_length=1000, blank=True)
    outcome = models.CharField(_("回访结果"), max_length=12, choices=CallbackOutcome.choices, blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("回访")
        verbose_name_plural = pgettext_lazy("plural", "回访")
        ordering = ["due_date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "kind"], name="callback_once_per_case_and_kind"),
        ]
        indexes = [models.Index(fields=["state", "due_date"], name="callback_state_due")]

    def __str__(self) -> str:
        return f"{self.case.number} {self.get_kind_display()}"

    def clock_target_days(self) -> int:
        return self.target_working_days

    def clock_running(self) -> bool:
        return self.state != CallbackState.CLOSED

    def clock_paused(self) -> bool:
        return False

    @property
    def on_time(self) -> bool | None:
        if self.state != CallbackState.CLOSED:
            return None
        return self.closed_on <= self.due_date

    @transition(
        field=state,
        source=CallbackState.OPEN,
        target=CallbackState.CALLED,
        custom={"label": _("记录回访")},
        permission=_callback_permission,
    )
    def record_call(self, *, on: dt.date, person: str, summary: str) -> None:
        self.called_on, self.called_person, self.call_summary = on, person, summary

    @transition(
        field=state,
        source=CallbackState.CALLED,
        target=CallbackState.RECTIFIED,
        custom={"label": _("记录整改")},
        permission=_callback_permission,
    )
    def record_rectification(self, *, on: dt.date, rectification: str) -> None:
        self.rectified_on, self.rectification = on, rectification

    @transition(
        field=state,
        source=CallbackState.RECTIFIED,
        target=CallbackState.CLOSED,
        custom={"label": _("办结回访")},
        permission=_callback_permission,
    )
    def close(self, *, on: dt.date, outcome: str) -> None:
        self.closed_on, self.outcome = on, outcome
