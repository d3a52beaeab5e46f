"""The enterprise's side: one enterprise with a closed case (its item delivered by push)
and a project, another enterprise with its own closed case."""

from dataclasses import dataclass

import pytest

from crm.accounts.roles import Role
from tests.factories import (
    EnterpriseContactFactory,
    EnterpriseFactory,
    ProjectFactory,
    ProxyAgentFactory,
    ServiceCentreFactory,
    UserFactory,
    ZoneFactory,
)
from tests.projects.ratings.scenario import closed_case


@dataclass
class PortalWorld:
    agent: object
    enterprise: object
    contact: object
    case: object
    item: object  # delivered by push, not yet confirmed
    project: object
    other_contact: object
    other_item: object  # the other enterprise's, delivered


@pytest.fixture
def portal_world(db):
    zone = ZoneFactory(name="甲高新区")
    agent = ProxyAgentFactory(
        centre=ServiceCentreFactory(zone=zone), user=UserFactory(username="agent_li", roles=[Role.AGENT])
    )
    enterprise = EnterpriseFactory(zone=zone, assigned_agent=agent)
    contact = EnterpriseContactFactory(enterprise=enterprise, user__username="contact_own")
    other = EnterpriseFactory(zone=zone, assigned_agent=agent)
    other_contact = EnterpriseContactFactory(enterprise=other, user__username="contact_other")
    case = closed_case(agent=agent, enterprise=enterprise)
    other_case = closed_case(agent=agent, enterprise=other)
    project = ProjectFactory(enterprise=enterprise, agent=agent, name="年产5万台电机项目")
    return PortalWorld(
        agent=agent,
        enterprise=enterprise,
        contact=contact,
        case=case,
        item=case.items.get(),
        project=project,
        other_contact=other_contact,
        other_item=other_case.items.get(),
    )
