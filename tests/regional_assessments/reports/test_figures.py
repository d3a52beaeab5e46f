"""The figures page: per zone for its committee, every zone and the total for supervisors."""

import pytest
from django.core.management import call_command

from crm.accounts.models import User
from projects.models import Project
from regional_assessments.reports.figures import assessment_figures
from regional_assessments.reports.models import ReportReuse
from regional_assessments.reports.selectors import assessments_needed

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("demo", verbosity=0)


def test_figures_add_up_from_the_demo(demo):
    hi_tech = Project.objects.filter(zone__name="盐城高新技术产业开发区")
    figures = assessment_figures(hi_tech)
    assert figures.projects == hi_tech.count()
    assert figures.needed == sum(len(assessments_needed(p)) for p in hi_tech)
    reuses = ReportReuse.objects.filter(project__in=hi_tech)
    assert figures.reused == reuses.count() > 0
    assert figures.days_saved == sum(r.days_saved for r in reuses)
    assert figures.reused <= figures.needed


def test_figures_query_count_is_fixed(demo, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        assessment_figures(Project.objects.all())


def test_committee_sees_its_zone_and_supervisor_every_zone(client, demo):
    client.force_login(User.objects.get(username="zone"))
    page = client.get("/zone/figures/").content.decode()
    assert 'data-zone="盐城高新技术产业开发区"' in page and 'data-zone="total"' not in page
    client.force_login(User.objects.get(username="supervisor"))
    page = client.get("/zone/figures/").content.decode()
    assert 'data-zone="盐都区"' in page and 'data-zone="total"' in page
    client.force_login(User.objects.get(username="agent1"))
    assert client.get("/zone/figures/").status_code == 403
