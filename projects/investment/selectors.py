"""What projects and milestones a user may see, and how they are listed."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from agents.models import ServiceCentre
from crm.accounts.roles import Role, user_roles
from crm.calendar.clock import ClockDays
from crm.calendar.selectors import clock_figures_annotate, clock_rows
from projects.models import (
    MILESTONE_OPEN_STATES,
    Milestone,
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
