"""Reads of enterprise access: who may manage an enterprise's accounts, the access list."""

import hashlib

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from crm.accounts.roles import Role, has_role
from projects.cases.selectors import cases_visible_to
from projects.models import EnterpriseContact, Invitation


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def contact_of(user) -> EnterpriseContact | None:
    """The enterprise contact record of a signed-in enterprise user, if any."""
    if not has_role(user, Role.ENTERPRISE):
        return None
    return getattr(user, "enterprise_contact", None)


def contact_required(user) -> EnterpriseContact:
    """``contact_of``, for pages only an enterprise's own contacts open: a user in the
    role without a contact record has nothing to see there (403)."""
    contact = contact_of(user)
    if contact is None:
        raise PermissionDenied
    return contact


def access_may_manage(user, enterprise_id: int) -> bool:
    """The enterprise's own contacts, and the staff of one of its cases (its agent, that
    agent's supervisors, administrators) may invite and revoke."""
    if not getattr(user, "is_authenticated", False):
        return False
    contact = contact_of(user)
    if contact is not None and contact.enterprise_id == enterprise_id:
        return True
    if has_role(user, Role.ADMINISTRATOR):
        return True
    if not has_role(user, Role.SUPERVISOR, Role.AGENT):
        return False
    return cases_visible_to(user).filter(enterprise_id=enterprise_id).exists()


def contacts_without_access(enterprise_id: int) -> QuerySet[EnterpriseContact]:
    """The contacts one may invite: no account, or an account that is switched off."""
    return EnterpriseContact.objects.filter(enterprise_id=enterprise_id).exclude(user__is_active=True)


def invitation_pending(token: str) -> Invitation | None:
    """The invitation of a link if it can still be used, else None (unknown, used,
    withdrawn or expired links all read the same)."""
    invitation = (
        Invitation.objects.select_related("contact__enterprise", "contact__user")
        .filter(token_hash=token_digest(token or ""))
        .first()
    )
    if invitation is None or invitation.state != "pending":
        return None
    return invitation


def access_rows(enterprise_id: int) -> list[EnterpriseContact]:
    """Every contact of the enterprise with its access in words: ``has_access`` (an
    account that may sign in), ``accepted`` (the invitation that opened it: who and
    when), ``pending`` (a live invitation and its expiry). Three queries."""
    now = timezone.now()
    contacts = list(
        EnterpriseContact.objects.filter(enterprise_id=enterprise_id)
        .select_related("user")
        .prefetch_related(
            Prefetch("invitations", queryset=Invitation.objects.select_related("invited_by").order_by("-invited_at"))
        )
        .order_by("-is_primary", "name", "pk")
    )
    for contact in contacts:
        invitations = list(contact.invitations.all())
        contact.has_access = contact.user is not None and contact.user.is_active
        contact.accepted = next((i for i in invitations if i.accepted_at), None)
        contact.pending = next((i for i in invitations if i.state_at(now) == "pending"), None)
    return contacts
