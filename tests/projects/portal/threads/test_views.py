"""The thread on the case page: both sides read it, newest last; scope by case."""

import pytest
from django.test import Client

from projects.models import CaseMessage
from projects.portal.threads.services import message_send

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_both_sides_see_the_thread_newest_last(world, own_case):
    message_send(case=own_case, body="第一条：请问进度", by=world.users["enterprise1"])
    message_send(case=own_case, body="第二条：已受理", by=world.users["agent1"])
    for who in ("enterprise1", "agent1"):
        page = _client(world.users[who]).get(f"/projects/cases/{own_case.pk}/").text
        assert page.index("第一条") < page.index("第二条")
        assert f"企业 {world.users['enterprise1']}" in page and f"代办员 {world.users['agent1']}" in page
    assert CaseMessage.objects.filter(read_at__isnull=False).count() == 2  # each opened the other's


def test_sending_from_the_page(world, own_case):
    response = _client(world.users["enterprise1"]).post(
        f"/projects/cases/{own_case.pk}/messages/", {"body": "材料已备齐"}
    )
    assert response.status_code == 302 and response["Location"].endswith("#thread")
    assert CaseMessage.objects.get().body == "材料已备齐"


def test_a_refused_message_comes_back(world, own_case):
    client = _client(world.users["enterprise1"])
    back = client.post(f"/projects/cases/{own_case.pk}/messages/", {"body": "长" * 2001})
    page = client.get(back["Location"]).text
    assert "2000" in page and not CaseMessage.objects.exists()


def test_another_enterprises_case_is_not_found(world, own_case):
    other = _client(world.users["agent2"])
    assert other.post(f"/projects/cases/{own_case.pk}/messages/", {"body": "你好"}).status_code == 404
    assert (
        _client(world.users["nobody"]).post(f"/projects/cases/{own_case.pk}/messages/", {"body": "你好"}).status_code
        == 404
    )
    assert not CaseMessage.objects.exists()
