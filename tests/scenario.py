"""A small world with one user of every role, for permission tests (the ``world``
fixture of tests/conftest.py)."""

from dataclasses import dataclass

from crm.accounts.roles import Role
from tests.factories import (
    EnterpriseContactFactory,
    EnterpriseFactory,
    ProjectFactory,
    ProxyAgentFactory,
    ServiceCentreFactory,
    SupervisorFactory,
    UserFactory,
    ZoneFactory,
)


@dataclass
class World:
    users: dict
    own_project: object  # agent1's, enterprise1's, in zone A
    other_project: object  # agent2's, another enterprise, zone B, other centre


def world_build() -> World:
    zone_a, zone_b = ZoneFactory(name="甲高新区"), ZoneFactory(name="乙开发区")
    centre_a, centre_b = ServiceCentreFactory(zone=zone_a), ServiceCentreFactory(zone=zone_b)
    agent1 = ProxyAgentFactory(centre=centre_a, user=UserFactory(username="agent1", roles=[Role.AGENT]))
    agent2 = ProxyAgentFactory(centre=centre_b, user=UserFactory(username="agent2", roles=[Role.AGENT]))
    SupervisorFactory(centre=centre_a, user__username="supervisor")
    SupervisorFactory(centre=centre_b, user__username="supervisor_b")
    own = ProjectFactory(enterprise=EnterpriseFactory(zone=zone_a), agent=agent1)
    other = ProjectFactory(enterprise=EnterpriseFactory(zone=zone_b), agent=agent2)
    enterprise_user = EnterpriseContactFactory(enterprise=own.enterprise, user__username="enterprise1").user
    users = {
        "agent1": agent1.user,
        "agent2": agent2.user,
        "supervisor": agent1.centre.agents.get(user__username="supervisor").user,
        "supervisor_b": centre_b.agents.get(user__username="supervisor_b").user,
        "enterprise1": enterprise_user,
        "zone_a": UserFactory(username="zone_a", roles=[Role.ZONE_COMMITTEE], zone=zone_a),
        "zone_b": UserFactory(username="zone_b", roles=[Role.ZONE_COMMITTEE], zone=zone_b),
        "editor": UserFactory(username="editor", roles=[Role.EDITOR]),
        "admin": UserFactory(username="admin", roles=[Role.ADMINISTRATOR], is_superuser=True, is_staff=True),
        "nobody": UserFactory(username="nobody"),
    }
    return World(users=users, own_project=own, other_project=other)
