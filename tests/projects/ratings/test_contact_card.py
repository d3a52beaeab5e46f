"""The enterprise contact card (企业联系卡): what it shows, its QR code, who may open it."""

import pytest
from django.test import RequestFactory

from crm.accounts.roles import Role
from projects.ratings.views import enterprise_status_url, qr_svg
from tests.factories import (
    EnterpriseContactFactory,
    EnterpriseFactory,
    ProjectFactory,
    ProxyAgentFactory,
    ServiceCentreFactory,
    SupervisorFactory,
    UserFactory,
)
from tests.projects.portal.status.pages import answer_shown
from tests.projects.ratings.scenario import closed_case, open_case

pytestmark = pytest.mark.django_db

CARD_ACCESS = {
    "agent_owner": 200,  # the assigned agent, owning a case
    "agent_other": 404,  # same centre, neither assigned nor owning a case
    "supervisor": 200,
    "supervisor_b": 404,
    "enterprise_own": 200,
    "enterprise_other": 404,
    "zone": 404,
    "editor": 404,
    "admin": 200,
}


def card_url(enterprise) -> str:
    return f"/projects/enterprises/{enterprise.pk}/card/"


@pytest.mark.parametrize(("username", "status"), CARD_ACCESS.items())
def test_card_is_for_staff_who_see_the_enterprise_and_its_own_contacts(client, ratings_world, username, status):
    client.force_login(ratings_world.users[username])
    assert client.get(card_url(ratings_world.enterprise)).status_code == status


def test_anonymous_is_sent_to_sign_in(client, ratings_world):
    url = card_url(ratings_world.enterprise)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == f"/login/?next={url}"


def test_an_agent_owning_a_case_sees_the_card_and_so_does_their_supervisor(client, ratings_world):
    centre = ServiceCentreFactory()
    agent = ProxyAgentFactory(centre=centre)
    supervisor = SupervisorFactory(centre=centre)
    colleague = ProxyAgentFactory(centre=centre)
    open_case(agent=agent, enterprise=ratings_world.other_enterprise)
    for user, status in ((agent.user, 200), (supervisor.user, 200), (colleague.user, 404)):
        client.force_login(user)
        assert client.get(card_url(ratings_world.other_enterprise)).status_code == status


def test_card_shows_agent_leader_contacts_centre_and_a_qr_code(client, ratings_world):
    world = ratings_world
    EnterpriseContactFactory(
        enterprise=world.enterprise, user=None, name="钱会计", position="财务", phone="13900000001"
    )
    client.force_login(world.users["agent_owner"])
    response = client.get(card_url(world.enterprise))
    text = response.content.decode()
    agent, centre = world.agent_owner, world.agent_owner.centre
    for expected in (
        world.enterprise.name,
        world.enterprise.credit_code,
        str(agent),
        agent.phone,
        centre.name,
        "李副区长",
        "王经理（行政主管）",
        "钱会计（财务）",
        "13900000001",
        "盐都区开放大道1号",
        "0515-88881234",
        "工作日 8:30-17:30",
    ):
        assert expected in text, expected
    assert "contact_card.css" in text


def test_card_prints_a_qr_code_and_the_link_of_each_projects_public_status(client, ratings_world):
    world = ratings_world
    projects = [ProjectFactory(enterprise=world.enterprise), ProjectFactory(enterprise=world.enterprise)]
    client.force_login(world.users["agent_owner"])
    text = client.get(card_url(world.enterprise)).content.decode()
    figures = text.split('data-testid="card-qr"')[1:]
    assert len(figures) == world.enterprise.projects.count() >= 2
    for project in projects:
        url = f"http://testserver/status/?code={project.code}&verify={project.verification_code}"
        shown = url.replace("&", "&amp;")
        figure = next(f for f in figures if shown in f)
        assert str(qr_svg(url)) in figure  # the code is that of the status link, printed under it
        assert project.name in figure
        # the link opens the status at once, without an account
        client.logout()
        answer = answer_shown(client.get(url.removeprefix("http://testserver")))
        assert f"<h2>{project.name}</h2>" in answer
        client.force_login(world.users["agent_owner"])
    assert "/projects/enterprise/" not in "".join(figures)  # no login form behind the QR any more


def test_card_of_an_enterprise_without_projects_says_where_the_qr_will_be(client, ratings_world):
    enterprise = EnterpriseFactory()
    client.force_login(ratings_world.users["admin"])
    text = client.get(card_url(enterprise)).content.decode()
    assert 'data-testid="card-qr"' not in text and 'data-testid="card-no-project"' in text


def test_card_of_an_enterprise_without_assigned_agent_shows_its_latest_cases_agent(client, ratings_world):
    enterprise = EnterpriseFactory(responsible_leader="")
    agent = ProxyAgentFactory(centre=ratings_world.agent_owner.centre)
    closed_case(agent=agent, enterprise=enterprise)
    client.force_login(ratings_world.users["admin"])
    text = client.get(card_url(enterprise)).content.decode()
    assert str(agent) in text and agent.centre.address in text


def test_status_url_is_absolute_and_leads_to_the_enterprise_status_page(settings):
    settings.ALLOWED_HOSTS = ["crm.yandu.gov.cn", "testserver"]
    request = RequestFactory().get("/projects/enterprises/1/card/", HTTP_HOST="crm.yandu.gov.cn", secure=True)
    assert enterprise_status_url(request) == "https://crm.yandu.gov.cn/projects/enterprise/"
    plain = RequestFactory().get("/projects/enterprises/1/card/")
    assert enterprise_status_url(plain) == "http://testserver/projects/enterprise/"


def test_qr_svg_is_inline_vector_and_depends_on_the_url():
    svg = qr_svg("https://crm.yandu.gov.cn/projects/enterprise/")
    assert svg.startswith("<svg") and "<?xml" not in svg and 'xmlns="http://www.w3.org/2000/svg"' in svg
    assert "<path" in svg and "<image" not in svg
    assert qr_svg("https://crm.yandu.gov.cn/projects/enterprise/") == svg
    assert qr_svg("https://other.example/projects/enterprise/") != svg


def test_card_for_an_enterprise_contact_without_the_role_is_404(client, ratings_world):
    user = UserFactory(roles=[Role.EDITOR])
    EnterpriseContactFactory(enterprise=ratings_world.enterprise, user=user, name="前员工", phone="1")
    client.force_login(user)
    assert client.get(card_url(ratings_world.enterprise)).status_code == 404
