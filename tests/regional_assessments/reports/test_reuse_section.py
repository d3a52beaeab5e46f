"""The reuse section of the dashboards (``reuse_section``, through the
``CRM_FIGURE_SECTIONS`` hook) against the hand-counted fixture of ``fixture.py``
(its table of reuses), for each audience, and on the page: its figures, its table,
its download."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from projects.dashboards.sections import figure_sections
from projects.dashboards.selectors import Audience
from regional_assessments.reports.figures import reuse_section
from tests.projects.dashboards.fixture import TODAY, world_scope
from tests.regional_assessments.reports.fixture import reuse_world

pytestmark = pytest.mark.django_db

D = dt.date
GEO, SEISMIC = "地质灾害危险性评估", "地震安全性评价"


@pytest.fixture
def w():
    return reuse_world()


_scope = world_scope


def _figures(section):
    return dict(section.summary), {row[0]: tuple(row[1:]) for row in section.rows}


def test_a_centres_reuse_figures(w, django_assert_num_queries):
    with django_assert_num_queries(2):
        section = reuse_section(_scope(w, Audience.CENTRE), today=TODAY)

    summary, rows = _figures(section)
    assert summary == {
        "服务项目数": 3,  # p1, p5, p3 (another centre's p2 not counted)
        "免于重复评估（项）": 4,
        "节省工作日": 95,
        "节省费用（元）": Decimal("155000.50"),
    }
    assert rows == {GEO: (2, 2, 40, Decimal(60000)), SEISMIC: (2, 2, 55, Decimal("95000.50"))}
    assert [row[0] for row in section.rows] == [GEO, SEISMIC]  # in the types' order
    assert section.chart["categories"] == [GEO, SEISMIC]
    assert section.chart["series"][2]["data"] == [60000.0, 95000.5]


def test_each_audience_and_filter_counts_its_projects_only(w):
    zone, zone_rows = _figures(reuse_section(_scope(w, Audience.ZONE), today=TODAY))
    assert list(zone.values()) == [3, 4, 90, Decimal(140000)]  # p1, p5, p2 (p3 lies in zone 2)
    assert zone_rows[GEO] == (3, 3, 60, Decimal(90000))

    zone2, _rows = _figures(reuse_section(_scope(w, Audience.ALL, filter_zone_ids=[w.z2.pk]), today=TODAY))
    assert list(zone2.values()) == [1, 1, 25, Decimal("45000.50")]

    other = _scope(w, Audience.CENTRE, centre_id=w.c2.pk, centre_zone_ids=[w.z2.pk])
    assert list(_figures(reuse_section(other, today=TODAY))[0].values()) == [1, 1, 20, Decimal(30000)]

    march, march_rows = _figures(
        reuse_section(_scope(w, Audience.ALL, start=D(2026, 3, 1), end=D(2026, 3, 31)), today=TODAY)
    )
    assert list(march.values()) == [1, 1, 10, Decimal(8000)] and list(march_rows) == ["节能评估"]

    empty, no_rows = _figures(
        reuse_section(_scope(w, Audience.ALL, start=D(2026, 1, 1), end=D(2026, 1, 31)), today=TODAY)
    )
    assert list(empty.values()) == [0, 0, 0, Decimal(0)] and no_rows == {}


def test_the_section_is_configured_for_the_dashboards_and_the_monthly_report(w):
    [section] = figure_sections(_scope(w, Audience.CENTRE), today=TODAY)
    assert section.key == "reuse" and section.title == "区域评估成果复用"


def test_the_dashboard_shows_the_reuse_section_and_downloads_it(client, w):
    client.force_login(w.s1.user)
    response = client.get(reverse("projects:dashboard_centre"), {"month": "2026-04"})
    page = response.content.decode()
    assert 'data-testid="chart-reuse"' in page and 'data-chart="section-reuse"' in page
    assert "155,000.50" in page and "95,000.50" in page  # thousands separated

    sheet = client.get(reverse("projects:dashboard_centre"), {"month": "2026-04", "export": "reuse"})
    rows = list(load_workbook(io.BytesIO(sheet.content)).active.values)
    assert rows[0] == ("评估类型", "服务项目数", "免于重复评估（项）", "节省工作日", "节省费用（元）")
    assert rows[1:] == [(GEO, 2, 2, 40, 60000), (SEISMIC, 2, 2, 55, 95000.5)]

    assert client.get(reverse("projects:dashboard_centre"), {"export": "reuse2"}).status_code == 400
