"""The joint visit pages: scoped like the project, staff act, refusals come back as
messages beside what was typed, the record is a page and a PDF in Chinese."""

import datetime as dt
import io
import re

import pytest
from django.utils import timezone

from crm.calendar.workdays import is_working_day, workdays_add
from projects.models import FindingKind, JointVisit, JointVisitState, VisitAttendance
from projects.visits.services import visit_attendance_record, visit_issue, visit_schedule
from tests.factories import MON
from tests.projects.visits.scenario import TUE, WED, project_with_needs

pytestmark = pytest.mark.django_db

VIEWERS = {
    "agent1": 200,
    "supervisor": 200,
    "admin": 200,
    "enterprise1": 200,
    "zone_a": 200,
    "agent2": 404,
    "supervisor_b": 404,
    "zone_b": 404,
    "editor": 404,
    "nobody": 404,
}


@pytest.fixture
def issued(world):
    """agent1's issued joint survey of its own project, one rectification open."""
    agent = world.users["agent1"]
    planning, housing, fire = project_with_needs(world.own_project, agent)
    visit = visit_schedule(
        project=world.own_project,
        kind="survey",
        visit_on=TUE,
        visit_time=dt.time(9, 30),
        place="开发大道88号地块",
        departments=[planning, housing, fire],
        by=agent,
        on=MON,
    )
    visit_attendance_record(
        visit=visit,
        department=planning,
        attended=True,
        attendees="王科长",
        finding=FindingKind.RECTIFICATION,
        finding_text="消防车道宽度不足4米",
        rectification_days=5,
        by=agent,
        on=TUE,
    )
    for department in (housing, fire):
        visit_attendance_record(
            visit=visit, department=department, attended=True, attendees="李工", finding="none", by=agent, on=TUE
        )
    return visit_issue(visit=visit, by=agent, on=WED)


def next_working_day() -> dt.date:
    day = timezone.localdate() + dt.timedelta(days=1)
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


@pytest.mark.parametrize(("username", "status"), VIEWERS.items())
def test_every_visit_page_is_scoped_like_the_project(client, world, issued, username, status):
    client.force_login(world.users[username])
    base = f"/projects/{world.own_project.pk}/visits"
    for path in (f"{base}/", f"{base}/{issued.pk}/", f"{base}/{issued.pk}/record/", f"{base}/{issued.pk}/record/pdf/"):
        assert client.get(path).status_code == status, path


def test_a_visit_is_not_reached_through_another_project(client, world, issued):
    client.force_login(world.users["agent2"])
    other = world.other_project.pk
    assert client.get(f"/projects/{other}/visits/{issued.pk}/").status_code == 404
    client.force_login(world.users["admin"])
    assert client.get(f"/projects/{other}/visits/{issued.pk}/").status_code == 404


@pytest.mark.parametrize(("username", "status"), [("enterprise1", 403), ("zone_a", 403), ("agent2", 404)])
def test_only_the_projects_staff_act(client, world, issued, username, status):
    client.force_login(world.users[username])
    base = f"/projects/{world.own_project.pk}/visits"
    follow_up = issued.follow_ups.get()
    day = next_working_day()
    posts = {
        f"{base}/schedule/": {"kind": "survey", "visit_on": day, "visit_time": "09:00", "place": "地块"},
        f"{base}/{issued.pk}/attendance/": {"department": 1, "attended": "no", "on": f"{WED}"},
        f"{base}/{issued.pk}/issue/": {"on": f"{WED}"},
        f"{base}/{issued.pk}/follow-ups/{follow_up.pk}/close/": {"note": "已整改", "on": f"{WED}"},
    }
    for path, data in posts.items():
        assert client.post(path, data).status_code == status, path
    assert JointVisit.objects.count() == 1 and issued.follow_ups.get().closed_on is None


def test_the_record_before_issue_does_not_exist(client, world):
    agent = world.users["agent1"]
    (planning,) = project_with_needs(world.own_project, agent, names=("规划局",))
    visit = visit_schedule(
        project=world.own_project,
        kind="acceptance",
        visit_on=TUE,
        visit_time=dt.time(9),
        place="厂区",
        departments=[planning],
        by=agent,
        on=MON,
    )
    client.force_login(agent)
    base = f"/projects/{world.own_project.pk}/visits/{visit.pk}"
    assert client.get(f"{base}/record/").status_code == 404
    assert client.get(f"{base}/record/pdf/").status_code == 404
    page = client.get(f"{base}/").content.decode()
    assert "以下部门尚未登记到场情况，不能出具记录：规划局" in page


def test_schedule_through_the_page_invites_the_projects_departments_by_default(client, world):
    agent = world.users["agent1"]
    departments = project_with_needs(world.own_project, agent)
    client.force_login(agent)
    base = f"/projects/{world.own_project.pk}/visits"
    page = client.get(f"{base}/").content.decode()
    for department in departments:  # checked by default
        assert re.search(rf'value="{department.pk}"[^>]*checked', page), department.name
    day = next_working_day()
    response = client.post(
        f"{base}/schedule/",
        {
            "kind": "survey",
            "visit_on": f"{day}",
            "visit_time": "09:30",
            "place": "开发大道88号",
            "departments": [d.pk for d in departments[:2]],
        },
    )
    visit = JointVisit.objects.get()
    assert response["Location"] == f"{base}/{visit.pk}/"
    assert (visit.visit_on, visit.place) == (day, "开发大道88号")
    assert set(visit.departments.all()) == set(departments[:2])


HOSTILE = ["名称\x00注入", "长" * 10_000, "NaN", "§unknown§", "-1", "1e20"]
# Refused whatever the field: a NUL byte, 10,000 characters, a choice nobody offers.
ALWAYS_REFUSED = HOSTILE[:2]


def assert_refused_or_kept(client, path, valid, count):
    """Each field set to each hostile value: never a 500; a NUL byte or 10,000
    characters always refused with a message; a refused post changes nothing."""
    for name in valid:
        for value in HOSTILE:
            before = count()
            response = client.post(path, {**valid, name: value}, follow=True)
            assert response.status_code == 200, (name, value[:10])
            refused = any(m.level_tag == "error" for m in response.context["messages"])
            if value in ALWAYS_REFUSED or name in ("kind", "finding", "attended", "waits_on", "department"):
                assert refused, (name, value[:10])
            if refused:
                assert count() == before, (name, value[:10])


def test_hostile_schedule_values_get_a_message_and_change_nothing(client, world):
    agent = world.users["agent1"]
    departments = project_with_needs(world.own_project, agent)
    client.force_login(agent)
    base = f"/projects/{world.own_project.pk}/visits"
    valid = {
        "kind": "survey",
        "visit_on": f"{next_working_day()}",
        "visit_time": "09:30",
        "place": "开发大道88号",
        "departments": [departments[0].pk],
    }
    assert_refused_or_kept(client, f"{base}/schedule/", valid, JointVisit.objects.count)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    page = client.post(f"{base}/schedule/", {**valid, "visit_on": f"{yesterday}"}, follow=True).content.decode()
    assert "现场日期不能早于今天" in page
    page = client.post(f"{base}/schedule/", {**valid, "visit_on": "9999-12-31"}, follow=True).content.decode()
    assert "现场日期最多安排在一年以内" in page
    saturday = next_working_day()
    while is_working_day(saturday):
        saturday += dt.timedelta(days=1)
    page = client.post(f"{base}/schedule/", {**valid, "visit_on": f"{saturday}"}, follow=True).content.decode()
    assert "不是工作日" in page
    assert "开发大道88号" in page  # what was typed comes back


def test_hostile_attendance_values_get_a_message_and_change_nothing(client, world, issued):
    agent = world.users["agent1"]
    (planning,) = project_with_needs(world.own_project, agent, names=("规划分局",))
    visit = visit_schedule(
        project=world.own_project,
        kind="survey",
        visit_on=TUE,
        visit_time=dt.time(9),
        place="地块",
        departments=[planning],
        by=agent,
        on=MON,
    )
    client.force_login(agent)
    base = f"/projects/{world.own_project.pk}/visits/{visit.pk}"
    valid = {
        "department": planning.pk,
        "attended": "yes",
        "attendees": "王科长",
        "finding": "rectification",
        "finding_text": "补充排水方案",
        "rectification_days": "5",
        "waits_on": "enterprise",
        "on": f"{TUE}",
    }
    assert_refused_or_kept(
        client, f"{base}/attendance/", valid, lambda: VisitAttendance.objects.exclude(attended=None).count()
    )
    VisitAttendance.objects.filter(visit=visit).update(attended=None)  # a plain text value may have been accepted
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    page = client.post(f"{base}/attendance/", {**valid, "on": f"{tomorrow}"}, follow=True).content.decode()
    assert "日期不能晚于今天" in page
    page = client.post(f"{base}/attendance/", {**valid, "on": f"{MON}"}, follow=True).content.decode()
    assert "当天或之后才能登记" in page
    # A department of another visit is not one of this visit's.
    other = issued.attendances.first().department
    page = client.post(f"{base}/attendance/", {**valid, "department": other.pk}, follow=True).content.decode()
    assert "部门：" in page
    assert not VisitAttendance.objects.filter(visit=visit).exclude(attended=None).exists()
    for path, data in {
        f"{base}/issue/": {"on": "§"},
        f"/projects/{world.own_project.pk}/visits/{issued.pk}/follow-ups/{issued.follow_ups.get().pk}/close/": {
            "note": "长" * 10_000,
            "on": f"{tomorrow}",
        },
    }.items():
        response = client.post(path, data, follow=True)
        assert response.status_code == 200
        assert any(m.level_tag == "error" for m in response.context["messages"])
    assert client.post(f"/projects/{world.own_project.pk}/visits/{issued.pk}/follow-ups/1/unknown/").status_code == 404


def test_the_page_takes_a_visit_to_its_record(client, world):
    agent = world.users["agent1"]
    planning, housing = project_with_needs(world.own_project, agent, names=("规划局", "住建局"))
    visit = visit_schedule(
        project=world.own_project,
        kind="survey",
        visit_on=TUE,
        visit_time=dt.time(9),
        place="地块",
        departments=[planning, housing],
        by=agent,
        on=MON,
    )
    client.force_login(agent)
    base = f"/projects/{world.own_project.pk}/visits/{visit.pk}"
    client.post(
        f"{base}/attendance/",
        {
            "department": planning.pk,
            "attended": "yes",
            "attendees": "王科长",
            "finding": "rectification",
            "finding_text": "补充排水方案",
            "rectification_days": "5",
            "waits_on": "enterprise",
            "on": f"{TUE}",
        },
    )
    page = client.post(f"{base}/issue/", {"on": f"{WED}"}, follow=True).content.decode()
    assert "以下部门尚未登记到场情况，不能出具记录：住建局" in page
    client.post(f"{base}/attendance/", {"department": housing.pk, "attended": "no", "on": f"{TUE}"})
    page = client.post(f"{base}/issue/", {"on": f"{WED}"}, follow=True).content.decode()
    assert "记录已出具，编号LK-2026-00001" in page
    visit.refresh_from_db()
    assert visit.state == JointVisitState.ISSUED
    follow_up = visit.follow_ups.get()
    assert f"{follow_up.due_date:%Y-%m-%d}前完成" in page
    assert "等待" in page and "整改（规划局提出的整改要求）" in page
    # The project page shows the visit and its overdue rectification.
    project_page = client.get(f"/projects/{world.own_project.pk}/").content.decode()
    assert "LK-2026-00001" in project_page and "超时" in project_page
    closed_on = workdays_add(WED, 1).date
    page = client.post(
        f"{base}/follow-ups/{follow_up.pk}/close/", {"note": "已补充排水方案", "on": f"{closed_on}"}, follow=True
    ).content.decode()
    assert "已办结" in page and "已补充排水方案" in page


def test_the_enterprise_sees_its_visits_and_what_it_must_put_right(client, world, issued):
    client.force_login(world.users["enterprise1"])
    page = client.get("/projects/enterprise/").content.decode()
    assert "联合踏勘" in page and "开发大道88号地块" in page and "LK-2026-00001" in page
    assert "请贵企业按盐都区自然资源和规划局的要求整改：消防车道宽度不足4米" in page
    detail = client.get(f"/projects/{world.own_project.pk}/visits/{issued.pk}/").content.decode()
    assert "登记整改办结" not in detail and "出具记录" not in detail  # nothing to act on


def test_the_record_is_a_page_and_a_pdf_in_chinese(client, world, issued):
    from pypdf import PdfReader

    client.force_login(world.users["enterprise1"])
    base = f"/projects/{world.own_project.pk}/visits/{issued.pk}"
    page = client.get(f"{base}/record/").content.decode()
    assert "联合踏勘记录" in page and "LK-2026-00001" in page and "消防车道宽度不足4米" in page
    response = client.get(f"{base}/record/pdf/")
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"] and "LK-2026-00001" in response["Content-Disposition"]
    pdf = b"".join(response.streaming_content) if response.streaming else response.content
    assert pdf.startswith(b"%PDF") and len(pdf) > 2000
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).replace(" ", "")
    assert "联合踏勘记录" in text and "消防车道宽度不足4米" in text and "LK-2026-00001" in text


def test_the_visits_page_does_not_grow_with_visits(client, world, issued, django_assert_max_num_queries):
    agent = world.users["agent1"]
    client.force_login(agent)
    url = f"/projects/{world.own_project.pk}/visits/"
    with django_assert_max_num_queries(1000) as one:
        assert client.get(url).status_code == 200
    departments = list(issued.departments.all())
    for _n in range(5):
        visit = visit_schedule(
            project=world.own_project,
            kind="survey",
            visit_on=TUE,
            visit_time=dt.time(9),
            place="地块",
            departments=departments,
            by=agent,
            on=MON,
        )
        for department in departments:
            visit_attendance_record(
                visit=visit,
                department=department,
                attended=True,
                attendees="王",
                finding="rectification",
                finding_text="整改",
                rectification_days=3,
                by=agent,
                on=TUE,
            )
        visit_issue(visit=visit, by=agent, on=WED)
    with django_assert_max_num_queries(1000) as six:
        assert client.get(url).status_code == 200
    assert len(six.captured_queries) == len(one.captured_queries)
