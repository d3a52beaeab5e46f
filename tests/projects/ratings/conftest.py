"""The ratings world: one user of every role around one enterprise, for the rating,
callback and contact-card tests."""

from dataclasses import dataclass

import pytest

from crm.accounts.roles import Role
from tests.factories import (
    EnterpriseContactFactory,
    EnterpriseFactory,
    ProxyAgentFactory,
    ServiceCentreFactory,
    SupervisorFactory,
    UserFactory,
    ZoneFactory,
)
from tests.projects.ratings.scenario import closed_case


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
    centre_a = ServiceCentreFactory(
        zone=zone_a, address="盐都区开放大道1号", phone="0515-88881234", opening_hours="工作日 8:30-17:30"
    )
    centre_b = ServiceCentreFactory(zone=zone_b)
    owner = ProxyAgentFactory(centre=centre_a, user=UserFactory(username="agent_owner", roles=[Role.AGENT]))
    colleague = ProxyAgentFactory(centre=centre_a, user=UserFactory(username="agent_other", roles=[Role.AGENT]))
    supervisor = SupervisorFactory(centre=centre_a, user__username="supervisor")
    supervisor_b = SupervisorFactory(centre=centre_b, user__username="supervisor_b")
    agent_b = ProxyAgentFactory(centre=centre_b, user=UserFactory(username="agent_b", roles=[Role.AGENT]))
    enterprise = EnterpriseFactory(zone=zone_a, assigned_agent=owner, responsible_leader="李副区长")
    other_enterprise = EnterpriseFactory(zone=zone_b, assigned_agent=agent_b)
    own_contact = EnterpriseContactFactory(
        enterprise=enterprise, user__username="enterprise_own", name="王经理", position="行政主管", is_primary=True
    )
    other_contact = EnterpriseContactFactory(
        enterprise=other_enterprise, user__username="enterprise_other", name="赵经理"
    )
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
