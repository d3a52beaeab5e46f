"""Counts of a thousand and more are written with thousands separators (1,000) on the
centre's overview (/projects/centre/), the zone's home (/zone/) and the reforms'
figures (/zone/figures/)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from projects.models import Project
from tests.factories import EnterpriseFactory, project_code
from tests.projects.dashboards.fixture import dashboard_world

pytestmark = pytest.mark.django_db


def test_a_thousand_projects_are_written_1_000(client):
    w = dashboard_world()
    enterprise = EnterpriseFactory(zone=w.z1)
    Project.objects.bulk_create(
        Project(
            code=project_code(900_000 + n),
            name=f"千项测试项目{n}",
            enterprise=enterprise,
            zone=w.z1,
            industry="C",
            project_type="industrial",
            investment_amount=Decimal("100.00"),
            land_area=Decimal("1000.00"),
        )
        for n in range(1_000)
    )
    total = Project.objects.filter(zone=w.z1).count()
    written = f"{total:,}"
    assert total >= 1_000 and "," in written

    client.force_login(w.s1.user)
    centre = client.get(reverse("projects:supervisor_home")).content.decode()
    assert f'<div class="n">{written}</div><div class="l">中心项目</div>' in centre
    client.force_login(w.committee)
    home = client.get(reverse("regional_assessments:committee_home")).content.decode()
    assert f'<div class="n">{written}</div><div class="l">落户项目</div>' in home
    figures = client.get(reverse("regional_assessments:figures")).content.decode()
    assert f"<td>{written}</td>" in figures
