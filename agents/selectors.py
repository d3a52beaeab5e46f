"""Reads: which service centres and agents a user may see, the supervisors of a centre,
and the agents' public profiles (the agent directory's one source)."""

import dataclasses
from collections.abc import Iterable

from django.db.models import QuerySet

from agents.models import ProxyAgent, ServiceCentre
from crm.accounts.roles import GROUP_NAMES, Role, user_roles


def centres_visible_to(user) -> QuerySet[ServiceCentre]:
    """Administrators every centre; supervisors and agents their own; anyone else none."""
    roles = user_roles(user)
    if Role.ADMINISTRATOR in roles:
        return ServiceCentre.objects.all()
    profile = getattr(user, "agent_profile", None)
    if profile is not None and (Role.SUPERVISOR in roles or Role.AGENT in roles):
        return ServiceCentre.objects.filter(pk=profile.centre_id)
    return ServiceCentre.objects.none()


def agents_visible_to(user) -> QuerySet[ProxyAgent]:
    """Whose agent profile (phone, employee number) the user may read: administrators
    any; a supervisor the agents of their own centre; an agent only themselves."""
    roles = user_roles(user)
    if Role.ADMINISTRATOR in roles:
        return ProxyAgent.objects.all()
    profile = getattr(user, "agent_profile", None)
    if profile is not None and Role.SUPERVISOR in roles:
        return ProxyAgent.objects.filter(centre_id=profile.centre_id)
    if profile is not None and Role.AGENT in roles:
        return ProxyAgent.objects.filter(pk=profile.pk)
    return ProxyAgent.objects.none()


def supervisors_of_centres(centre_ids: Iterable[int | None]) -> QuerySet[ProxyAgent]:
    """The supervisors of the centres: their agents in post, with the supervisor role and
    a login still active; each centre's by employee number. The one place that says who
    a centre's supervisors are."""
    return ProxyAgent.objects.filter(
        centre_id__in={pk for pk in centre_ids if pk is not None},
        is_active=True,
        user__is_active=True,
        user__groups__name=GROUP_NAMES[Role.SUPERVISOR],
    ).order_by("centre_id", "employee_no")


def centre_supervisors(centre_ids: Iterable[int | None]) -> dict[int, list[int]]:
    """Centre id -> the user ids of its supervisors (whom overdue reports escalate to,
    whose workbench shows the centre's cases); centres without one are left out. One query."""
    found: dict[int, list[int]] = {}
    for centre_id, user_id in supervisors_of_centres(centre_ids).values_list("centre_id", "user_id"):
        found.setdefault(centre_id, []).append(user_id)
    return found


@dataclasses.dataclass(frozen=True)
class AgentProfile:
    """What the public agent directory shows of an agent: the person, their work
    phone, the centre to visit; nothing else the CRM holds (no login, no e-mail)."""

    pk: int
    name: str
    employee_no: str
    title: str
    phone: str
    specialties: str
    centre_id: int
    centre: str
    centre_address: str
    centre_phone: str
    opening_hours: str
    zone_id: int
    zone: str


def agent_directory(*, centre_ids: Iterable[int] | None = None) -> list[AgentProfile]:
    """The agents in post (with an active login) as the public directory lists them, by
    zone, centre and employee number; only the given centres' when ``centre_ids`` is
    given. One query."""
    agents = ProxyAgent.objects.filter(is_active=True, user__is_active=True)
    if centre_ids is not None:
        agents = agents.filter(centre_id__in=set(centre_ids))
    rows = agents.order_by("centre__zone__name", "centre__name", "employee_no").values_list(
        "pk",
        "user__full_name",
        "user__username",
        "employee_no",
        "title",
        "phone",
        "specialties",
        "centre_id",
        "centre__name",
        "centre__address",
        "centre__phone",
        "centre__opening_hours",
        "centre__zone_id",
        "centre__zone__name",
    )
    return [
        AgentProfile(
            pk=pk,
            name=full_name or username,
            employee_no=employee_no,
            title=title,
            phone=phone,
            specialties=specialties,
            centre_id=centre_id,
            centre=centre,
            centre_address=address,
            centre_phone=centre_phone,
            opening_hours=hours,
            zone_id=zone_id,
            zone=zone,
        )
        for (
            pk,
            full_name,
            username,
            employee_no,
            title,
            phone,
            specialties,
            centre_id,
            centre,
            address,
            centre_phone,
            hours,
            zone_id,
            zone,
        ) in rows
    ]
