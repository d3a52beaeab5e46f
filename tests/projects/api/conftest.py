"""The permission world of tests/scenario.py, plus a case with one item for agent1
(on agent1's project, enterprise1's enterprise) and one for agent2."""

from dataclasses import dataclass

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from projects.cases.services import case_items_choose, case_open, case_project_link
from projects.models import ProjectItem, ProxyCase
from tests.factories import MON, ApprovalItemFactory


def case_with_item(*, project, agent_user, code: str) -> tuple[ProxyCase, ProjectItem]:
    case = case_open(
        enterprise=project.enterprise,
        agent=agent_user.agent_profile,
        channel="phone",
        summary="新建厂房，咨询规划许可",
        on=MON,
        by=agent_user,
    )
    case_project_link(case=case, project=project, by=agent_user)
    (item,) = case_items_choose(
        case=case, approval_items=[ApprovalItemFactory(code=code, committed_days=10)], by=agent_user
    )
    return case, item


@dataclass
class ApiWorld:
    users: dict
    own_project: object
    other_project: object
    own_case: ProxyCase
    other_case: ProxyCase
    own_item: ProjectItem
    other_item: ProjectItem


@pytest.fixture
def api_world(world):
    own_case, own_item = case_with_item(project=world.own_project, agent_user=world.users["agent1"], code="API-1")
    other_case, other_item = case_with_item(project=world.other_project, agent_user=world.users["agent2"], code="API-2")
    return ApiWorld(
        users=world.users,
        own_project=world.own_project,
        other_project=world.other_project,
        own_case=own_case,
        other_case=other_case,
        own_item=own_item,
        other_item=other_item,
    )


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def agent(api, api_world):
    """agent1, signed in to ``api`` with its token."""
    sign_in(api, api_world.users["agent1"])
    return api_world.users["agent1"]


def sign_in(client: APIClient, user) -> APIClient:
    """Authenticate as a machine client does: with the user's token."""
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client
