"""Absolute links follow the address the system is reached at (crm/links.py): CRM_SITE_URL
when set; else the request's scheme, host and port; else, without a request (the worker's
e-mails), CRM_DEFAULT_SITE_URL, which the run command sets from --host and --port."""

import icalendar
import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse

from crm.feeds.services import feed_calendar, feed_token_ensure, feed_urls
from crm.links import absolute_url, site_host, site_url
from crm.models import Deadline
from crm.notifications.delivery import deliveries_send
from crm.notifications.services import notify
from tests.factories import MON, ProxyAgentFactory, UserFactory


@pytest.fixture
def unset(settings):
    settings.CRM_SITE_URL = ""
    settings.CRM_DEFAULT_SITE_URL = "http://127.0.0.1:8101"
    settings.ALLOWED_HOSTS = ["127.0.0.1", "crm.yandu.gov.cn", "testserver"]
    return settings


def test_a_set_site_url_wins_over_the_request(unset):
    unset.CRM_SITE_URL = "https://crm.yandu.gov.cn/"
    request = RequestFactory().get("/", HTTP_HOST="127.0.0.1:8101")
    assert site_url(request) == site_url() == "https://crm.yandu.gov.cn"
    assert absolute_url("/calendar/x.ics", request) == "https://crm.yandu.gov.cn/calendar/x.ics"
    assert site_host() == "crm.yandu.gov.cn"


def test_unset_it_follows_the_request_port_and_scheme(unset):
    assert site_url(RequestFactory().get("/", HTTP_HOST="127.0.0.1:8202")) == "http://127.0.0.1:8202"
    secure = RequestFactory().get("/", HTTP_HOST="crm.yandu.gov.cn", secure=True)
    assert absolute_url("status/", secure) == "https://crm.yandu.gov.cn/status/"


def test_without_a_request_the_run_commands_address(unset):
    assert site_url() == "http://127.0.0.1:8101"
    assert site_host() == "127.0.0.1"  # calendar UIDs: one per event however the feed is reached


@pytest.mark.django_db
def test_the_feed_page_and_the_feed_lead_to_the_port_the_page_was_reached_on(client, unset):
    user = ProxyAgentFactory().user
    client.force_login(user)
    client.post(reverse("calendar_feed"), {"action": "enable"}, HTTP_HOST="127.0.0.1:8303")
    page = client.get(reverse("calendar_feed"), HTTP_HOST="127.0.0.1:8303").content.decode()
    token = feed_token_ensure(user=user)
    url, webcal = feed_urls(token, RequestFactory().get("/", HTTP_HOST="127.0.0.1:8303"))
    assert url.startswith("http://127.0.0.1:8303/calendar/") and url in page and webcal in page
    Deadline.objects.create(
        subject_type=ContentType.objects.get_by_natural_key("projects", "projectitem"),
        subject_id=1,
        kind_label="审批事项",
        title="规划许可",
        url="/projects/cases/1/",
        owner=user,
        due_date=MON,
        warn_on=MON,
        started_on=MON,
    )
    feed = client.get(url.removeprefix("http://127.0.0.1:8303"), HTTP_HOST="127.0.0.1:8303")
    (event,) = icalendar.Calendar.from_ical(feed.content).walk("VEVENT")
    assert str(event["url"]) == "http://127.0.0.1:8303/projects/cases/1/"
    assert str(event["uid"]).endswith("@127.0.0.1")
    assert b"http://127.0.0.1:8303/projects/cases/1/" in feed_calendar(
        user, RequestFactory().get("/", HTTP_HOST="127.0.0.1:8303")
    ).replace(b"\r\n ", b"")


@pytest.mark.django_db
def test_an_e_mail_sent_by_the_worker_links_to_the_run_commands_address(unset, django_capture_on_commit_callbacks):
    person = UserFactory(username="links_person", email="person@example.com")
    with django_capture_on_commit_callbacks(execute=False):
        notify(key="links-1", recipient_id=person.pk, kind="status", title="项目已开工", url="/projects/enterprise/")
    deliveries_send()
    (email,) = mail.outbox
    assert email.body.endswith("http://127.0.0.1:8101/projects/enterprise/")
