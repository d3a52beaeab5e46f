"""The demo tells the hand-over story: the district centre's supervisor has one
request to decide; the requesting agent sees nothing of the project yet."""

from io import StringIO

import pytest
from django.core.management import call_command

from crm.accounts.models import User
from projects.models import HandoverRequest, HandoverState

pytestmark = pytest.mark.django_db


def test_the_demo_supervisor_has_a_pending_handover(client):
    call_command("demo", stdout=StringIO())
    call_command("demo", stdout=StringIO())  # a second run adds no second request
    request = HandoverRequest.objects.get()
    assert request.state == HandoverState.PENDING
    supervisor = User.objects.get(username="supervisor")
    assert request.centre_id == supervisor.agent_profile.centre_id
    client.force_login(supervisor)
    page = client.get("/projects/centre/").content.decode()
    assert request.project.name in page and "确认同意移交" in page
    client.force_login(request.case.agent.user)
    assert client.get(f"/projects/{request.project_id}/").status_code == 404
    page = client.get(f"/projects/cases/{request.case_id}/").content.decode()
    assert request.project.name not in page and str(request.centre) in page
