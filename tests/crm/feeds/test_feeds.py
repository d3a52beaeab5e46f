"""The iCalendar deadline feeds (crm/feeds.py, crm/views_feeds.py): RFC 5545 read back
with icalendar's parser, one event per open deadline of the person and nobody
else's, stable UIDs, SEQUENCE on a moved due date, the alarm on the working day
before, and the private address's life (create, regenerate, stop)."""

import datetime as dt
import itertools

import icalendar
import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from crm.audit.models import AuditEntry
from crm.feeds.services import feed_token_ensure, feed_token_regenerate, feed_token_revoke, feed_urls
from crm.models import Deadline, DeadlineState, FeedToken
from projects.investment.events import MilestoneEvent
from projects.investment.services import milestone_pause, milestone_resume, project_event_record
from projects.models import PauseCause
from tests.factories import MON

pytestmark = pytest.mark.django_db

_subject_ids = itertools.count(900000)


@pytest.fixture
def site(settings):
    settings.CRM_SITE_URL = "https://crm.example.gov.cn"
    return settings.CRM_SITE_URL


def a_deadline(
    *, owner=None, due_date: dt.date, kind="审批事项", model=("projects", "projectitem"), **fields
) -> Deadline:
    """A deadline row as an app keeps it (the alarm tests need due dates of their choosing)."""
    values = {
        "subject_type": ContentType.objects.get_by_natural_key(*model),
        "subject_id": next(_subject_ids),
        "kind_label": kind,
        "title": "测试科技有限公司：建设工程规划许可证",
        "url": "/projects/cases/1/",
        "owner": owner,
        "due_date": due_date,
        "warn_on": due_date,
        "started_on": MON,
    }
    values.update(fields)
    return Deadline.objects.create(**values)


def fetch(client, user) -> icalendar.Calendar:
    response = client.get(feed_path(user))
    assert response.status_code == 200
    return icalendar.Calendar.from_ical(response.content)


def feed_path(user) -> str:
    return reverse("calendar_feed_ics", kwargs={"token": feed_token_ensure(user=user).token})


def events_by_uid(calendar: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def file_project(world, project=None):
    """Record the project's filing: its construction-permit milestone (50 working
    days) starts, and with it a deadline row for the agent and the enterprise."""
    project = project or world.own_project
    project_event_record(project=project, event=MilestoneEvent.PROJECT_FILED, on=MON, by=project.agent.user)
    return project.milestones.get(definition__code="construction_permit")


# --- The feed's shape -----------------------------------------------------------------------------


def test_feed_is_rfc5545_that_calendar_clients_open(client, world, site):
    file_project(world)
    response = client.get(feed_path(world.users["agent1"]))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, max-age=300"
    raw = response.content
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")  # CRLF only
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))  # folded (octets)

    calendar = icalendar.Calendar.from_ical(raw)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"])
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["X-WR-TIMEZONE"]) == "Asia/Shanghai"
    assert "代办期限" in str(calendar["X-WR-CALNAME"])

    [event] = calendar.walk("VEVENT")
    milestone_deadline = Deadline.objects.get(kind_label="3550里程碑", owner=world.users["agent1"])
    assert str(event["UID"]) == f"deadline-{milestone_deadline.pk}@crm.example.gov.cn"
    assert event["DTSTART"].params["VALUE"] == "DATE"
    assert event.decoded("DTSTART") == milestone_deadline.due_date
    assert event.decoded("DTEND") == milestone_deadline.due_date + dt.timedelta(days=1)
    assert isinstance(event.decoded("DTSTART"), dt.date) and not isinstance(event.decoded("DTSTART"), dt.datetime)
    changed = milestone_deadline.updated_at.replace(microsecond=0)
    assert event.decoded("DTSTAMP") == changed
    assert event.decoded("DTSTAMP").utcoffset() == dt.timedelta(0)
    assert event.decoded("LAST-MODIFIED") == changed
    assert event.decoded("SUMMARY") == f"【3550里程碑】{milestone_deadline.title}"
    assert milestone_deadline.due_date.isoformat() in event.decoded("DESCRIPTION")
    project_url = f"https://crm.example.gov.cn/projects/{world.own_project.pk}/"
    assert str(event["URL"]) == project_url
    assert project_url in event.decoded("DESCRIPTION")
    [alarm] = event.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm.decoded("DESCRIPTION")


def test_feed_holds_every_open_deadline_of_the_agent_and_nobody_elses(client, world, site):
    agent1, agent2 = world.users["agent1"], world.users["agent2"]
    file_project(world)
    file_project(world, world.other_project)  # agent2's
    item = a_deadline(owner=agent1, due_date=dt.date(2026, 4, 1))
    paused = a_deadline(owner=agent1, due_date=dt.date(2026, 4, 2), state=DeadlineState.PAUSED, due_provisional=True)
    a_deadline(owner=agent1, due_date=dt.date(2026, 4, 3), state=DeadlineState.CLOSED)
    a_deadline(owner=agent2, due_date=dt.date(2026, 4, 1))

    events = events_by_uid(fetch(client, agent1))

    mine = Deadline.objects.filter(owner=agent1).exclude(state=DeadlineState.CLOSED)
    assert len(mine) == 3
    assert set(events) == {f"deadline-{d.pk}@crm.example.gov.cn" for d in mine}
    assert not {f"deadline-{d.pk}@crm.example.gov.cn" for d in Deadline.objects.filter(owner=agent2)} & set(events)
    assert events[f"deadline-{item.pk}@crm.example.gov.cn"].decoded("SUMMARY") == f"【审批事项】{item.title}"
    assert (
        events[f"deadline-{paused.pk}@crm.example.gov.cn"].decoded("SUMMARY")
        == f"【审批事项】{paused.title}（暂定）（暂停计时）"
    )


def test_uids_are_stable_and_sequence_grows_when_the_due_date_moves(client, world, site):
    agent1 = world.users["agent1"]
    permit = file_project(world)
    [before] = fetch(client, agent1).walk("VEVENT")
    [again] = fetch(client, agent1).walk("VEVENT")
    assert again["UID"] == before["UID"]
    assert again.decoded("SEQUENCE") == before.decoded("SEQUENCE")

    milestone_pause(
        milestone=permit, cause=PauseCause.CORRECTION, reason="补正用地材料", on=dt.date(2026, 3, 4), by=agent1
    )
    [paused] = fetch(client, agent1).walk("VEVENT")
    assert paused["UID"] == before["UID"]
    assert paused.decoded("SUMMARY").endswith("（暂停计时）")

    milestone_resume(milestone=permit, on=dt.date(2026, 3, 11), by=agent1)
    [after] = fetch(client, agent1).walk("VEVENT")
    permit.refresh_from_db()
    assert after["UID"] == before["UID"]
    assert after.decoded("DTSTART") == permit.due_date > before.decoded("DTSTART")
    assert after.decoded("SEQUENCE") > before.decoded("SEQUENCE")
    assert after.decoded("DTSTAMP") >= before.decoded("DTSTAMP")


@pytest.mark.parametrize(
    ("due_date", "alarm_day"),
    [
        (dt.date(2026, 3, 9), dt.date(2026, 3, 6)),  # Monday after a weekend: the Friday
        (dt.date(2026, 10, 8), dt.date(2026, 9, 30)),  # after the National Day break
        (dt.date(2026, 3, 4), dt.date(2026, 3, 3)),  # an ordinary Wednesday: the day before
    ],
)
def test_alarm_is_at_nine_on_the_working_day_before(client, world, site, due_date, alarm_day):
    a_deadline(owner=world.users["agent1"], due_date=due_date)
    [event] = fetch(client, world.users["agent1"]).walk("VEVENT")
    [alarm] = event.walk("VALARM")
    trigger = alarm.decoded("TRIGGER")
    # Relative to the all-day start, which is midnight of the due date.
    assert isinstance(trigger, dt.timedelta)
    assert dt.datetime.combine(event.decoded("DTSTART"), dt.time()) + trigger == dt.datetime.combine(
        alarm_day, dt.time(9)
    )


def test_enterprise_feed_lists_only_its_projects_milestones(client, world, site):
    enterprise_user = world.users["enterprise1"]
    own = file_project(world)
    file_project(world, world.other_project)
    own_enterprise = world.own_project.enterprise_id
    a_deadline(owner=world.users["agent1"], due_date=dt.date(2026, 4, 1), enterprise_key=own_enterprise)  # an item
    a_deadline(
        owner=world.users["supervisor"], due_date=dt.date(2026, 4, 1), kind="回访整改", model=("projects", "callback")
    )

    events = events_by_uid(fetch(client, enterprise_user))

    own_deadline = Deadline.objects.get(subject_type__model="milestone", subject_id=own.pk)
    assert set(events) == {f"deadline-{own_deadline.pk}@crm.example.gov.cn"}


def test_feed_queries_do_not_grow_with_its_rows(client, world, site, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    agent1 = world.users["agent1"]
    path = feed_path(agent1)
    a_deadline(owner=agent1, due_date=dt.date(2026, 4, 1))
    client.get(path)  # the calendar and content types loaded once per process
    with CaptureQueriesContext(connection) as one:
        client.get(path)
    for day in range(2, 22):
        a_deadline(owner=agent1, due_date=dt.date(2026, 4, day))
    with django_assert_max_num_queries(len(one)):
        response = client.get(path)
    assert len(icalendar.Calendar.from_ical(response.content).walk("VEVENT")) == 21


# --- The address ----------------------------------------------------------------------------------


def test_unknown_or_revoked_address_is_404(client, world, site):
    agent1 = world.users["agent1"]
    path = feed_path(agent1)
    assert client.get(reverse("calendar_feed_ics", kwargs={"token": "not-a-token"})).status_code == 404
    assert feed_token_revoke(user=agent1) is True
    assert client.get(path).status_code == 404
    assert feed_token_revoke(user=agent1) is False


def test_regenerate_gives_a_new_address_and_the_old_one_stops(client, world, site):
    agent1 = world.users["agent1"]
    old = feed_token_ensure(user=agent1)
    assert feed_token_ensure(user=agent1) == old  # get-or-create
    new = feed_token_regenerate(user=agent1)
    assert new.token != old.token
    assert client.get(reverse("calendar_feed_ics", kwargs={"token": old.token})).status_code == 404
    assert client.get(reverse("calendar_feed_ics", kwargs={"token": new.token})).status_code == 200
    assert FeedToken.objects.filter(user=agent1, revoked_at__isnull=True).get() == new
    assert list(
        AuditEntry.objects.filter(event__startswith="feed_token.").order_by("pk").values_list("event", flat=True)
    ) == [
        "feed_token.created",
        "feed_token.revoked",
        "feed_token.regenerated",
    ]


def test_disabled_account_feed_is_404(client, world, site):
    agent1 = world.users["agent1"]
    path = feed_path(agent1)
    agent1.is_active = False
    agent1.save(update_fields=["is_active"])
    assert client.get(path).status_code == 404


# --- The page -------------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["agent1", "supervisor", "enterprise1"])
def test_page_shows_the_address_and_its_buttons_work(client, world, site, username):
    user = world.users[username]
    client.force_login(user)
    page = reverse("calendar_feed")
    response = client.get(page)
    assert response.status_code == 200
    assert not FeedToken.objects.filter(user=user).exists()  # a GET creates nothing

    assert client.post(page, {"action": "enable"}).status_code == 302
    token = FeedToken.objects.get(user=user)
    url, webcal = feed_urls(token)
    assert url.startswith("https://crm.example.gov.cn/calendar/") and url.endswith(".ics")
    assert webcal == "webcal://" + url.removeprefix("https://")
    content = client.get(page).content.decode()
    assert url in content and webcal in content
    for label in ["复制地址", "重新生成", "停用", "谷歌日历", "Outlook"]:
        assert label in content

    client.post(page, {"action": "regenerate"})
    assert client.get(url.removeprefix(site)).status_code == 404
    new = FeedToken.objects.get(user=user, revoked_at__isnull=True)
    assert new.token in client.get(page).content.decode()

    client.post(page, {"action": "revoke"})
    assert not FeedToken.objects.filter(user=user, revoked_at__isnull=True).exists()
    assert client.get(feed_urls(new)[0].removeprefix(site)).status_code == 404
    assert "生成订阅地址" in client.get(page).content.decode()


@pytest.mark.parametrize("username", ["zone_a", "editor", "admin", "nobody"])
def test_page_refuses_other_roles(client, world, username):
    client.force_login(world.users[username])
    assert client.get(reverse("calendar_feed")).status_code == 403
    assert client.post(reverse("calendar_feed"), {"action": "enable"}).status_code == 403
    assert not FeedToken.objects.exists()


def test_page_needs_sign_in(client, world):
    response = client.get(reverse("calendar_feed"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_links_to_the_page(client, world):
    client.force_login(world.users["agent1"])
    assert reverse("calendar_feed") in client.get(reverse("projects:workbench")).content.decode()
    client.force_login(world.users["enterprise1"])
    assert reverse("calendar_feed") in client.get(reverse("projects:enterprise_home")).content.decode()
