"""``manage.py demo``: loads valid data covering every milestone situation, and a
second run changes nothing."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from crm.accounts.models import User
from crm.accounts.roles import GROUP_NAMES, HOME_URL_NAMES, Role
from crm.calendar.workdays import workdays_add
from crm.demo import DEMO_PASSWORD
from projects.models import (
    DeadlineLevel,
    Enterprise,
    Milestone,
    MilestoneOutcome,
    MilestoneState,
    milestone_level,
)

pytestmark = pytest.mark.django_db

# Apps whose rows the demo writes (the spine's, and any app that ships a demo module).
DEMO_APPS = ("crm", "agents", "projects", "regional_assessments", "cms", "auth")


def demo_load() -> str:
    out = StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for app_label in DEMO_APPS
        for model in apps.get_app_config(app_label).get_models()
    }


@pytest.fixture
def demo():
    demo_load()


def test_second_run_creates_nothing_and_says_so(demo):
    before = row_counts()
    output = demo_load()
    assert row_counts() == before
    assert "已存在" in output


def test_every_row_is_valid(demo):
    for label in (
        "crm.Zone",
        "crm.Department",
        "agents.ServiceCentre",
        "agents.ProxyAgent",
        "projects.Material",
        "projects.ApprovalItem",
        "projects.ProcessStep",
        "projects.MaterialRequirement",
        "projects.Enterprise",
        "projects.EnterpriseContact",
        "projects.Project",
        "projects.Milestone",
    ):
        rows = list(apps.get_model(label)._default_manager.all())
        assert rows, label
        for row in rows:
            # A protected FSM field refuses the re-assignment clean_fields() makes.
            row.full_clean(exclude=["state"] if label == "projects.Milestone" else None)


def test_enterprises_have_valid_credit_codes_except_those_being_registered(demo):
    codes = list(Enterprise.objects.values_list("credit_code", flat=True))
    assert codes.count(None) == 2  # one with a project (registration milestone running), one without
    registering = Enterprise.objects.get(credit_code=None, projects__isnull=False)
    assert registering.projects.get().milestones.filter(definition__code="registration", state="running").exists()
    assert all(code[:8] in ("91320903", "91320902") for code in codes if code)  # Yandu, or the development zone


@pytest.mark.parametrize("role", list(Role))
def test_a_demo_user_per_role_can_sign_in_and_lands_on_the_role_home(client, demo, role):
    user = User.objects.filter(groups__name=GROUP_NAMES[role]).order_by("pk").first()
    assert user is not None, role
    # django-axes checks every authentication against its lock-outs, so it needs the request.
    assert client.login(request=HttpRequest(), username=user.username, password=DEMO_PASSWORD)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse(HOME_URL_NAMES[role])


def test_the_second_centre_and_zone_see_only_their_own(demo):
    """The development zone has its own centre, team and committee, out of reach of
    Yandu's supervisor and committee and the other way round."""
    from projects.cases.selectors import cases_visible_to
    from projects.investment.selectors import projects_visible_to

    theirs = Enterprise.objects.get(zone__name="盐城经济技术开发区")
    project, case = theirs.projects.get(), theirs.cases.get()
    for username in ("supervisor2", "agent4", "zone2"):
        assert projects_visible_to(User.objects.get(username=username)).filter(pk=project.pk).exists(), username
    for username in ("supervisor", "agent1", "zone"):
        assert not projects_visible_to(User.objects.get(username=username)).filter(pk=project.pk).exists(), username
    for username in ("supervisor2", "agent4"):
        assert list(cases_visible_to(User.objects.get(username=username))) == [case], username
    assert not cases_visible_to(User.objects.get(username="supervisor")).filter(pk=case.pk).exists()
    assert not projects_visible_to(User.objects.get(username="zone2")).exclude(pk=project.pk).exists()


def test_enterprise_users_belong_to_different_enterprises(demo):
    contacts = [User.objects.get(username=name).enterprise_contact for name in ("enterprise1", "enterprise2")]
    assert contacts[0].enterprise_id != contacts[1].enterprise_id


def test_milestones_cover_every_state_outcome_and_level(demo):
    today = timezone.localdate()
    milestones = list(Milestone.objects.select_related("definition"))
    assert {m.state for m in milestones} == set(MilestoneState.values)
    assert {m.outcome for m in milestones if m.state == MilestoneState.COMPLETED} == set(MilestoneOutcome.values)
    levels = {milestone_level(m, today) for m in milestones}
    assert {DeadlineLevel.NORMAL, DeadlineLevel.WARNING, DeadlineLevel.OVERDUE, DeadlineLevel.PAUSED} <= levels
    resumed = Milestone.objects.filter(state=MilestoneState.RUNNING, pauses__resumed_on__isnull=False)
    assert resumed.filter(paused_working_days__gt=0).exists()


def test_a_recent_fifty_day_deadline_is_provisional_when_the_next_year_is_unpublished(demo):
    today = timezone.localdate()
    if not workdays_add(today, 45).provisional:
        pytest.skip("the working-day calendar already covers the next 45 working days")
    assert Milestone.objects.filter(due_provisional=True, definition__target_working_days=50).exists()
