"""The demo's joint visits, played through the services on projects of the factories."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from crm.models import Deadline
from crm.supervision.services import sweep
from projects.investment.events import MilestoneEvent, MilestoneMove
from projects.investment.services import project_event_record, project_milestones_ensure
from projects.models import (
    JointVisitKind,
    JointVisitState,
    MilestoneDefinition,
    MilestoneState,
    MilestoneTrigger,
    VisitFollowUp,
)
from projects.visits.demo import visits_demo
from tests.factories import MON, ProjectFactory
from tests.projects.visits.scenario import project_with_needs

pytestmark = pytest.mark.django_db


def test_the_demo_plays_an_issued_survey_with_an_open_follow_up_and_a_passed_acceptance(world):
    agent = world.users["agent1"]
    definition = MilestoneDefinition.objects.create(code="completion", name="竣工联合验收", target_working_days=20)
    MilestoneTrigger.objects.create(definition=definition, move=MilestoneMove.START, event=MilestoneEvent.PROJECT_FILED)
    MilestoneTrigger.objects.create(
        definition=definition, move=MilestoneMove.FINISH, event=MilestoneEvent.JOINT_ACCEPTANCE_PASSED
    )
    survey_project = world.own_project
    acceptance_project = ProjectFactory(enterprise=survey_project.enterprise, agent=agent.agent_profile)
    project_milestones_ensure(project=survey_project)
    project_with_needs(survey_project, agent)
    project_with_needs(acceptance_project, agent, names=("规划分局", "住建分局"))
    project_event_record(project=acceptance_project, event=MilestoneEvent.PROJECT_FILED, on=MON, by=agent)
    today = timezone.localdate()

    survey, acceptance = visits_demo(survey_project, acceptance_project, today)

    assert (survey.kind, survey.state) == (JointVisitKind.SURVEY, JointVisitState.ISSUED)
    assert survey.record_no.startswith(f"LK-{survey.issued_on:%Y}-") and survey.issued_on < today
    assert survey.attendances.filter(finding="rectification").count() == 1
    assert survey.attendances.filter(finding="none").exists()
    follow_up = VisitFollowUp.objects.get(visit=survey)
    assert follow_up.closed_on is None and follow_up.due_date < today
    sweep(today)
    deadline = Deadline.objects.get(
        subject_type=ContentType.objects.get_for_model(VisitFollowUp), subject_id=follow_up.pk
    )
    assert deadline.alerts.filter(level="overdue").exists()

    assert (acceptance.kind, acceptance.state) == (JointVisitKind.ACCEPTANCE, JointVisitState.PASSED)
    assert acceptance.record_no.startswith("LY-")
    milestone = acceptance_project.milestones.get(definition=definition)
    assert (milestone.state, milestone.finished_on) == (MilestoneState.COMPLETED, acceptance.passed_on)
