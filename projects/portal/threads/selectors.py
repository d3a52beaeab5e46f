"""Reads of a case's message thread."""

from django.db.models import QuerySet

from crm.accounts.roles import Role, has_role, primary_role
from projects.models import CaseMessage, ProxyCase, staff_on_case


def thread_of(case: ProxyCase) -> QuerySet[CaseMessage]:
    """The case's messages, oldest first (the newest at the bottom, by the form)."""
    return case.messages.select_related("author").order_by("sent_at", "pk")


def thread_side(case: ProxyCase, user) -> str | None:
    """Which side of the thread ``user`` writes from on ``case``: "staff" (its agent,
    that agent's supervisors, administrators), "enterprise" (a contact of the case's
    enterprise), or None (may not write)."""
    if staff_on_case(case, user):
        return "staff"
    contact = getattr(user, "enterprise_contact", None) if has_role(user, Role.ENTERPRISE) else None
    if contact is not None and contact.enterprise_id == case.enterprise_id:
        return "enterprise"
    return None


def author_role(user, side: str) -> Role:
    if side == "enterprise":
        return Role.ENTERPRISE
    return primary_role(user) or Role.AGENT
