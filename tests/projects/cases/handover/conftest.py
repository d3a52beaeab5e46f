import pytest

from projects.cases.services import case_open, case_project_link


@pytest.fixture
def their_case(world):
    """agent2's open case (centre B), linked to agent2's project: the project another
    centre's agent may only ask to have handed over."""
    users, project = world.users, world.other_project
    case = case_open(
        enterprise=project.enterprise,
        agent=users["agent2"].agent_profile,
        channel="visit",
        summary="首次接洽",
        by=users["agent2"],
    )
    case_project_link(case=case, project=project, by=users["agent2"])
    return case
