"""Enterprise access: each service's effects (rows, audit, outbox) and its refusals."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from crm.accounts.roles import Role, has_role
from crm.audit.models import AuditEntry
from crm.models import Channel, Delivery, Notification
from projects.models import EnterpriseContact, Invitation
from projects.portal.access.selectors import access_rows, invitation_pending, token_digest
from projects.portal.access.services import access_revoke, invitation_accept, invitation_send
from tests.factories import EnterpriseContactFactory

pytestmark = pytest.mark.django_db


def _events(subject) -> list[str]:
    entries = AuditEntry.objects.filter(subject_id=str(subject.pk), event__startswith="access.")
    return list(entries.order_by("pk").values_list("event", flat=True))


def test_the_agent_invites_a_new_contact(world, own_case):
    agent = world.users["agent1"]
    invitation, token = invitation_send(
        enterprise=own_case.enterprise,
        by=agent,
        name="李四",
        position="行政主管",
        phone="139 0000 1111",
        email="li@example.com",
    )
    contact = invitation.contact
    assert (contact.enterprise, contact.name, contact.position) == (own_case.enterprise, "李四", "行政主管")
    user = contact.user
    assert user.username == "13900001111" and not user.is_active and not user.has_usable_password()
    assert has_role(user, Role.ENTERPRISE)
    # only the digest is kept; the link lives 7 days
    assert invitation.token_hash == token_digest(token) and token not in invitation.token_hash
    assert invitation.expires_at - invitation.invited_at == dt.timedelta(days=7)
    assert _events(invitation) == ["access.invited"]
    notification = Notification.objects.get(key=f"invitation-{invitation.pk}")
    assert notification.recipient == user and notification.url == f"/projects/invitation/{token}/"
    assert "13900001111" in notification.body
    assert set(Delivery.objects.filter(notification=notification).values_list("channel", flat=True)) == {
        Channel.IN_APP,
        Channel.EMAIL,
        Channel.PUSH,
    }


def test_reinviting_replaces_the_old_link(world, own_case):
    agent = world.users["agent1"]
    first, old = invitation_send(enterprise=own_case.enterprise, by=agent, name="李四", phone="13900001111")
    second, new = invitation_send(enterprise=own_case.enterprise, by=agent, contact=first.contact)
    first.refresh_from_db()
    assert first.withdrawn_at is not None and invitation_pending(old) is None
    assert invitation_pending(new) == second
    assert Notification.objects.get(key=f"invitation-{first.pk}").url == ""  # the dead link leaves the outbox
    assert EnterpriseContact.objects.filter(name="李四").count() == 1


def test_accepting_sets_the_password_once(world, own_case):
    invitation, token = invitation_send(
        enterprise=own_case.enterprise, by=world.users["agent1"], name="李四", phone="13900001111"
    )
    user = invitation_accept(invitation=invitation, password="Qiye-2026-mima")
    assert user.is_active and user.check_password("Qiye-2026-mima")
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None and invitation_pending(token) is None
    assert _events(invitation) == ["access.invited", "access.accepted"]
    assert Notification.objects.get(key=f"invitation-{invitation.pk}").url == ""
    with pytest.raises(ValidationError):
        invitation_accept(invitation=invitation, password="Another-2026-x")


def test_accepting_lifts_an_earlier_sign_in_lockout(world, own_case):
    from axes.models import AccessAttempt

    invitation, _token = invitation_send(
        enterprise=own_case.enterprise, by=world.users["agent1"], name="李四", phone="13900001111"
    )
    AccessAttempt.objects.create(
        username="13900001111",
        ip_address="10.0.0.1",
        user_agent="test",
        failures_since_start=5,
        get_data="",
        post_data="",
        http_accept="",
        path_info="/login/",
    )
    invitation_accept(invitation=invitation, password="Qiye-2026-mima")
    assert not AccessAttempt.objects.filter(username="13900001111").exists()


def test_an_expired_link_is_dead(world, own_case):
    invitation, token = invitation_send(
        enterprise=own_case.enterprise, by=world.users["agent1"], name="李四", phone="13900001111"
    )
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert invitation_pending(token) is None
    assert invitation_pending("unknown") is None


def test_a_contact_invites_a_colleague_and_revokes(world, own_case):
    own = world.users["enterprise1"]
    invitation, _token = invitation_send(enterprise=own_case.enterprise, by=own, name="赵六", phone="13900002222")
    assert invitation.invited_by == own
    user = invitation_accept(invitation=invitation, password="Qiye-2026-mima")
    access_revoke(contact=invitation.contact, by=own)
    user.refresh_from_db()
    assert not user.is_active
    assert _events(invitation.contact) == ["access.revoked"]
    # revoked: may be invited again, the same user comes back
    again, _ = invitation_send(enterprise=own_case.enterprise, by=own, contact=invitation.contact)
    assert again.contact.user_id == user.pk


def test_withdrawing_a_pending_invitation(world, own_case):
    invitation, token = invitation_send(
        enterprise=own_case.enterprise, by=world.users["enterprise1"], name="赵六", phone="13900002222"
    )
    access_revoke(contact=invitation.contact, by=world.users["agent1"])
    invitation.refresh_from_db()
    assert invitation.withdrawn_at is not None and invitation_pending(token) is None
    assert _events(invitation) == ["access.invited", "access.withdrawn"]
    with pytest.raises(ValidationError, match="既没有可用的账号"):
        access_revoke(contact=invitation.contact, by=world.users["agent1"])


def test_refusals(world, own_case):
    own = world.users["enterprise1"]
    with pytest.raises(ValidationError, match="不能撤销自己"):
        access_revoke(contact=own.enterprise_contact, by=own)
    with pytest.raises(ValidationError, match="已有可用的账号"):
        invitation_send(enterprise=own_case.enterprise, by=world.users["agent1"], contact=own.enterprise_contact)
    with pytest.raises(ValidationError, match="请填写姓名"):
        invitation_send(enterprise=own_case.enterprise, by=own, phone="13900002222")
    stranger = EnterpriseContactFactory(enterprise=world.other_project.enterprise, user=None)
    with pytest.raises(ValidationError, match="只能邀请本企业"):
        invitation_send(enterprise=own_case.enterprise, by=own, contact=stranger)
    for outsider in ("agent2", "supervisor_b", "zone_a", "nobody"):
        with pytest.raises(PermissionDenied):
            invitation_send(enterprise=own_case.enterprise, by=world.users[outsider], name="某", phone="1")
    with pytest.raises(PermissionDenied):  # another enterprise's contact
        access_revoke(contact=stranger, by=own)
    assert not Invitation.objects.exists()


def test_the_access_list(world, own_case, django_assert_max_num_queries):
    own = world.users["enterprise1"]
    pending, _ = invitation_send(enterprise=own_case.enterprise, by=own, name="赵六", phone="13900002222")
    accepted, _ = invitation_send(
        enterprise=own_case.enterprise, by=world.users["agent1"], name="李四", phone="13900001111"
    )
    invitation_accept(invitation=accepted, password="Qiye-2026-mima")
    with django_assert_max_num_queries(3):
        rows = {c.name: c for c in access_rows(own_case.enterprise_id)}
    assert rows["赵六"].pending == pending and not rows["赵六"].has_access
    assert rows["李四"].has_access and rows["李四"].accepted.invited_by == world.users["agent1"]
    assert rows[own.enterprise_contact.name].has_access and rows[own.enterprise_contact.name].accepted is None
