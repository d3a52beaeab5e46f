"""Reads of a case's message thread."""

from django.db.models import QuerySet

from crm.accounts.roles import Role, primary_role
from projects.models import CaseMessage, ProxyCase


def thread_of(case: ProxyCase) -> QuerySet[CaseMessage]:
    """The case's messages, oldest first (the newest at the bottom, by the form)."""
    return case.messages.select_related("author").order_by("sent_at", "pk")


def author_role(user, side: str) -> Role:
    if side == "enterprise":
        return Role.ENTERPRISE
    return primary_role(user) or Role.AGENT
