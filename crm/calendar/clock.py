import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from crm.calendar.workdays import workdays_add, workdays_between

__all__ = [
    "ClockDays",
    "ClockParty",
    "ClockPause",
    "DeadlineClock",
    "DeadlineLevel",
    "PauseCause",
    "clock_days",
    "clock_days_from_sums",
    "deadline_level",
    "pause_party",
    "working_days_left",
]


class DeadlineClock(models.Model):
    started_on = models.DateField(_("起算日"), null=True, blank=True)
    due_date = models.DateField(_("到期日"), null=True, blank=True)
    due_provisional = models.BooleanField(
        _("到期日暂定"), default=False, help_text=_("依赖尚未公布节假日安排的年份，按周一至周五计算")
    )
    paused_working_days = models.PositiveIntegerField(_("已暂停工作日"), default=0)
    paused_on = models.DateField(_("本次暂停日"), null=True, blank=True)

    class Meta:
        abstract = True

    # What each clock says of itself.
    def clock_target_days(self) -> int:
        raise NotImplementedError

    def clock_running(self) -> bool:
        raise NotImplementedError

    def clock_paused(self) -> bool:
        raise NotImplementedError

    def clock_warning_days(self) -> int:
        return settings.SUPERVISION_WARNING_DAYS

    def clock_finished_on(self) -> dt.date | None:
        """The day the government's clock stopped for good (None: it has not)."""
        return None

    def finished_on_time(self) -> bool | None:
        """Whether the clock stopped for good by its due date (办结: 按时 or 超时); None
        while it runs, or when it never started."""
        finished = self.clock_finished_on()
        if finished is None or self.due_date is None:
            return None
        return finished <= self.due_date

    def compute_due(self) -> None:
        result = workdays_add(self.started_on, self.clock_target_days() + self.paused_working_days)
        self.due_date, self.due_provisional = result.date, result.provisional


class PauseCause(models.TextChoices):
    CORRECTION = "correction", _("申请人补正材料")
    EXPERT_REVIEW = "expert_review", _("专家评审")
    HEARING = "hearing", _("听证")
    PUBLIC_NOTICE = "public_notice", _("公示")
    INSPECTION = "inspection", _("现场勘验/检测")
    ENTERPRISE = "enterprise", _("企业自身原因")
    INTERMEDIARY = "intermediary", _("中介机构办理")
    GOVERNMENT = "government", _("政府部门原因（计入政府用时）")


class ClockParty(models.TextChoices):
    """Whose time a pause is (DOMAIN §3): the 3550 targets measure the government's;
    the enterprise's own and everybody else's are recorded beside it."""

    ENTERPRISE = "enterprise", _("企业")
    INTERMEDIARY = "intermediary", _("中介机构")
    SPECIAL_PROCEDURE = "special_procedure", _("法定特别程序")
    GOVERNMENT = "government", _("政府部门")


PAUSE_PARTY: dict[str, ClockParty] = {
    PauseCause.CORRECTION: ClockParty.ENTERPRISE,
    PauseCause.ENTERPRISE: ClockParty.ENTERPRISE,
    PauseCause.INTERMEDIARY: ClockParty.INTERMEDIARY,
    PauseCause.EXPERT_REVIEW: ClockParty.SPECIAL_PROCEDURE,
    PauseCause.HEARING: ClockParty.SPECIAL_PROCEDURE,
    PauseCause.PUBLIC_NOTICE: ClockParty.SPECIAL_PROCEDURE,
    PauseCause.INSPECTION: ClockParty.SPECIAL_PROCEDURE,
    PauseCause.GOVERNMENT: ClockParty.GOVERNMENT,
}


def pause_party(cause: str) -> ClockParty:
    return PAUSE_PARTY[cause]


def causes_of(*parties: ClockParty) -> list[str]:
    """The pause causes that are these parties' time (for queries)."""
    return [str(cause) for cause, party in PAUSE_PARTY.items() if party in parties]


# Pauses whose days stop the government's clock and extend the deadline: all but the
# government's own (a department waiting on itself is still the department's time).
STOPPING_CAUSES = causes_of(ClockParty.ENTERPRISE, ClockParty.INTERMEDIARY, ClockParty.SPECIAL_PROCEDURE)


class ClockPause(models.Model):
    """One pause of a clock, with whose time it was and who stopped and restarted it."""

    cause = models.CharField(_("暂停类型"), max_length=20, choices=PauseCause.choices)
    reason = models.CharField(_("暂停原因"), max_length=300)
    paused_on = models.DateField(_("暂停日"))
    paused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("暂停操作人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    resumed_on = models.DateField(_("恢复日"), null=True, blank=True)
    resumed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("恢复操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    working_days = models.PositiveIntegerField(_("暂停工作日"), null=True, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.paused_on:%Y-%m-%d} {self.get_cause_display()}"


class DeadlineLevel(models.TextChoices):
    """How urgent an open deadline is (the supervision levels of DOMAIN.md §13): the
    one enum of the clock pages and of the supervision sweep."""

    NORMAL = "normal", _("正常")
    WARNING = "warning", _("预警")
    OVERDUE = "overdue", _("超时")
    PAUSED = "paused", _("暂停计时")


# The levels the sweep gives an open deadline row (a stopped clock is the row's
# state, not its level): the choices of the supervision tables.
SWEEP_LEVELS = [
    (level.value, level.label) for level in (DeadlineLevel.NORMAL, DeadlineLevel.WARNING, DeadlineLevel.OVERDUE)
]


def working_days_left(clock: DeadlineClock, today: dt.date) -> int | None:
    """Working days from today to the deadline (negative: overdue); while paused,
    the days that were left when the clock stopped; None when not running."""
    if clock.clock_running():
        return workdays_between(today, clock.due_date).days
    if clock.clock_paused():
        return workdays_between(clock.paused_on, clock.due_date).days
    return None


def clock_warning_threshold(clock: DeadlineClock) -> int:
    """Working days left at which the clock is in early warning: its own days, or
    ``SUPERVISION_WARNING_SHARE`` of its limit when that is more."""
    share = int(clock.clock_target_days() * settings.SUPERVISION_WARNING_SHARE)
    return max(clock.clock_warning_days(), share)


def warn_on(due_date: dt.date, warning_days: int, started_on: dt.date | None = None) -> dt.date:
    """The one warning rule: a deadline is in early warning from the working day
    ``warning_days`` before its due date (never before its start). The supervision
    table stores this day; the pages compare today with it."""
    day = workdays_add(due_date, -warning_days).date if warning_days > 0 else due_date
    if started_on is not None and day < started_on:
        day = min(started_on, due_date)
    return day


def deadline_level(clock: DeadlineClock, today: dt.date) -> DeadlineLevel | None:
    left = working_days_left(clock, today)
    if left is None:
        return None
    if clock.clock_paused():
        return DeadlineLevel.PAUSED
    if left < 0:
        return DeadlineLevel.OVERDUE
    if today >= warn_on(clock.due_date, clock_warning_threshold(clock), clock.started_on):
        return DeadlineLevel.WARNING
    return DeadlineLevel.NORMAL


@dataclass(frozen=True, slots=True)
class ClockDays:
    """The two clocks of one deadline: the government's working days used against its
    target, and, apart, the enterprise's and the others' (intermediaries, expert
    review, hearing, public notice, inspection). None of them counts the start day."""

    government: int
    enterprise: int
    other: int
    target: int
    provisional: bool = False

    @property
    def within_target(self) -> bool:
        return self.government <= self.target


def clock_days_from_sums(
    *,
    started_on: dt.date | None,
    end: dt.date,
    target: int,
    enterprise: int,
    other: int,
    open_cause: str | None = None,
    open_since: dt.date | None = None,
) -> ClockDays | None:
    """The two clocks from the working days of the clock's ended pauses, summed per
    party (``enterprise``, ``other``: those the government's clock stood still for),
    and its open pause (``open_cause`` since ``open_since``), which lasts until
    ``end``. The government's days are those from the start to ``end`` (its finish, or
    today) less the days someone else's pause stopped it. None: not started."""
    if started_on is None:
        return None
    end = max(end, started_on)
    span = workdays_between(started_on, end)
    if open_cause is not None and open_since is not None:
        since = max(open_since, started_on)
        running = max(workdays_between(since, end).days, 0)
        party = pause_party(open_cause)
        if party == ClockParty.ENTERPRISE:
            enterprise += running
        elif party != ClockParty.GOVERNMENT:
            other += running
    government = max(span.days - enterprise - other, 0)
    return ClockDays(government, enterprise, other, target, span.provisional)


def clock_days(*, started_on: dt.date | None, end: dt.date, target: int, pauses: Iterable) -> ClockDays | None:
    """The two clocks of a clock started on ``started_on`` and stopped on ``end`` (its
    finish, or today while it runs), from its pauses (each with ``cause``,
    ``paused_on`` and ``resumed_on``; an open pause lasts until ``end``). A pause
    counts only from the clock's start and only up to ``end``."""
    if started_on is None:
        return None
    enterprise = other = 0
    for pause in pauses:
        party = pause_party(pause.cause)
        if party == ClockParty.GOVERNMENT:
            continue
        since = max(pause.paused_on, started_on)
        until = min(pause.resumed_on or end, end)
        days = workdays_between(since, until).days if until > since else 0
        if party == ClockParty.ENTERPRISE:
            enterprise += days
        else:
            other += days
    return clock_days_from_sums(started_on=started_on, end=end, target=target, enterprise=enterprise, other=other)
