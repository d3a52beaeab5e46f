"""Reads: which service centres and agents a user may see."""

from django.db.models import QuerySet

from agents.models import ProxyAgent, ServiceCentre
from crm.accounts.roles import Role, user_roles


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
