"""The three dashboards: who opens which, what each shows (never another centre's or
zone's rows), the filters through the form (bad values: 400 with a message), and each
chart's figures as a spreadsheet."""

import datetime as dt
import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.projects.dashboards.fixture import dashboard_world

pytestmark = pytest.mark.django_db

APRIL = {"month": "2026-04"}


@pytest.fixture
def w(client):
    return dashboard_world()


def _get(client, user, name, **query):
    client.force_login(user)
    return client.get(reverse(name), query)


def _charts(response) -> dict:
    """The charts' figures as the page hands them to its script (json_script)."""
    page = response.content.decode()
    return json.loads(page.split('id="dashboard-data" type="application/json">')[1].split("</script>")[0])


def _league(response):
    return _charts(response)["league"]


def test_each_audience_opens_its_own_dashboard_only(client, w):
    assert _get(client, w.s1.user, "projects:dashboard_centre").status_code == 200
    assert _get(client, w.committee, "projects:dashboard_zone").status_code == 200
    assert _get(client, w.admin, "projects:dashboard_all").status_code == 200
    assert _get(client, w.committee, "projects:dashboard_centre").status_code == 403
    assert _get(client, w.s1.user, "projects:dashboard_zone").status_code == 403
    assert _get(client, w.s1.user, "projects:dashboard_all").status_code == 403


def test_the_centres_dashboard_counts_its_centre_only(client, w):
    response = _get(client, w.s1.user, "projects:dashboard_centre", **APRIL)
    league = _league(response)

    assert league["categories"] == ["看板住建局", "看板自然资源局"]
    assert league["series"][0]["data"] == [2, 1]  # on time: items 1, 3 | 9 (item 8 is the other centre's)
    assert league["series"][1]["data"] == [1, 1]
    assert league["rate"]["data"] == [66.7, 50.0]
    other = _league(_get(client, w.s2.user, "projects:dashboard_centre", **APRIL))
    assert other["categories"] == ["看板住建局"] and other["series"][0]["data"] == [1]  # item 8 alone


def test_the_zones_dashboard_counts_its_zone_only(client, w):
    league = _league(_get(client, w.committee2, "projects:dashboard_zone", **APRIL))
    assert league["categories"] == ["看板自然资源局"] and league["series"][0]["data"] == [1]  # item 9
    # a zone the committee does not govern is no choice of its filter
    response = _get(client, w.committee2, "projects:dashboard_zone", zone=w.z1.pk, **APRIL)
    assert response.status_code == 400


def test_filters_narrow_the_figures(client, w):
    league = _league(_get(client, w.admin, "projects:dashboard_all", zone=w.z2.pk, **APRIL))
    assert league["categories"] == ["看板自然资源局"]
    league = _league(_get(client, w.admin, "projects:dashboard_all", department=w.dept_a.pk, **APRIL))
    assert league["categories"] == ["看板住建局"] and league["series"][0]["data"] == [3]
    league = _league(_get(client, w.admin, "projects:dashboard_all", start="2026-04-07", end="2026-04-13"))
    assert league["series"][0]["data"] == [2]  # items 1 (04-07) and 8 (04-13)


@pytest.mark.parametrize(
    "query",
    [
        {"month": "2026-13"},
        {"month": "x" * 10_000},
        {"month": "2026-04\x00"},
        {"start": "2026-04-01"},
        {"start": "2026-04-30", "end": "2026-04-01"},
        {"start": "2026-01-01", "end": "2029-01-01"},
        {"start": "9999-01-01", "end": "9999-01-31"},
        {"month": "2026-04", "start": "2026-04-01", "end": "2026-04-30"},
        {"zone": "abc"},
        {"department": "999999"},
        {"export": "everything"},
    ],
)
def test_bad_filters_are_a_400_with_a_message(client, w, query):
    response = _get(client, w.admin, "projects:dashboard_all", **query)
    assert response.status_code == 400
    assert response.context.get("errors")


def test_each_chart_downloads_as_a_spreadsheet(client, w):
    w.dept_a.name = "=HYPERLINK(1)"  # a department name that would run as a formula
    w.dept_a.save()
    response = _get(client, w.s1.user, "projects:dashboard_centre", export="league", **APRIL)
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:4] == ("审批部门", "办结件数", "按时办结", "超时办结")
    assert rows[1] == ("'=HYPERLINK(1)", 3, 2, 1, 66.7, 4.7, 1)
    assert rows[2] == ("看板自然资源局", 2, 1, 1, 50, 2.5, 0)

    items = list(
        load_workbook(
            io.BytesIO(_get(client, w.s1.user, "projects:dashboard_centre", export="items", **APRIL).content)
        ).active.values
    )
    assert [row[1] for row in items[1:]] == ["DASH-A2", "DASH-A1", "DASH-B1"]

    compliance = _get(client, w.s1.user, "projects:dashboard_centre", export="compliance", month="2026-03")
    lines = [row for row in load_workbook(io.BytesIO(compliance.content)).active.values if row[0] == "看板里程碑"]
    assert lines == [("看板里程碑", 5, "2026-03", 1, 0, 1, 0, 0, 4, 0)]


def test_the_page_shows_the_tables_under_the_charts(client, w):
    response = _get(client, w.s1.user, "projects:dashboard_centre", **APRIL)
    page = response.content.decode()
    assert 'data-chart="league"' in page and "vendor/echarts/echarts.min.js" in page
    assert "<script>" not in page  # no inline script: the data is JSON, the code a static file
    assert "看板住建局" in page and "66.7%" in page
    assert response.context["departments"][0].overdue_now == 1  # item 5


def test_how_items_were_handled_shows_and_downloads(client, w):
    response = _get(client, w.s1.user, "projects:dashboard_centre", **APRIL)
    assert [row.department for row in response.context["service"]] == ["看板住建局", "看板自然资源局"]
    sheet = _get(client, w.s1.user, "projects:dashboard_centre", export="service", **APRIL)
    rows = list(load_workbook(io.BytesIO(sheet.content)).active.values)
    assert rows[0][:3] == ("审批部门", "送达件数", "全程网办")
    assert rows[1:] == [("看板住建局", 1, 1, 1, 0, 100, 100, 100), ("看板自然资源局", 1, 0, 0, 1, 0, 0, 100)]


def test_ratings_and_callbacks_show_and_download(client, w):
    response = _get(client, w.s1.user, "projects:dashboard_centre", **APRIL)
    assert response.context["rating_levels"] == [
        ("非常满意", 1),
        ("满意", 1),
        ("基本满意", 0),
        ("不满意", 1),
        ("非常不满意", 0),
    ]
    sheet = _get(client, w.s1.user, "projects:dashboard_centre", export="ratings", **APRIL)
    rows = dict(list(load_workbook(io.BytesIO(sheet.content)).active.values)[1:])
    assert rows["评价：非常满意"] == 1 and rows["评价合计"] == 3 and rows["满意率（%）"] == 66.7
    assert (rows["回访按时办结"], rows["回访超时办结"], rows["回访当前超时未办结"]) == (1, 1, 1)
    other = _get(client, w.s2.user, "projects:dashboard_centre", export="ratings", **APRIL)
    rows = dict(list(load_workbook(io.BytesIO(other.content)).active.values)[1:])
    assert rows["评价：非常不满意"] == 1 and rows["评价合计"] == 1 and rows["回访超时办结"] == 1


def _sheet(response) -> list[tuple]:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return list(load_workbook(io.BytesIO(response.content)).active.values)


def test_the_overdue_trend_shows_and_downloads(client, w):
    """Item 5 (due 04-16, still in review) is overdue at the end of April and of every
    month after; nothing at March's end; item 6 is paused by the enterprise."""
    query = {"start": "2026-03-01", "end": "2026-06-30"}
    response = _get(client, w.s1.user, "projects:dashboard_centre", **query)
    assert [row.overdue for row in response.context["overdue"]] == [0, 1, 1, 1]
    chart = _charts(response)["overdue"]
    assert chart["categories"] == ["2026-03", "2026-04", "2026-05", "2026-06"]
    assert chart["series"][0]["data"] == [0, 1, 1, 1]
    assert 'data-chart="overdue"' in response.content.decode()
    other = _get(client, w.s2.user, "projects:dashboard_centre", **query)
    assert [row.overdue for row in other.context["overdue"]] == [0, 0, 0, 0]

    sheet = _get(client, w.s1.user, "projects:dashboard_centre", export="overdue", **query)
    rows = _sheet(sheet)
    day = dt.datetime
    assert rows == [
        ("月份", "统计日", "超时在办件数"),
        ("2026-03", day(2026, 3, 31), 0),  # a real date cell, as the workbench's exports
        ("2026-04", day(2026, 4, 30), 1),
        ("2026-05", day(2026, 5, 31), 1),
        ("2026-06", day(2026, 6, 30), 1),
    ]
    assert load_workbook(io.BytesIO(sheet.content)).active["B2"].number_format == "yyyy-mm-dd"


def test_the_overdue_trend_counts_no_day_after_the_periods_end(client, w):
    query = {"start": "2026-03-01", "end": "2026-06-20"}
    response = _get(client, w.s1.user, "projects:dashboard_centre", **query)
    assert [row.at for row in response.context["overdue"]][-1] == dt.date(2026, 6, 20)
    assert "2026-06-20" in response.content.decode() and "2026-06-30" not in response.content.decode()


def test_government_and_enterprise_days_show_as_a_chart_and_download(client, w):
    """m1 (March: gov 4, enterprise 0) and m2 (April: gov 9, enterprise 2)."""
    query = {"start": "2026-03-01", "end": "2026-04-30"}
    response = _get(client, w.s1.user, "projects:dashboard_centre", **query)
    [days] = [row for row in response.context["clock_days"] if row.milestone == "看板里程碑"]
    assert (days.finished, days.government_days, days.enterprise_days, days.target_days) == (2, 6.5, 1.0, 5)
    chart = _charts(response)["days"]
    index = chart["categories"].index("看板里程碑")
    assert [series["data"][index] for series in chart["series"]] == [6.5, 1.0, 5]
    page = response.content.decode()
    assert 'data-chart="days"' in page and 'data-testid="days"' in page

    rows = _sheet(_get(client, w.s1.user, "projects:dashboard_centre", export="days", **query))
    assert rows[0] == ("里程碑", "目标时限（工作日）", "完成个数", "平均政府用时（工作日）", "平均企业用时（工作日）")
    assert ("看板里程碑", 5, 2, 6.5, 1) in rows


def test_a_filter_mistake_shows_the_dashboard_again_with_the_message_beside_the_form(client, w):
    """A month and dates together, or reversed dates: the page again (400), its form as
    the user filled it (zone, department, dates kept) and the message in the form."""
    both = {"zone": w.z1.pk, "department": w.dept_a.pk, "month": "2026-04", "start": "2026-04-01", "end": "2026-04-30"}
    response = _get(client, w.s1.user, "projects:dashboard_centre", **both)
    assert response.status_code == 400
    assert response.templates[0].name == "projects/dashboards/dashboard.html"
    page = response.content.decode()
    form = page.split('data-testid="dashboard-filters"')[1].split("</form>")[0]
    assert "请选择月份或起止日期之一，不要同时填写" in form
    assert f'<option value="{w.z1.pk}" selected>' in form and f'<option value="{w.dept_a.pk}" selected>' in form
    assert 'value="2026-04"' in form and 'value="2026-04-01"' in form and 'value="2026-04-30"' in form
    assert 'data-testid="league"' not in page  # no figures for filters it cannot read

    reversed_ = _get(client, w.s1.user, "projects:dashboard_centre", start="2026-04-30", end="2026-04-01")
    assert reversed_.status_code == 400 and "截止日期不能早于起始日期" in reversed_.content.decode()
    assert 'value="2026-04-30"' in reversed_.content.decode()


def test_hostile_filter_values_are_never_echoed_whole(client, w):
    for query in ({"export": "x" * 10_000}, {"month": "y" * 10_000}, {"export": "ab\x00cd"}, {"start": "\x00" * 50}):
        response = _get(client, w.s1.user, "projects:dashboard_centre", **query)
        assert response.status_code == 400, query
        page = response.content.decode()
        assert response.context["errors"]
        assert "x" * 41 not in page and "y" * 41 not in page and "\x00" not in page
    assert "abcd" in _get(client, w.s1.user, "projects:dashboard_centre", export="ab\x00cd").content.decode()


def test_the_league_ranks_only_departments_with_decided_items(client, w):
    """June: nothing decided; department A still has item 5 overdue (no rank: "—")."""
    response = _get(client, w.s1.user, "projects:dashboard_centre", month="2026-06")
    [row] = response.context["departments"]
    assert (row.department, row.decided, row.overdue_now) == ("看板住建局", 0, 1)
    table = response.content.decode().split('data-testid="league"')[1].split("</table>")[0]
    assert '<td data-label="名次">—</td>' in table and '<td data-label="名次">1</td>' not in table


def test_the_filters_name_departments_as_the_tables_and_offer_the_centres_zones_only(client, w):
    w.dept_a.short_name = "住建"
    w.dept_a.save()
    response = _get(client, w.s1.user, "projects:dashboard_centre", **APRIL)
    form = response.content.decode().split('data-testid="dashboard-filters"')[1].split("</form>")[0]
    assert ">看板住建局</option>" in form and ">住建</option>" not in form
    assert "看板一区" in form and "看板二区" not in form  # centre 1's zone is zone 1
    assert _get(client, w.s1.user, "projects:dashboard_centre", zone=w.z2.pk, **APRIL).status_code == 400
    assert "看板二区" in _get(client, w.admin, "projects:dashboard_all", **APRIL).content.decode()


def test_milestones_past_due_at_the_months_end_show_in_the_table_chart_and_sheet(client, w):
    """m3 (due 04-27, running) is past due at April's end; m2 (due 04-01) was running,
    not yet past due, at March's end."""
    query = {"start": "2026-03-01", "end": "2026-04-30"}
    response = _get(client, w.s1.user, "projects:dashboard_centre", **query)
    rows = [row for row in response.context["compliance"] if row.milestone == "看板里程碑"]
    assert [(row.running, row.past_due) for row in rows] == [(1, 0), (1, 1)]
    chart = _charts(response)["compliance"]
    assert [s["name"] for s in chart["series"]][2:] == ["月末计时中（未超时）", "月末已超时"]
    index = chart["categories"].index("2026-04")
    assert chart["series"][3]["data"][index] >= 1
    assert "其中月末已超时" in response.content.decode()
    sheet = _sheet(_get(client, w.s1.user, "projects:dashboard_centre", export="compliance", **query))
    assert sheet[0][5:7] == ("月末计时中", "其中月末已超时")
    assert ("看板里程碑", 5, "2026-04", 0, 1, 1, 1, 1, 9, 2) in sheet
