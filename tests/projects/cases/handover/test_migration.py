"""Cases linked to another centre's project before hand-overs existed: the upgrade
unlinks them; an open case's link becomes a pending request to the owning centre."""

import importlib

from django.apps import apps

from crm.audit.models import AuditEntry
from projects.cases.services import case_open, case_project_link
from projects.investment.selectors import projects_visible_to
from projects.models import HandoverRequest, HandoverState, ProxyCase

migration = importlib.import_module("projects.migrations.0012_handover_existing_links")


def test_existing_links_to_another_centres_project_become_requests(world):
    users, project, own = world.users, world.other_project, world.own_project
    agent1 = users["agent1"].agent_profile

    def case_for(p):
        return case_open(enterprise=p.enterprise, agent=agent1, channel="phone", summary="来电", by=users["agent1"])

    foreign_open, foreign_closed, legitimate = case_for(project), case_for(project), case_for(own)
    ProxyCase.objects.filter(pk__in=[foreign_open.pk, foreign_closed.pk]).update(project=project)
    ProxyCase.objects.filter(pk=foreign_closed.pk).update(state="closed")
    case_project_link(case=legitimate, project=own, by=users["agent1"])

    migration.unlink_other_centres(apps, None)

    assert ProxyCase.objects.get(pk=legitimate.pk).project == own
    assert ProxyCase.objects.get(pk=foreign_open.pk).project is None
    assert ProxyCase.objects.get(pk=foreign_closed.pk).project is None
    request = HandoverRequest.objects.get()
    assert (request.case_id, request.project_id, request.state) == (foreign_open.pk, project.pk, HandoverState.PENDING)
    assert request.centre == users["supervisor_b"].agent_profile.centre
    unlinked = AuditEntry.objects.filter(event="case.project_unlinked")
    assert {e.subject_id for e in unlinked} == {str(foreign_open.pk), str(foreign_closed.pk)}
    assert not projects_visible_to(users["agent1"]).filter(pk=project.pk).exists()
