"""Which projects a case may link at once, and who decides the others."""

from django.db.models import QuerySet

from agents.models import ServiceCentre
from projects.investment.selectors import centre_projects
from projects.models import CaseState, HandoverRequest, HandoverState, Project, ProxyCase

OPEN_CASE_STATES = (CaseState.INTAKE, CaseState.AUTHORISED)


def projects_linkable(case: ProxyCase) -> QuerySet[Project]:
    """The enterprise's projects the case's agent may link directly: their centre's,
    and not carried by another agent's open case. Any other needs a hand-over."""
    taken = ProxyCase.objects.filter(state__in=OPEN_CASE_STATES, project__isnull=False).exclude(agent_id=case.agent_id)
    return (
        Project.objects.filter(enterprise_id=case.enterprise_id)
        .filter(centre_projects(case.agent.centre))
        .exclude(pk__in=taken.values("project_id"))
    )


def centre_covering(zone) -> ServiceCentre | None:
    """The centre of the zone or of the nearest zone around it."""
    while zone is not None:
        centre = ServiceCentre.objects.filter(zone=zone).order_by("pk").first()
        if centre is not None:
            return centre
        zone = zone.parent
    return None


def project_owner_centre(*, case: ProxyCase, project: Project) -> ServiceCentre | None:
    """The centre whose supervisor must hand ``project`` over to ``case``; None when
    the case may link it directly (and also when no centre covers the project's zone:
    the caller tells the two apart with ``projects_linkable``)."""
    if projects_linkable(case).filter(pk=project.pk).exists():
        return None
    other = (
        ProxyCase.objects.filter(project=project, state__in=OPEN_CASE_STATES)
        .exclude(agent_id=case.agent_id)
        .select_related("agent__centre")
        .order_by("pk")
        .first()
    )
    if other is not None:
        return other.agent.centre
    if project.agent_id is not None:
        return project.agent.centre
    return centre_covering(project.zone)


def handovers_pending_for(centre: ServiceCentre) -> QuerySet[HandoverRequest]:
    """Requests the centre's supervisor has to decide, oldest first."""
    return (
        HandoverRequest.objects.filter(centre=centre, state=HandoverState.PENDING)
        .select_related(
            "project__enterprise", "project__agent__user", "case__agent__user", "case__agent__centre", "requested_by"
        )
        .order_by("requested_at", "pk")
    )


def handovers_of_case(case: ProxyCase) -> QuerySet[HandoverRequest]:
    """The case's requests, for its page: state, centre and reason only (the project's
    content stays hidden until the hand-over is accepted)."""
    return (
        HandoverRequest.objects.filter(case=case)
        .select_related("centre", "decided_by")
        .order_by("-requested_at", "-pk")
    )
