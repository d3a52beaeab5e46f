"""Role pages read through selectors in a fixed number of queries, however many
projects and milestones there are."""

import datetime as dt

import pytest

from crm.accounts.roles import Role
from projects.investment.events import MilestoneEvent
from projects.investment.services import project_event_record
from tests.factories import EnterpriseContactFactory, EnterpriseFactory, ProjectFactory, ProxyAgentFactory, UserFactory

pytestmark = pytest.mark.django_db


def _portfolio(agent, n):
    enterprise = EnterpriseFactory(zone=agent.centre.zone)
    for i in range(n):
        project = ProjectFactory(agent=agent, enterprise=enterprise)
        project_event_record(
            project=project,
            event=MilestoneEvent.PROJECT_FILED,
            on=dt.date(2026, 3, 2) + dt.timedelta(days=i),
            by=agent.user,
        )
    return enterprise


def _queries_for(client, django_assert_max_num_queries, url, n_small, n_big, build):
    counts = []
    for n in (n_small, n_big):
        build(n)
        with django_assert_max_num_queries(1000) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured.captured_queries))
    return counts


@pytest.mark.parametrize(("role", "url"), [(Role.AGENT, "/projects/agent/"), (Role.SUPERVISOR, "/projects/centre/")])
def test_staff_pages_do_not_grow_with_rows(client, django_assert_max_num_queries, role, url):
    agent = ProxyAgentFactory(user=UserFactory(roles=[Role.AGENT, role]))
    client.force_login(agent.user)
    small, big = _queries_for(client, django_assert_max_num_queries, url, 2, 20, lambda n: _portfolio(agent, n))
    assert small == big


def test_enterprise_page_does_not_grow_with_rows(client, django_assert_max_num_queries):
    agent = ProxyAgentFactory()
    enterprise = _portfolio(agent, 1)
    user = EnterpriseContactFactory(enterprise=enterprise, name="联系人").user
    client.force_login(user)

    def more(n):
        for _ in range(n):
            ProjectFactory(agent=agent, enterprise=enterprise)

    small, big = _queries_for(client, django_assert_max_num_queries, "/projects/enterprise/", 2, 20, more)
    assert small == big


def test_project_page_query_count_is_bounded(client, django_assert_max_num_queries):
    agent = ProxyAgentFactory()
    _portfolio(agent, 1)
    project = agent.projects.get()
    client.force_login(agent.user)
    with django_assert_max_num_queries(25):
        assert client.get(f"/projects/{project.pk}/").status_code == 200
