import datetime as dt

import pytest
from django.utils import timezone

from projects.investment.events import MilestoneEvent
from projects.investment.services import project_event_record
from tests.factories import EnterpriseContactFactory, ProjectFactory, ProxyAgentFactory

STARTED = timezone.localdate() - dt.timedelta(days=7)


@pytest.fixture
def status_project(db):
    """A project of a real agent with a named enterprise contact, its construction-permit
    milestone running since a week ago (on time: 50 working days)."""
    agent = ProxyAgentFactory(user__full_name="孙代办", phone="13812345678")
    project = ProjectFactory(agent=agent, name="年产五万台电机项目", enterprise__name="盐城电机科技有限公司")
    EnterpriseContactFactory(enterprise=project.enterprise, name="赵联系", phone="13900001111")
    project_event_record(project=project, event=MilestoneEvent.PROJECT_FILED, on=STARTED, by=agent.user)
    project.refresh_from_db()
    return project


@pytest.fixture
def lookup_url():
    def url(project, *, code=None, verify=None) -> str:
        from django.utils.http import urlencode

        code = project.code if code is None else code
        verify = project.verification_code if verify is None else verify
        return "/status/?" + urlencode({"code": code, "verify": verify})

    return url
