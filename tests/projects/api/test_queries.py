"""API lists and details read in a fixed number of queries, however many rows."""

import datetime as dt
import itertools

import pytest

from projects.cases.services import (
    case_authorise,
    case_commitment_record,
    case_items_choose,
    case_open,
    item_accept,
    item_pass_prereview,
    item_submit,
)
from projects.investment.events import MilestoneEvent
from projects.investment.services import project_event_record
from tests.factories import (
    MON,
    ApprovalItemFactory,
    EnterpriseFactory,
    ProjectFactory,
    ProxyAgentFactory,
    SupervisorFactory,
)
from tests.projects.api.conftest import sign_in

pytestmark = pytest.mark.django_db

_codes = itertools.count(1)


@pytest.fixture
def supervisor():
    """A supervisor who is also an agent, so both the own-case and the centre scope
    are in play; cases are spread over the centre's agents."""
    return SupervisorFactory()


def _projects(agent, n):
    enterprise = EnterpriseFactory(zone=agent.centre.zone)
    for i in range(n):
        project = ProjectFactory(agent=agent, enterprise=enterprise)
        project_event_record(
            project=project, event=MilestoneEvent.PROJECT_FILED, on=MON + dt.timedelta(days=i), by=agent.user
        )


def _cases(supervisor, n, items_per_case=1):
    colleague = ProxyAgentFactory(centre=supervisor.centre)
    for i in range(n):
        agent = (supervisor, colleague)[i % 2]
        case = case_open(
            enterprise=EnterpriseFactory(zone=agent.centre.zone),
            agent=agent,
            channel="visit",
            summary="咨询",
            on=MON,
            by=agent.user,
        )
        chosen = [ApprovalItemFactory(code=f"Q-{next(_codes)}", committed_days=10) for _ in range(items_per_case)]
        (first, *_rest) = case_items_choose(case=case, approval_items=chosen, by=agent.user)
        case_authorise(case=case, signed_on=MON, signatory="法人", scope="代办", by=agent.user)
        item_pass_prereview(item=first, on=MON, by=agent.user)
        item_submit(item=first, on=MON, by=agent.user)
        item_accept(item=first, acceptance_no=f"A-{i}", on=MON, by=agent.user)
        case_commitment_record(case=case, content="10个工作日内办结", working_days=10, on=MON, by=agent.user)


def _count(api, django_assert_max_num_queries, url, rows) -> int:
    with django_assert_max_num_queries(1000) as captured:
        response = api.get(url)
    assert response.status_code == 200
    body = response.json()
    assert len(body["results"] if "results" in body else body["items"]) == rows
    return len(captured.captured_queries)


def test_project_list_does_not_grow_with_rows(api, django_assert_max_num_queries, supervisor):
    sign_in(api, supervisor.user)
    _projects(supervisor, 2)
    small = _count(api, django_assert_max_num_queries, "/api/v1/projects/", 2)
    _projects(supervisor, 18)
    assert _count(api, django_assert_max_num_queries, "/api/v1/projects/", 20) == small


@pytest.mark.parametrize("url", ["/api/v1/cases/", "/api/v1/items/"])
def test_case_and_item_lists_do_not_grow_with_rows(api, django_assert_max_num_queries, supervisor, url):
    sign_in(api, supervisor.user)
    _cases(supervisor, 2)
    small = _count(api, django_assert_max_num_queries, url, 2)
    _cases(supervisor, 18)
    assert _count(api, django_assert_max_num_queries, url, 20) == small


def test_case_detail_does_not_grow_with_items(api, django_assert_max_num_queries, supervisor):
    sign_in(api, supervisor.user)
    counts = []
    for n in (2, 20):
        _cases(supervisor, 1, items_per_case=n)
        case = supervisor.cases.order_by("-pk").first()
        counts.append(_count(api, django_assert_max_num_queries, f"/api/v1/cases/{case.pk}/", n))
    assert counts[0] == counts[1]


def test_item_transitions_are_a_few_queries(api, django_assert_max_num_queries, supervisor):
    sign_in(api, supervisor.user)
    _cases(supervisor, 1)
    item = supervisor.cases.get().items.get()
    with django_assert_max_num_queries(6):
        assert api.get(f"/api/v1/items/{item.pk}/transitions/").status_code == 200
    with django_assert_max_num_queries(15):
        response = api.post(f"/api/v1/items/{item.pk}/transitions/", {"action": "start_review", "on": "2026-03-03"})
    assert response.status_code == 200
