"""Reads: who may see which projects, and the lists the role pages show."""

from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When

from crm.roles import Role, user_roles
from projects.models import (
    ITEM_CLOCK_PAUSED,
    ITEM_CLOCK_RUNNING,
    CaseState,
    ItemState,
    Milestone,
    MilestoneState,
    Project,
    ProjectCodeChange,
    ProjectItem,
    ProxyCase,
)

OPEN_STATES = (MilestoneState.RUNNING, MilestoneState.PAUSED)


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
        scope |= Q(agent=user.agent_profile) | Q(
            pk__in=ProxyCase.objects.filter(agent=user.agent_profile, project__isnull=False).values("project_id")
        )
    if Role.ZONE_COMMITTEE in roles and user.zone_id:
        scope |= Q(zone_id__in=user.zone.ids_within())
    if Role.ENTERPRISE in roles and hasattr(user, "enterprise_contact"):
        scope |= Q(enterprise_id=user.enterprise_contact.enterprise_id)
    return projects.filter(scope)


def project_list_with_milestones(projects: QuerySet[Project]) -> QuerySet[Project]:
    """Projects with enterprise, zone, agent and their milestones in a fixed number
    of queries."""
    return projects.select_related("enterprise", "zone", "agent__user").prefetch_related(
        Prefetch("milestones", queryset=Milestone.objects.select_related("definition").order_by("definition__order"))
    )


def open_milestones(projects: QuerySet[Project]) -> QuerySet[Milestone]:
    """Running and paused milestones of these projects, most urgent first."""
    return (
        Milestone.objects.filter(project__in=projects, state__in=OPEN_STATES)
        .select_related("definition", "project__enterprise", "project__agent__user")
        .order_by("state", "due_date", "pk")
    )


def milestone_counts(projects: QuerySet[Project]) -> dict[str, int]:
    rows = Milestone.objects.filter(project__in=projects).values("state").annotate(n=Count("pk"))
    counts = {state: 0 for state in MilestoneState.values}
    counts.update({row["state"]: row["n"] for row in rows})
    return counts


# --- proxy cases ---------------------------------------------------------------------------

OPEN_CASE_STATES = (CaseState.INTAKE, CaseState.AUTHORISED)
OPEN_ITEM_STATES = [state for state in ItemState.values if state != ItemState.DELIVERED]


def cases_visible_to(user) -> QuerySet[ProxyCase]:
    """Cases the user may open: staff of the case (its agent, supervisors of that
    agent's centre, administrators) and the enterprise's own contacts."""
    roles = user_roles(user)
    cases = ProxyCase.objects.all()
    if Role.ADMINISTRATOR in roles:
        return cases
    scope = Q(pk__in=[])
    profile = getattr(user, "agent_profile", None)
    if profile is not None and Role.SUPERVISOR in roles:
        scope |= Q(agent__centre_id=profile.centre_id)
    if profile is not None and Role.AGENT in roles:
        scope |= Q(agent=profile)
    if Role.ENTERPRISE in roles and hasattr(user, "enterprise_contact"):
        scope |= Q(enterprise_id=user.enterprise_contact.enterprise_id)
    return cases.filter(scope)


@dataclass(frozen=True)
class WorkbenchFilters:
    zone: int | None = None
    department: int | None = None
    milestone: str = ""  # a milestone definition code: items of projects where it is open
    state: str = ""
    q: str = ""


def workbench_items(cases: QuerySet[ProxyCase], filters: WorkbenchFilters) -> QuerySet[ProjectItem]:
    """Open items of these cases, most urgent first: running clocks by due date
    (overdue first), then paused ones, then those not yet accepted. A fixed number
    of queries whatever the size; every filter has an index behind it."""
    items = ProjectItem.objects.filter(case__in=cases, state__in=OPEN_ITEM_STATES)
    if filters.zone:
        items = items.filter(case__enterprise__zone_id=filters.zone)
    if filters.department:
        items = items.filter(approval_item__department_id=filters.department)
    if filters.state:
        items = items.filter(state=filters.state)
    if filters.milestone:
        items = items.filter(
            case__project__milestones__definition__code=filters.milestone,
            case__project__milestones__state__in=[MilestoneState.RUNNING, MilestoneState.PAUSED],
        )
    if filters.q:
        items = items.filter(search_condition(filters.q, prefix="case__"))
    return (
        items.annotate(
            clock_order=Case(
                When(state__in=ITEM_CLOCK_RUNNING, then=Value(0)),
                When(state__in=ITEM_CLOCK_PAUSED, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .select_related(
            "approval_item__department", "case__enterprise", "case__project", "case__agent__user"
        )
        .order_by("clock_order", "due_date", "case__first_contact_on", "pk")
    )


def search_condition(q: str, *, prefix: str = "") -> Q:
    """Enterprise name, credit code or project code (current or former)."""
    q = q.strip()
    condition = Q(**{f"{prefix}enterprise__name__icontains": q})
    if q.replace("-", "").isalnum():
        condition |= Q(**{f"{prefix}enterprise__credit_code": q.upper()})
        condition |= Q(**{f"{prefix}project__code__startswith": q})
        condition |= Q(**{f"{prefix}project_id__in": ProjectCodeChange.objects.filter(old_code=q).values("project_id")})
    return condition


def case_detail(cases: QuerySet[ProxyCase]) -> QuerySet[ProxyCase]:
    return cases.select_related("enterprise__zone", "project", "agent__user", "agent__centre").prefetch_related(
        Prefetch("items", queryset=ProjectItem.objects.select_related("approval_item__department").order_by("pk")),
        "contacts__recorded_by",
        "commitments",
    )
