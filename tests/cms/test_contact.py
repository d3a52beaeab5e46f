""" "请这位代办员联系我": a first contact owned by the chosen agent (a case at intake),
who is told at once; rate-limited per address, no CAPTCHA; the same phone asking the same
agent again within 24 hours makes no second case."""

import pytest

from cms.models import ContactRequest
from crm.audit.models import AuditEntry
from crm.notifications.models import Notification
from projects.models import CaseState, ProxyCase
from tests.factories import ProxyAgentFactory

pytestmark = pytest.mark.django_db

FILLED = {
    "enterprise_name": "盐城某新材料有限公司",
    "contact_name": "王经理",
    "phone": "0515-88880000",
    "plan": "新建厂房",
}


def contact_url(site_tree, agent) -> str:
    directory = site_tree["directory"]
    return directory.url + directory.reverse_subpage("contact", args=(agent.pk,))


def test_the_directory_links_each_agent_to_the_form(client, site_tree):
    agent = ProxyAgentFactory()
    assert contact_url(site_tree, agent) in client.get(site_tree["directory"].url).content.decode()


def test_a_request_opens_a_case_owned_by_that_agent_and_the_agent_is_told(client, site_tree):
    agent = ProxyAgentFactory()
    url = contact_url(site_tree, agent)
    assert client.get(url).status_code == 200
    response = client.post(url, FILLED)
    assert response.status_code == 200 and "已转告" in response.content.decode()
    request = ContactRequest.objects.get()
    assert request.agent == agent and request.enterprise_name == FILLED["enterprise_name"]
    case = ProxyCase.objects.get()
    assert request.case == case and case.agent == agent and case.state == CaseState.INTAKE
    assert case.enterprise.name == FILLED["enterprise_name"] and case.first_contact_channel == "online"
    assert AuditEntry.objects.filter(event="contactrequest.created", subject_id=str(request.pk)).count() == 1
    note = Notification.objects.get(recipient=agent.user)
    assert "盐城某新材料有限公司" in note.title and "0515-88880000" in note.body
    assert note.url == f"/projects/cases/{case.pk}/"


def test_the_same_phone_asking_the_same_agent_again_makes_no_second_case(client, site_tree):
    agent, other = ProxyAgentFactory(), ProxyAgentFactory()
    client.post(contact_url(site_tree, agent), FILLED)
    again = client.post(contact_url(site_tree, agent), {**FILLED, "phone": "0515 8888 0000", "plan": "再问一次"})
    assert again.status_code == 200 and "无需重复提交" in again.content.decode()
    assert ProxyCase.objects.count() == ContactRequest.objects.count() == 1
    assert Notification.objects.filter(recipient=agent.user).count() == 1
    client.post(contact_url(site_tree, other), FILLED)  # another agent: a case of theirs
    client.post(contact_url(site_tree, agent), {**FILLED, "phone": "13905150000"})  # another phone
    assert ProxyCase.objects.count() == 3
    assert (
        ProxyCase.objects.filter(enterprise__name=FILLED["enterprise_name"]).values("enterprise").distinct().count()
        == 1
    )


@pytest.mark.parametrize("phone", ["12345", "0515-888", "23905150000", "1390515000０", "电话0515-88880000"])
def test_a_phone_number_that_cannot_be_called_is_refused(client, site_tree, phone):
    response = client.post(contact_url(site_tree, ProxyAgentFactory()), {**FILLED, "phone": phone})
    assert "请填写有效的电话号码" in response.content.decode()
    assert not ProxyCase.objects.exists()


def test_a_refused_request_keeps_what_was_typed(client, site_tree):
    agent = ProxyAgentFactory()
    page = client.post(contact_url(site_tree, agent), {**FILLED, "phone": "打电话"}).content.decode()
    assert "请填写有效的电话号码" in page and 'value="盐城某新材料有限公司"' in page
    for hostile in ("\x00", "长" * 10_000, ""):
        response = client.post(contact_url(site_tree, agent), {**FILLED, "enterprise_name": hostile})
        assert response.status_code == 200 and "已转告" not in response.content.decode()
    assert not ContactRequest.objects.exists() and not ProxyCase.objects.exists()


def test_an_inactive_or_unknown_agent_has_no_form(client, site_tree):
    agent = ProxyAgentFactory(is_active=False)
    assert client.get(contact_url(site_tree, agent)).status_code == 404
    assert client.post(contact_url(site_tree, agent), FILLED).status_code == 404
    assert not ContactRequest.objects.exists() and not ProxyCase.objects.exists()


def test_requests_from_one_address_are_rate_limited(client, site_tree):
    agent = ProxyAgentFactory()
    url = contact_url(site_tree, agent)
    for n in range(5):
        assert client.post(url, {**FILLED, "phone": f"1390515000{n}"}).status_code == 200
    refused = client.post(url, {**FILLED, "phone": "13905150009"})
    assert refused.status_code == 429 and "提交过于频繁" in refused.content.decode()
    assert ContactRequest.objects.count() == ProxyCase.objects.count() == 5
    assert client.post(url, {**FILLED, "phone": "13905150009"}, REMOTE_ADDR="10.0.0.9").status_code == 200
    assert ProxyCase.objects.count() == 6
