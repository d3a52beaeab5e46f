"""What projects and milestones a user may see, and how they are listed; each
milestone as progress with its state in words (the enterprise's reading)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from agents.models import ServiceCentre
from crm.accounts.roles import Role, user_roles
from crm.calendar.clock import ClockDays, ClockParty, DeadlineLevel
from crm.calendar.selectors import clock_figures_annotate, clock_rows
from projects.models import (
    MILESTONE_OPEN_STATES,
    Milestone,
    MilestoneOutcome,
    MilestoneState,
    Project,
    ProxyCase,
)


def centre_projects(centre: ServiceCentre) -> Q:
    """The projects a centre is responsible for: its agents', and those without an
    agent located in its zone."""
    return Q(agent__centre_id=centre.pk) | Q(agent__isnull=True, zone_id__in=centre.zone.ids_within())


def projects_visible_to(user) -> QuerySet[Project]:
    """Every project the user may open; anything else is a 404 for them."""
    roles = user_roles(user)
    projects = Project.objects.all()
    if Role.ADMINISTRATOR in roles:
        return projects
    scope = Q(pk__in=[])
    if Role.SUPERVISOR in roles and hasattr(user, "agent_profile"):
        centre = user.agent_profile.centre
        scope |= Q(agent__centre=centre) | Q(agent__isnull=True, zone_id__in=centre.zone.ids_within())
    if Role.AGENT in roles and hasattr(user, "agent_profile"):
        # A case link grants only projects of the agent's own centre: another
        # centre's project reaches an agent through an accepted hand-over (which
        # makes them its agent), never through a link made some other way.
        scope |= Q(agent=user.agent_profile) | (
            Q(pk__in=ProxyCase.objects.filter(agent=user.agent_profile, project__isnull=False).values("project_id"))
            & centre_projects(user.agent_profile.centre)
        )
    if Role.ZONE_COMMITTEE in roles and user.zone_id:
        scope |= Q(zone_id__in=user.zone.ids_within())
    if Role.ENTERPRISE in roles and hasattr(user, "enterprise_contact"):
        scope |= Q(enterprise_id=user.enterprise_contact.enterprise_id)
    return projects.filter(scope)


def milestones_with_figures(milestones: QuerySet[Milestone]) -> QuerySet[Milestone]:
    """Milestones with what their two clocks need (pause days per party, the open
    pause), in the same query that reads them."""
    return clock_figures_annotate(milestones.select_related("definition"))


def milestone_rows(milestones, today: dt.date) -> list[Milestone]:
    """Milestones (from ``milestones_with_figures``) with their level, days left and
    two clocks: the government's working days (to the finish, or today) and the
    enterprise's and the others'."""
    return clock_rows(milestones, today=today)


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


def project_list_with_milestones(projects: QuerySet[Project]) -> QuerySet[Project]:
    """Projects with enterprise, zone, agent and their milestones (with their clocks'
    figures) in a fixed number of queries."""
    return projects.select_related("enterprise", "zone", "agent__user").prefetch_related(
        Prefetch("milestones", queryset=milestones_with_figures(Milestone.objects.order_by("definition__order")))
    )


@dataclass(frozen=True, slots=True)
class ComplianceRow:
    """One line of a 3550 compliance table."""

    milestone: Milestone
    figures: ClockDays | None

    @property
    def within_target(self) -> bool | None:
        return None if self.figures is None else self.figures.within_target


def milestones_compliance(milestones: QuerySet[Milestone], today: dt.date) -> list[ComplianceRow]:
    """The 3550 compliance table of these milestones (each: government working days
    used against its target, the enterprise's days, the others' days, within target),
    read by ONE aggregate query: the pause days per party are summed in SQL; the
    working days of each span come from the in-memory calendar."""
    rows = milestones_with_figures(milestones).select_related("project").order_by("project_id", "definition__order")
    return [ComplianceRow(m, m.figures) for m in milestone_rows(rows, today)]


def project_compliance(project: Project, today: dt.date) -> list[ComplianceRow]:
    return milestones_compliance(Milestone.objects.filter(project=project), today)


def open_milestones(projects: QuerySet[Project]) -> QuerySet[Milestone]:
    """Running and paused milestones of these projects, most urgent first."""
    return (
        milestones_with_figures(Milestone.objects.filter(project__in=projects, state__in=MILESTONE_OPEN_STATES))
        .select_related("definition", "project__enterprise", "project__agent__user")
        .order_by("state", "due_date", "pk")
    )


def milestone_counts(projects: QuerySet[Project]) -> dict[str, int]:
    rows = Milestone.objects.filter(project__in=projects).values("state").annotate(n=Count("pk"))
    counts = {state: 0 for state in MilestoneState.values}
    counts.update({row["state"]: row["n"] for row in rows})
    return counts
