"""agents.selectors: the supervisors of a centre, the public agent directory; and the
escalation the agents set for the spine's supervision."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from agents.selectors import AgentProfile, agent_directory, centre_supervisors, supervisors_of_centres
from crm.accounts.roles import Role
from crm.supervision import services as supervision
from tests.factories import ProxyAgentFactory, ServiceCentreFactory, UserFactory, ZoneFactory

pytestmark = pytest.mark.django_db


def supervisor_of(centre, employee_no, **user):
    return ProxyAgentFactory(
        centre=centre, employee_no=employee_no, user=UserFactory(roles=[Role.SUPERVISOR, Role.AGENT], **user)
    )


@pytest.fixture
def centres():
    return ServiceCentreFactory(name="甲中心"), ServiceCentreFactory(name="乙中心")


def test_the_supervisors_of_a_centre_are_its_active_supervisors_by_employee_number(centres):
    first, second = centres
    later = supervisor_of(first, "A-02")
    earlier = supervisor_of(first, "A-01")
    other = supervisor_of(second, "B-01")
    ProxyAgentFactory(centre=first, employee_no="A-03")  # an agent, not a supervisor
    ProxyAgentFactory(
        centre=first, employee_no="A-04", is_active=False, user=UserFactory(roles=[Role.SUPERVISOR])
    )  # no longer in post
    supervisor_of(first, "A-05", is_active=False)  # login disabled

    assert list(supervisors_of_centres([first.pk])) == [earlier, later]
    assert list(supervisors_of_centres([first.pk, second.pk, None])) == [earlier, later, other]
    assert centre_supervisors([first.pk, second.pk, None]) == {
        first.pk: [earlier.user_id, later.user_id],
        second.pk: [other.user_id],
    }
    assert centre_supervisors([]) == {}


def test_centre_supervisors_is_one_query(centres, django_assert_num_queries):
    supervisor_of(centres[0], "A-01")
    supervisor_of(centres[1], "B-01")
    with django_assert_num_queries(1):
        assert set(centre_supervisors(c.pk for c in centres)) == {c.pk for c in centres}


def test_the_directory_lists_the_agents_in_post_with_their_centre_in_one_query(django_assert_num_queries):
    zone = ZoneFactory(name="盐都区")
    centre = ServiceCentreFactory(
        name="盐都区代办中心",
        zone=zone,
        address="新都西路88号",
        phone="0515-88201888",
        opening_hours="工作日 8:30-17:30",
    )
    agent = ProxyAgentFactory(
        centre=centre,
        employee_no="YD-002",
        title="专职代办员",
        phone="13805151011",
        specialties="工业项目",
        user=UserFactory(full_name="王代办", roles=[Role.AGENT]),
    )
    chief = ProxyAgentFactory(
        centre=centre,
        employee_no="YD-001",
        title="代办中心负责人",
        phone="13805151001",
        user=UserFactory(full_name="", username="chief", roles=[Role.SUPERVISOR]),
    )
    ProxyAgentFactory(centre=centre, employee_no="YD-009", is_active=False)
    ProxyAgentFactory(centre=centre, employee_no="YD-010", user=UserFactory(is_active=False))
    elsewhere = ProxyAgentFactory(employee_no="JK-001")

    with django_assert_num_queries(1):
        profiles = agent_directory()
    ours = [p for p in profiles if p.centre_id == centre.pk]
    assert [p.pk for p in ours] == [chief.pk, agent.pk]
    assert ours[1] == AgentProfile(
        pk=agent.pk,
        name="王代办",
        employee_no="YD-002",
        title="专职代办员",
        phone="13805151011",
        specialties="工业项目",
        centre_id=centre.pk,
        centre="盐都区代办中心",
        centre_address="新都西路88号",
        centre_phone="0515-88201888",
        opening_hours="工作日 8:30-17:30",
        zone_id=zone.pk,
        zone="盐都区",
    )
    assert ours[0].name == "chief"  # a login without a full name shows its username
    assert {p.pk for p in profiles} == {chief.pk, agent.pk, elsewhere.pk}
    assert [p.pk for p in agent_directory(centre_ids=[elsewhere.centre_id])] == [elsewhere.pk]


def test_escalation_is_one_resolver_set_by_the_agents(monkeypatch):
    assert supervision._escalation is centre_supervisors  # AgentsConfig.ready
    supervision.escalation_register(centre_supervisors)  # the same again: no change
    with pytest.raises(ImproperlyConfigured):
        supervision.escalation_register(lambda keys: {})
    monkeypatch.setattr(supervision, "_escalation", None)
    assert supervision.escalation_recipients([None]) == {}
    with pytest.raises(ImproperlyConfigured, match="AgentsConfig.ready"):
        supervision.escalation_recipients([1])
