"""The permission world of tests/scenario.py, plus a case with one item for agent1
(on agent1's project, enterprise1's enterprise) and one for agent2."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from projects.cases.services import case_items_choose, case_open, case_project_link
from projects.models import ApprovalItem, ItemKind, OnlineLevel, ProjectItem, ProxyCase
from tests.factories import DepartmentFactory

MON = dt.date(2026, 3, 2)


def approval_item(code: str, *, committed: int = 10, commitment: bool = False) -> ApprovalItem:
    return ApprovalItem.objects.create(
        code=code,
        name=f"建设工程规划许可{code}",
        department=DepartmentFactory(),
        legal_basis="《城乡规划法》",
        kind=ItemKind.COMMITTED,
        statutory_days=committed * 2,
        committed_days=committed,
        fee=Decimal(0),
        online_level=OnlineLevel.FULLY_ONLINE,
        notification_commitment=commitment,
    )


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
    (item,) = case_items_choose(case=case, approval_items=[approval_item(code)], by=agent_user)
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


def sign_in(client: APIClient, user) -> APIClient:
    """Authenticate as a machine client does: with the user's token."""
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client
