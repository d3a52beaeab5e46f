"""Closed cases built through the services, and a world with one user of every role
around one enterprise, for the rating, callback and contact-card tests."""

import datetime as dt
import itertools
from dataclasses import dataclass
from decimal import Decimal

import pytest

from crm.accounts.roles import Role
from projects.cases.services import (
    case_authorise,
    case_close,
    case_items_choose,
    case_open,
    item_accept,
    item_approve,
    item_deliver,
    item_pass_prereview,
    item_start_review,
    item_submit,
)
from projects.models import ApprovalItem, EnterpriseContact, ItemKind, OnlineLevel, ProxyCase
from tests.factories import (
    DepartmentFactory,
    EnterpriseFactory,
    ProxyAgentFactory,
    ServiceCentreFactory,
    UserFactory,
    ZoneFactory,
)

_codes = itertools.count(1)

CLOSED_ON = dt.date(2026, 3, 17)


def approval_item() -> ApprovalItem:
    code = f"320903-HP-{next(_codes):04d}"
    return ApprovalItem.objects.create(
        code=code,
        name=f"事项{code}",
        department=DepartmentFactory(),
        legal_basis="《行政许可法》",
        kind=ItemKind.COMMITTED,
        statutory_days=20,
        committed_days=10,
        fee=Decimal(0),
        online_level=OnlineLevel.FULLY_ONLINE,
    )


def open_case(*, agent, enterprise, on: dt.date = dt.date(2026, 3, 2)) -> ProxyCase:
    return case_open(
        enterprise=enterprise, agent=agent, channel="phone", summary="新建厂房，咨询施工许可", on=on, by=agent.user
    )


def closed_case(*, agent, enterprise, on: dt.date = CLOSED_ON, start: dt.date | None = None) -> ProxyCase:
    """A case carried from first contact to closure, its one item delivered."""
    start = start or min(on, dt.date(2026, 3, 2))
    by = agent.user
    case = open_case(agent=agent, enterprise=enterprise, on=start)
    (item,) = case_items_choose(case=case, approval_items=[approval_item()], by=by)
    case_authorise(case=case, signed_on=start, signatory="张总", scope="施工许可全流程代办", by=by)
    item_pass_prereview(item=item, on=start, by=by)
    item_submit(item=item, on=start, by=by)
    item_accept(item=item, acceptance_no=f"SL-{case.pk}", on=start, by=by)
    item_start_review(item=item, on=start, by=by)
    item_approve(item=item, decision_no=f"建许〔2026〕{case.pk}号", on=on, by=by)
    item_deliver(item=item, method="push", trips=0, on=on, by=by)
    return case_close(case=case, on=on, by=by)


def enterprise_contact(enterprise, username: str | None = None, **kwargs) -> EnterpriseContact:
    user = UserFactory(roles=[Role.ENTERPRISE], **({"username": username} if username else {}))
    return EnterpriseContact.objects.create(
        enterprise=enterprise, user=user, name=kwargs.pop("name", "王经理"), phone="13800000000", **kwargs
    )


def supervisor_of(centre, **kwargs):
    return ProxyAgentFactory(centre=centre, user=UserFactory(roles=[Role.SUPERVISOR, Role.AGENT], **kwargs))


@dataclass
class RatingsWorld:
    users: dict
    enterprise: object  # agent_owner's enterprise (assigned to them), centre A
    other_enterprise: object  # agent_b's, centre B
    case: object  # closed, agent_owner's, of ``enterprise``
    agent_owner: object
    supervisor: object


@pytest.fixture
def ratings_world(db):
    zone_a, zone_b = ZoneFactory(name="甲高新区"), ZoneFactory(name="乙开发区")
    centre_a = ServiceCentreFactory(zone=zone_a, address="盐都区开放大道1号", phone="0515-88881234", opening_hours="工作日 8:30-17:30")
    centre_b = ServiceCentreFactory(zone=zone_b)
    owner = ProxyAgentFactory(centre=centre_a, user=UserFactory(username="agent_owner", roles=[Role.AGENT]))
    colleague = ProxyAgentFactory(centre=centre_a, user=UserFactory(username="agent_other", roles=[Role.AGENT]))
    supervisor = supervisor_of(centre_a, username="supervisor")
    supervisor_b = supervisor_of(centre_b, username="supervisor_b")
    agent_b = ProxyAgentFactory(centre=centre_b, user=UserFactory(username="agent_b", roles=[Role.AGENT]))
    enterprise = EnterpriseFactory(zone=zone_a, assigned_agent=owner, responsible_leader="李副区长")
    other_enterprise = EnterpriseFactory(zone=zone_b, assigned_agent=agent_b)
    own_contact = enterprise_contact(enterprise, "enterprise_own", name="王经理", position="行政主管", is_primary=True)
    other_contact = enterprise_contact(other_enterprise, "enterprise_other", name="赵经理")
    case = closed_case(agent=owner, enterprise=enterprise)
    users = {
        "agent_owner": owner.user,
        "agent_other": colleague.user,
        "supervisor": supervisor.user,
        "supervisor_b": supervisor_b.user,
        "enterprise_own": own_contact.user,
        "enterprise_other": other_contact.user,
        "zone": UserFactory(username="zone_a", roles=[Role.ZONE_COMMITTEE], zone=zone_a),
        "editor": UserFactory(username="editor", roles=[Role.EDITOR]),
        "admin": UserFactory(username="admin", roles=[Role.ADMINISTRATOR], is_superuser=True, is_staff=True),
    }
    return RatingsWorld(
        users=users,
        enterprise=enterprise,
        other_enterprise=other_enterprise,
        case=case,
        agent_owner=owner,
        supervisor=supervisor,
    )
