"""What the enterprise reads of its work, in words: each "3550" milestone as progress
(government working days used against the target), whom each item waits on and why,
the results delivered to it and the trips they cost. One home for the wording, used
by the enterprise's home, the case page and the project page."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from crm.calendar.clock import ClockParty, DeadlineLevel
from projects.cases.selectors import items_with_figures
from projects.models import (
    ItemState,
    Milestone,
    MilestoneOutcome,
    MilestoneState,
    OneTimeNotice,
    ProjectItem,
    ProxyCase,
)

# --- the milestones as progress ------------------------------------------------------------


class Tone:
    """How a progress bar and its words are coloured (CSS classes ``tone-…``)."""

    ON_TRACK = "on-track"
    WARNING = "warning"
    OVERDUE = "overdue"
    WAITING = "waiting"
    DONE = "done"
    LATE = "late"
    PENDING = "pending"


@dataclass(frozen=True, slots=True)
class MilestoneProgress:
    """One milestone as the enterprise reads it: ``used`` government working days of
    ``target`` (``shown``: the bar's value, never past its end), the state in words,
    the due date, working days left (or over), the days the clock stood still."""

    words: str
    tone: str
    used: int | None
    target: int
    shown: int
    percent: int
    due_date: dt.date | None
    days_left: int | None
    overdue_days: int
    paused_days: int
    provisional: bool
    started: bool


def milestone_state_words(m: Milestone, *, for_enterprise: bool = True) -> tuple[str, str]:
    """The state of a milestone (a row of ``milestone_rows``) in words, with its tone."""
    if m.state == MilestoneState.PENDING:
        return _("未开始"), Tone.PENDING
    if m.state == MilestoneState.COMPLETED:
        if m.outcome == MilestoneOutcome.LATE:
            return _("已完成（超时完成）"), Tone.LATE
        return _("已完成"), Tone.DONE
    if m.state == MilestoneState.PAUSED:
        wait = m.wait
        if wait is not None and wait.party == ClockParty.ENTERPRISE:
            if for_enterprise:
                return _("等待贵企业补正：%(reason)s") % {"reason": wait.reason}, Tone.WAITING
            return _("等待企业补正：%(reason)s") % {"reason": wait.reason}, Tone.WAITING
        if wait is not None:
            return _("暂停计时（%(cause)s）：%(reason)s") % {
                "cause": wait.cause.label,
                "reason": wait.reason,
            }, Tone.WAITING
        return _("暂停计时"), Tone.WAITING
    if m.level == DeadlineLevel.OVERDUE:
        return _("已超时"), Tone.OVERDUE
    if m.level == DeadlineLevel.WARNING:
        return _("即将到期"), Tone.WARNING
    return _("按时推进"), Tone.ON_TRACK


def milestone_progress(m: Milestone, *, for_enterprise: bool = True) -> MilestoneProgress:
    """``m``: a row of ``projects.investment.selectors.milestone_rows`` (level, days
    left and the two clocks already read)."""
    words, tone = milestone_state_words(m, for_enterprise=for_enterprise)
    figures = m.figures
    target = m.target_working_days
    used = figures.government if figures else None
    shown = min(used or 0, target)
    percent = min(100, round(100 * shown / target)) if target else (100 if used is not None else 0)
    return MilestoneProgress(
        words=words,
        tone=tone,
        used=used,
        target=target,
        shown=shown,
        percent=percent,
        due_date=m.due_date if m.state != MilestoneState.PENDING else None,
        days_left=m.days_left,
        overdue_days=m.overdue_days,
        paused_days=(figures.enterprise + figures.other) if figures else 0,
        provisional=bool(m.due_provisional or (figures and figures.provisional)),
        started=figures is not None,
    )


def milestones_progress(rows: list[Milestone], *, for_enterprise: bool = True) -> list[Milestone]:
    """Give each row of ``milestone_rows`` its ``progress``."""
    for m in rows:
        m.progress = milestone_progress(m, for_enterprise=for_enterprise)
    return rows


def enterprise_items(cases: QuerySet[ProxyCase]) -> QuerySet[ProjectItem]:
    """The items of these cases with what their wording needs, in a fixed number of queries."""
    return (
        items_with_figures(ProjectItem.objects.filter(case__in=cases))
        .select_related("approval_item__department", "case__agent__user", "case__enterprise")
        .order_by("case__first_contact_on", "case_id", "pk")
    )


# --- trips ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TripFigures:
    """Delivered items by the trips the enterprise made (零跑动 / 最多跑一次)."""

    delivered: int
    zero: int
    one: int

    @property
    def zero_share(self) -> int | None:
        return round(100 * self.zero / self.delivered) if self.delivered else None

    @property
    def at_most_one_share(self) -> int | None:
        return round(100 * (self.zero + self.one) / self.delivered) if self.delivered else None


def trip_figures(items: QuerySet[ProjectItem]) -> TripFigures:
    """One aggregate query: the delivered ones among ``items`` by their trips, as the
    agent recorded them at delivery or as the enterprise answered on confirming."""
    figures = items.filter(state=ItemState.DELIVERED).aggregate(
        delivered=Count("pk"), zero=Count("pk", filter=Q(trips=0)), one=Count("pk", filter=Q(trips=1))
    )
    return TripFigures(**figures)


def cases_with_notice(cases: QuerySet[ProxyCase]) -> QuerySet[ProxyCase]:
    """Cases with ``notice_issued``: whether their one-time notice exists yet."""
    return cases.annotate(notice_issued=Exists(OneTimeNotice.objects.filter(case=OuterRef("pk"))))
