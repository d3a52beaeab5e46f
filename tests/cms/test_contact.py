""" "请这位代办员联系我": a first contact owned by the chosen agent, who is told at once;
rate-limited per address, no CAPTCHA."""

import pytest
from django.core.cache import cache

from cms.models import ContactRequest
from crm.audit.models import AuditEntry
from crm.notifications.models import Notification
from tests.factories import ProxyAgentFactory

pytestmark = pytest.mark.django_db

FILLED = {
    "enterprise_name": "盐城某新材料有限公司",
    "contact_name": "王经理",
    "phone": "0515-88880000",
    "plan": "新建厂房",
}


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def contact_url(site_tree, agent) -> str:
    directory = site_tree["directory"]
    return directory.url + directory.reverse_subpage("contact", args=(agent.pk,))


def test_the_directory_links_each_agent_to_the_form(client, site_tree):
    agent = ProxyAgentFactory()
    assert contact_url(site_tree, agent) in client.get(site_tree["directory"].url).content.decode()


def test_a_request_becomes_the_agents_first_contact_and_the_agent_is_told(client, site_tree):
    agent = ProxyAgentFactory()
    url = contact_url(site_tree, agent)
    assert client.get(url).status_code == 200
    response = client.post(url, FILLED)
    assert response.status_code == 200 and "已转告" in response.content.decode()
    request = ContactRequest.objects.get()
    assert request.agent == agent and request.enterprise_name == FILLED["enterprise_name"]
    assert AuditEntry.objects.filter(event="contactrequest.created", subject_id=str(request.pk)).count() == 1
    note = Notification.objects.get(recipient=agent.user)
    assert "盐城某新材料有限公司" in note.title and "0515-88880000" in note.body


def test_a_refused_request_keeps_what_was_typed(client, site_tree):
    agent = ProxyAgentFactory()
    page = client.post(contact_url(site_tree, agent), {**FILLED, "phone": "打电话\x00"}).content.decode()
    assert "请填写有效的电话号码" in page and 'value="盐城某新材料有限公司"' in page
    for hostile in ("\x00", "长" * 10_000, ""):
        response = client.post(contact_url(site_tree, agent), {**FILLED, "enterprise_name": hostile})
        assert response.status_code == 200 and "已转告" not in response.content.decode()
    assert not ContactRequest.objects.exists()


def test_an_inactive_or_unknown_agent_has_no_form(client, site_tree):
    agent = ProxyAgentFactory(is_active=False)
    assert client.get(contact_url(site_tree, agent)).status_code == 404
    assert client.post(contact_url(site_tree, agent), FILLED).status_code == 404
    assert not ContactRequest.objects.exists()


def test_requests_from_one_address_are_rate_limited(client, site_tree):
    agent = ProxyAgentFactory()
    url = contact_url(site_tree, agent)
    for _ in range(5):
        assert client.post(url, FILLED).status_code == 200
    refused = client.post(url, FILLED)
    assert refused.status_code == 429 and "提交过于频繁" in refused.content.decode()
    assert ContactRequest.objects.count() == 5
    assert client.post(url, FILLED, REMOTE_ADDR="10.0.0.9").status_code == 200
