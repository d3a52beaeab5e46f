"""Enterprise access: invite a contact by a one-time link (SMS and e-mail through the
outbox), accept it (set the password), withdraw it, revoke a colleague's access.

The outbox addresses users, so an invitation gives the contact a user at once:
inactive, with no usable password, in the enterprise group. The link's acceptance
sets the password and switches it on; revoking switches it off (the user stays, as
author of what they did)."""

import datetime as dt
import re
import secrets

from axes.utils import reset as axes_reset
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from crm.accounts.models import User
from crm.accounts.roles import GROUP_NAMES, Role
from crm.audit.services import audit_record
from crm.models import Notification, NotificationKind
from crm.notifications.services import notify
from projects.models import Enterprise, EnterpriseContact, Invitation
from projects.portal.access.errors import AccessError
from projects.portal.access.events import AccessEvent
from projects.portal.access.selectors import access_may_manage, token_digest

INVITATION_DAYS = 7


def _refuse(error: AccessError, **params) -> ValidationError:
    return ValidationError(error.label, code=error.value, params=params or None)


def _require_manager(enterprise_id: int, by) -> None:
    if not access_may_manage(by, enterprise_id):
        raise PermissionDenied(AccessError.NOT_ALLOWED.label)


def _notification_key(invitation: Invitation) -> str:
    return f"invitation-{invitation.pk}"


def _link_scrub(invitations) -> None:
    """A link that can no longer be used leaves the outbox too: its notification keeps
    the title only."""
    Notification.objects.filter(key__in=[_notification_key(i) for i in invitations]).update(url="", body="")


def _username_for(contact: EnterpriseContact) -> str:
    base = re.sub(r"\D", "", contact.phone) or f"contact{contact.pk}"
    candidate, n = base, 1
    while User.objects.filter(username=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _invitee_user(contact: EnterpriseContact) -> User:
    """The contact's user, made now if they have none (inactive until the link is used)."""
    user = contact.user
    if user is None:
        user = User(username=_username_for(contact), is_active=False)
        user.set_unusable_password()
    user.full_name, user.phone, user.email = contact.name, contact.phone, contact.email
    user.save()
    user.groups.add(Group.objects.get_or_create(name=GROUP_NAMES[Role.ENTERPRISE])[0])
    if contact.user_id != user.pk:
        contact.user = user
        contact.save(update_fields=["user"])
    return user


def _contact_new(enterprise: Enterprise, *, name: str, position: str, phone: str, email: str) -> EnterpriseContact:
    name, phone = (name or "").strip(), (phone or "").strip()
    if not name:
        raise _refuse(AccessError.NAME_REQUIRED)
    if not phone:
        raise _refuse(AccessError.PHONE_REQUIRED)
    return EnterpriseContact.objects.create(
        enterprise=enterprise, name=name, position=(position or "").strip(), phone=phone, email=(email or "").strip()
    )


def invitation_send(
    *,
    enterprise: Enterprise,
    by,
    contact: EnterpriseContact | None = None,
    name: str = "",
    position: str = "",
    phone: str = "",
    email: str = "",
) -> tuple[Invitation, str]:
    """Invite ``contact`` (or a new contact of the enterprise from name, position, phone
    and e-mail): a one-time link valid 7 days, sent by SMS and e-mail; an earlier link
    of the same person stops working. Returns the invitation and the link's token
    (only its digest is stored)."""
    _require_manager(enterprise.pk, by)
    if contact is not None and contact.enterprise_id != enterprise.pk:
        raise _refuse(AccessError.OTHER_ENTERPRISE)
    now = timezone.now()
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        if contact is None:
            contact = _contact_new(enterprise, name=name, position=position, phone=phone, email=email)
        contact = EnterpriseContact.objects.select_for_update(of=("self",)).select_related("user").get(pk=contact.pk)
        if contact.user is not None and contact.user.is_active:
            raise _refuse(AccessError.HAS_ACCOUNT, name=contact.name)
        if not (contact.phone or contact.email):
            raise _refuse(AccessError.NO_CHANNEL)
        user = _invitee_user(contact)
        replaced = list(contact.invitations.filter(accepted_at=None, withdrawn_at=None))
        contact.invitations.filter(pk__in=[i.pk for i in replaced]).update(withdrawn_at=now)
        _link_scrub(replaced)
        invitation = Invitation.objects.create(
            contact=contact,
            token_hash=token_digest(token),
            invited_by=by,
            invited_at=now,
            expires_at=now + dt.timedelta(days=INVITATION_DAYS),
        )
        expires = timezone.localtime(invitation.expires_at)
        audit_record(
            subject=invitation,
            actor=by,
            event=AccessEvent.INVITED,
            after={"contact": contact.name, "expires_at": expires.isoformat(), "replaced": len(replaced)},
        )
        notify(
            key=_notification_key(invitation),
            recipient_id=user.pk,
            kind=NotificationKind.STATUS,
            title=_("%(enterprise)s：%(by)s邀请您开通企业账号") % {"enterprise": enterprise.name, "by": by},
            body=_("请在%(day)s前打开链接设置密码，登录名为%(username)s。链接只能使用一次。")
            % {"day": f"{expires:%Y-%m-%d %H:%M}", "username": user.username},
            url=reverse("projects:invitation_accept", args=[token]),
        )
    return invitation, token


def invitation_accept(*, invitation: Invitation, password: str) -> User:
    """The link is used: the contact's password is set and the account switched on.
    The link cannot be used again."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",)).select_related("contact__user").get(pk=invitation.pk)
        )
        if invitation.state != "pending":
            raise _refuse(AccessError.LINK_INVALID)
        user = invitation.contact.user
        user.set_password(password)
        user.is_active = True
        user.save(update_fields=["password", "is_active"])
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
        audit_record(subject=invitation, actor=user, event=AccessEvent.ACCEPTED, after={"username": user.username})
        _link_scrub([invitation])
        # Wrong guesses at the login form before the password existed must not lock
        # the person out of the account they have just opened (django-axes).
        axes_reset(username=user.username)
    return user


def access_revoke(*, contact: EnterpriseContact, by) -> EnterpriseContact:
    """A colleague (or the enterprise's agent) takes a contact's access away: their
    account can no longer sign in, and a pending invitation is withdrawn. Not one's own."""
    _require_manager(contact.enterprise_id, by)
    if contact.user_id is not None and contact.user_id == by.pk:
        raise _refuse(AccessError.SELF)
    now = timezone.now()
    with transaction.atomic():
        contact = EnterpriseContact.objects.select_for_update(of=("self",)).select_related("user").get(pk=contact.pk)
        pending = [
            i for i in contact.invitations.filter(accepted_at=None, withdrawn_at=None) if i.state_at(now) == "pending"
        ]
        active = contact.user is not None and contact.user.is_active
        if not (active or pending):
            raise _refuse(AccessError.NOTHING_TO_REVOKE, name=contact.name)
        if active:
            contact.user.is_active = False
            contact.user.save(update_fields=["is_active"])
            audit_record(
                subject=contact, actor=by, event=AccessEvent.REVOKED, before={"username": contact.user.username}
            )
        for invitation in pending:
            invitation.withdrawn_at = now
            invitation.save(update_fields=["withdrawn_at"])
            audit_record(subject=invitation, actor=by, event=AccessEvent.WITHDRAWN)
        _link_scrub(pending)
    return contact
