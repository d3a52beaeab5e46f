"""Access pages: the link signs the person in, dead links read the same, the lists and
forms stay inside the enterprise, a refused invite keeps what was typed."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from projects.models import EnterpriseContact, Invitation
from projects.portal.access.services import invitation_send
from tests.factories import EnterpriseContactFactory

pytestmark = pytest.mark.django_db

DEAD = "请联系您的代办员"


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _invite(world, case):
    return invitation_send(enterprise=case.enterprise, by=world.users["agent1"], name="李四", phone="13900001111")


def test_the_link_sets_the_password_and_signs_in(world, own_case):
    invitation, token = _invite(world, own_case)
    client = _client()
    page = client.get(f"/projects/invitation/{token}/")
    assert page.status_code == 200 and "13900001111" in page.text and "李四" in page.text
    weak = client.post(f"/projects/invitation/{token}/", {"new_password1": "123", "new_password2": "123"})
    assert weak.status_code == 200 and "密码" in weak.text
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    done = client.post(
        f"/projects/invitation/{token}/", {"new_password1": "Qiye-2026-mima", "new_password2": "Qiye-2026-mima"}
    )
    assert done.status_code == 302 and done["Location"] == "/projects/enterprise/"
    assert client.get("/projects/enterprise/").status_code == 200
    # used: the same page as an unknown link; and the password signs in through the login form
    assert DEAD in _client().get(f"/projects/invitation/{token}/").text
    login = _client().post("/login/", {"username": "13900001111", "password": "Qiye-2026-mima"})
    assert login.status_code == 302


def test_dead_links_read_the_same(world, own_case):
    invitation, token = _invite(world, own_case)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    for link in (token, "made-up", "x" * 300):
        page = _client().get(f"/projects/invitation/{link}/")
        assert page.status_code == 200 and DEAD in page.text


def test_the_enterprise_sees_who_has_access(world, own_case):
    _invite(world, own_case)
    client = _client(world.users["enterprise1"])
    assert "账号与权限" in client.get("/projects/enterprise/").text
    page = client.get("/projects/enterprise/access/")
    assert page.status_code == 200
    assert "李四" in page.text and "邀请待接受" in page.text and "本人账号不能自行撤销" in page.text


def test_the_case_page_shows_the_agent_the_access_list(world, own_case):
    _invite(world, own_case)
    staff = _client(world.users["agent1"]).get(f"/projects/cases/{own_case.pk}/")
    assert 'data-testid="access-list"' in staff.text and "李四" in staff.text
    enterprise = _client(world.users["enterprise1"]).get(f"/projects/cases/{own_case.pk}/")
    assert 'data-testid="access-list"' not in enterprise.text and 'data-testid="thread"' in enterprise.text


def test_never_another_enterprises_contacts(world, own_case):
    stranger = EnterpriseContactFactory(enterprise=world.other_project.enterprise, user=None, name="外企联系人")
    invitation_send(enterprise=stranger.enterprise, by=world.users["admin"], contact=stranger)
    own = _client(world.users["enterprise1"])
    assert own.post(f"/projects/enterprise/access/{stranger.pk}/revoke/").status_code == 404
    assert own.post("/projects/enterprise/access/invite/", {"contact": stranger.pk}).status_code == 302
    assert "外企联系人" not in own.get("/projects/enterprise/access/").text
    agent = _client(world.users["agent1"])
    assert agent.post(f"/projects/cases/{own_case.pk}/access/{stranger.pk}/revoke/").status_code == 404
    agent.post(f"/projects/cases/{own_case.pk}/access/invite/", {"contact": stranger.pk})
    assert stranger.invitations.count() == 1  # the other enterprise's contact is not a choice here
    assert _client(world.users["agent2"]).post(f"/projects/cases/{own_case.pk}/access/invite/").status_code == 404


def test_a_refused_invite_keeps_what_was_typed(world, own_case):
    client = _client(world.users["agent1"])
    back = client.post(
        f"/projects/cases/{own_case.pk}/access/invite/",
        {"contact": "", "name": "", "position": "会计", "phone": "13900001111"},
    )
    assert back.status_code == 302
    page = client.get(back["Location"])
    assert "请填写姓名" in page.text and 'value="会计"' in page.text
    assert not EnterpriseContact.objects.filter(position="会计").exists()


def test_an_invitation_needs_a_mobile_number_the_link_can_be_texted_to(world, own_case):
    client = _client(world.users["agent1"])
    back = client.post(
        f"/projects/cases/{own_case.pk}/access/invite/", {"contact": "", "name": "李晓", "phone": "12345"}
    )
    page = client.get(back["Location"])
    assert "请输入11位手机号码" in page.text and 'value="李晓"' in page.text
    assert not EnterpriseContact.objects.filter(name="李晓").exists()
