"""Hand-over requests: an agent cannot take another agent's or centre's project by
linking it; the owning centre's supervisor decides, once."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from crm.accounts.roles import Role
from crm.audit.models import AuditEntry
from crm.models import Notification
from projects.api.selectors import api_projects
from projects.cases.handover import services as handover
from projects.cases.handover.selectors import project_owner_centre, projects_linkable
from projects.cases.services import case_open, case_project_link
from projects.investment.selectors import projects_visible_to
from projects.models import HandoverRequest, HandoverState, Project, ProxyCase
from tests.factories import ProjectFactory, ProxyAgentFactory, UserFactory


@pytest.fixture
def users(world):
    return world.users


@pytest.fixture
def foreign_case(world, users, their_case):
    """agent1 (centre A) meets, by its credit code, the enterprise of agent2's
    project (centre B), whose open case carries that project."""
    project, theirs = world.other_project, their_case
    mine = case_open(
        enterprise=project.enterprise,
        agent=users["agent1"].agent_profile,
        channel="phone",
        summary="企业又来电",
        by=users["agent1"],
    )
    return mine, theirs, project


def _events(subject):
    return list(
        AuditEntry.objects.filter(subject_id=str(subject.pk), event__contains="hand").values_list("event", flat=True)
    )


def test_the_link_form_offers_only_what_the_agent_may_take(foreign_case, users):
    mine, _, project = foreign_case
    assert not projects_linkable(mine).exists()
    with pytest.raises(ValidationError) as caught:
        case_project_link(case=mine, project=project, by=users["agent1"])
    assert caught.value.code == "handover_needed"
    mine.refresh_from_db()
    assert mine.project is None
    own = ProjectFactory(enterprise=project.enterprise, agent=users["agent1"].agent_profile)
    assert list(projects_linkable(mine)) == [own]


def test_another_agents_open_case_in_the_same_centre_needs_a_handover_too(world, users):
    project = world.own_project
    colleague = ProxyAgentFactory(centre=users["agent1"].agent_profile.centre)
    case_project_link(
        case=case_open(
            enterprise=project.enterprise,
            agent=users["agent1"].agent_profile,
            channel="visit",
            summary="首问",
            by=users["agent1"],
        ),
        project=project,
        by=users["agent1"],
    )
    case = case_open(
        enterprise=project.enterprise, agent=colleague, channel="phone", summary="再来电", by=colleague.user
    )
    assert project_owner_centre(case=case, project=project) == colleague.centre
    with pytest.raises(ValidationError):
        case_project_link(case=case, project=project, by=colleague.user)


def test_a_project_without_agent_outside_the_centre_zone_belongs_to_the_zone_centre(world, users):
    project = ProjectFactory(enterprise=world.other_project.enterprise, zone=world.other_project.zone, agent=None)
    case = case_open(
        enterprise=project.enterprise,
        agent=users["agent1"].agent_profile,
        channel="phone",
        summary="来电",
        by=users["agent1"],
    )
    assert project_owner_centre(case=case, project=project) == users["supervisor_b"].agent_profile.centre


def test_request_goes_to_the_owning_centre_and_shows_nothing_before_acceptance(foreign_case, users):
    mine, _, project = foreign_case
    request = handover.handover_request(case=mine, project_code=project.code, note="企业要求", by=users["agent1"])
    assert request.state == HandoverState.PENDING
    assert request.centre == users["supervisor_b"].agent_profile.centre
    mine.refresh_from_db()
    assert mine.project is None
    assert not projects_visible_to(users["agent1"]).filter(pk=project.pk).exists()
    assert not api_projects(users["agent1"]).filter(pk=project.pk).exists()
    assert _events(mine) == ["case.handover_requested"]
    notified = set(
        Notification.objects.filter(key__startswith=f"handover-{request.pk}-").values_list("recipient", flat=True)
    )
    assert notified == {users["supervisor_b"].pk}


def test_one_pending_request_per_project_and_case(foreign_case, users):
    mine, _, project = foreign_case
    handover.handover_request(case=mine, project_code=project.code, by=users["agent1"])
    with pytest.raises(ValidationError) as caught:
        handover.handover_request(case=mine, project_code=project.code, by=users["agent1"])
    assert caught.value.code == "handover_already_pending"
    assert HandoverRequest.objects.count() == 1


def test_an_unknown_code_or_another_enterprises_project_says_nothing(foreign_case, users, world):
    mine, _, _ = foreign_case
    for code in ("2026-000000-00-00-000000", world.own_project.code, ""):
        with pytest.raises(ValidationError) as caught:
            handover.handover_request(case=mine, project_code=code, by=users["agent1"])
        assert caught.value.code == "handover_no_such_project"


def test_a_project_the_agent_may_link_needs_no_request(foreign_case, users):
    mine, _, project = foreign_case
    own = ProjectFactory(enterprise=project.enterprise, agent=users["agent1"].agent_profile)
    with pytest.raises(ValidationError) as caught:
        handover.handover_request(case=mine, project_code=own.code, by=users["agent1"])
    assert caught.value.code == "handover_link_directly"


def test_accepting_hands_the_project_over(foreign_case, users):
    mine, theirs, project = foreign_case
    request = handover.handover_request(case=mine, project_code=project.code, by=users["agent1"])
    handover.handover_accept(request=request, by=users["supervisor_b"])
    request.refresh_from_db(), mine.refresh_from_db(), theirs.refresh_from_db(), project.refresh_from_db()
    assert request.state == HandoverState.ACCEPTED and request.decided_by == users["supervisor_b"]
    assert project.agent == users["agent1"].agent_profile
    assert mine.project == project
    assert theirs.project is None  # agent2's case keeps its items, no longer the project
    assert projects_visible_to(users["agent1"]).filter(pk=project.pk).exists()
    assert not projects_visible_to(users["agent2"]).filter(pk=project.pk).exists()
    assert "project.handed_over" in _events(project)
    assert "case.project_handed_over" in _events(theirs)
    assert "handover.accepted" in _events(request)
    keys = dict(Notification.objects.filter(key__startswith=f"handover-{request.pk}-").values_list("recipient", "key"))
    assert keys[users["agent1"].pk].endswith(f"accepted-{users['agent1'].pk}")
    assert keys[users["agent2"].pk].endswith(f"handed-over-{users['agent2'].pk}")


def test_refusing_leaves_everything_and_needs_a_reason(foreign_case, users):
    mine, theirs, project = foreign_case
    request = handover.handover_request(case=mine, project_code=project.code, by=users["agent1"])
    with pytest.raises(ValidationError) as caught:
        handover.handover_refuse(request=request, reason=" ", by=users["supervisor_b"])
    assert caught.value.code == "handover_reason_required"
    handover.handover_refuse(request=request, reason="企业已委托本中心办理", by=users["supervisor_b"])
    request.refresh_from_db(), mine.refresh_from_db(), theirs.refresh_from_db(), project.refresh_from_db()
    assert request.state == HandoverState.REFUSED and request.reason == "企业已委托本中心办理"
    assert project.agent == users["agent2"].agent_profile and theirs.project == project and mine.project is None
    assert not projects_visible_to(users["agent1"]).filter(pk=project.pk).exists()
    assert "handover.refused" in _events(request)
    refused = Notification.objects.get(key=f"handover-{request.pk}-refused-{users['agent1'].pk}")
    assert refused.body == "企业已委托本中心办理" and project.name not in refused.title
    assert Notification.objects.filter(key=f"handover-{request.pk}-kept-{users['agent2'].pk}").exists()
    # A new request after a refusal is allowed (only one pending at a time).
    handover.handover_request(case=mine, project_code=project.code, by=users["agent1"])


def test_a_decided_request_cannot_be_decided_again(foreign_case, users):
    mine, _, project = foreign_case
    request = handover.handover_request(case=mine, project_code=project.code, by=users["agent1"])
    stale = HandoverRequest.objects.get(pk=request.pk)
    handover.handover_refuse(request=request, reason="不同意", by=users["supervisor_b"])
    for decide in (
        lambda: handover.handover_accept(request=stale, by=users["supervisor_b"]),
        lambda: handover.handover_refuse(request=stale, reason="再拒绝", by=users["supervisor_b"]),
    ):
        with pytest.raises(ValidationError) as caught:
            decide()
        assert caught.value.code == "handover_already_decided"
    project.refresh_from_db()
    assert project.agent == users["agent2"].agent_profile


def test_only_the_owning_centres_supervisor_decides(foreign_case, users):
    mine, _, project = foreign_case
    request = handover.handover_request(case=mine, project_code=project.code, by=users["agent1"])
    for who in ("supervisor", "agent1", "agent2"):
        with pytest.raises(PermissionDenied):
            handover.handover_accept(request=request, by=users[who])
    request.refresh_from_db()
    assert request.state == HandoverState.PENDING


def test_a_case_link_made_outside_the_services_grants_nothing(foreign_case, users):
    mine, _, project = foreign_case
    ProxyCase.objects.filter(pk=mine.pk).update(project=project)  # e.g. data from before hand-overs existed
    assert not projects_visible_to(users["agent1"]).filter(pk=project.pk).exists()
    assert not api_projects(users["agent1"]).filter(pk=project.pk).exists()


def test_other_pending_requests_follow_the_project_to_its_new_centre(foreign_case, users, world):
    mine, _, project = foreign_case
    centre_c_agent = ProxyAgentFactory(user=UserFactory(roles=[Role.AGENT]))
    third = case_open(
        enterprise=project.enterprise, agent=centre_c_agent, channel="phone", summary="也来电", by=centre_c_agent.user
    )
    first = handover.handover_request(case=mine, project_code=project.code, by=users["agent1"])
    second = handover.handover_request(case=third, project_code=project.code, by=centre_c_agent.user)
    handover.handover_accept(request=first, by=users["supervisor_b"])
    second.refresh_from_db()
    assert second.state == HandoverState.PENDING and second.centre == users["agent1"].agent_profile.centre
    assert Project.objects.get(pk=project.pk).agent == users["agent1"].agent_profile
    assert AuditEntry.objects.filter(event="handover.readdressed", subject_id=str(second.pk)).exists()


def test_a_request_readdressed_meanwhile_cannot_be_decided_by_the_old_centre(foreign_case, users, world):
    """Two requests for one project: accepting the first sends the second to the new
    owner; the old owner's supervisor, holding the second from before, is refused."""
    mine, _, project = foreign_case
    centre_c_agent = ProxyAgentFactory(user=UserFactory(roles=[Role.AGENT]))
    third = case_open(
        enterprise=project.enterprise, agent=centre_c_agent, channel="phone", summary="也来电", by=centre_c_agent.user
    )
    first = handover.handover_request(case=mine, project_code=project.code, by=users["agent1"])
    stale = handover.handover_request(case=third, project_code=project.code, by=centre_c_agent.user)
    handover.handover_accept(request=first, by=users["supervisor_b"])
    with pytest.raises(PermissionDenied):
        handover.handover_accept(request=stale, by=users["supervisor_b"])  # the copy loaded before
    assert Project.objects.get(pk=project.pk).agent == users["agent1"].agent_profile


def test_when_the_project_moved_since_the_request_only_its_new_owner_decides(foreign_case, users):
    """The project's carrying case went to another centre after the request was made:
    accepting sends the request there instead, and says so."""
    mine, theirs, project = foreign_case
    request = handover.handover_request(case=mine, project_code=project.code, by=users["agent1"])
    centre_c_agent = ProxyAgentFactory(user=UserFactory(roles=[Role.AGENT]))
    ProxyCase.objects.filter(pk=theirs.pk).update(agent=centre_c_agent)
    with pytest.raises(ValidationError) as caught:
        handover.handover_accept(request=request, by=users["supervisor_b"])
    assert caught.value.code == "handover_owner_changed"
    request.refresh_from_db()
    assert request.state == HandoverState.PENDING and request.centre == centre_c_agent.centre
    assert AuditEntry.objects.filter(event="handover.readdressed", subject_id=str(request.pk)).exists()
    assert Project.objects.get(pk=project.pk).agent != users["agent1"].agent_profile
