"""The public site's pages are cached for the public (cms/cache.py): a second visit costs
no query; publishing and the CRM changes the pages show make them fresh at once."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import ApprovalItemFactory, ProxyAgentFactory, UserFactory, ZoneReportFactory

pytestmark = pytest.mark.django_db


def shown(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def test_a_second_visit_is_served_from_the_cache(client, site_tree, django_assert_num_queries):
    item = ApprovalItemFactory(name="建筑工程施工许可证核发")
    catalogue = site_tree["catalogue"]
    for url in ("/", site_tree["explainer"].url, catalogue.url + catalogue.reverse_subpage("item", args=(item.pk,))):
        first = shown(client, url)
        with django_assert_num_queries(0):
            assert shown(client, url) == first


def test_what_differs_per_visitor_is_never_cached(site_tree):
    agent = ProxyAgentFactory()
    directory = site_tree["directory"]
    contact = directory.url + directory.reverse_subpage("contact", args=(agent.pk,))
    public = Client()
    shown(public, contact)  # a form with a CSRF token of its own
    assert "csrfmiddlewaretoken" in shown(Client(), contact)
    assert shown(Client(), contact) != shown(Client(), contact)
    shown(public, directory.url + "?speciality=")  # a query string
    with CaptureQueriesContext(connection) as queries:
        shown(Client(), directory.url + "?speciality=")
    assert len(queries) > 0
    shown(public, "/")
    signed_in = Client()
    signed_in.force_login(UserFactory(roles=["editor"]))
    assert signed_in.get("/").status_code == 302  # the role's home, never the public's cached page


def test_a_cached_page_changes_when_a_page_is_published_or_unpublished(
    client, site_tree, django_capture_on_commit_callbacks
):
    explainer, policies = site_tree["explainer"], site_tree["policies"]
    assert "企业开办3个工作日" in shown(client, explainer.url)
    assert "不见面审批改革解读" in shown(client, policies.url)
    explainer.summary = "新的摘要：区域评估成果共享。"
    with django_capture_on_commit_callbacks(execute=True):
        explainer.save_revision().publish()
    assert "新的摘要" in shown(client, explainer.url)
    with django_capture_on_commit_callbacks(execute=True):
        explainer.unpublish()
    assert client.get(explainer.url).status_code == 404
    assert "不见面审批改革解读" not in shown(client, policies.url)


def test_a_cached_page_follows_the_crm(client, site_tree, django_capture_on_commit_callbacks):
    item = ApprovalItemFactory(name="建筑工程施工许可证核发")
    agent = ProxyAgentFactory(user__full_name="李离岗")
    report = ZoneReportFactory(title="高新区环境影响区域评估报告")
    catalogue, directory, zones = site_tree["catalogue"], site_tree["directory"], site_tree["zones"]
    guide = catalogue.url + catalogue.reverse_subpage("item", args=(item.pk,))
    zone = zones.url + zones.reverse_subpage("zone", args=(report.zone_id,))
    assert "建筑工程施工许可证核发" in shown(client, guide)
    assert "李离岗" in shown(client, directory.url)
    assert "高新区环境影响区域评估报告" in shown(client, zone)

    with django_capture_on_commit_callbacks(execute=True):
        item.name = "建筑工程施工许可证核发（含变更）"
        item.save()
        agent.is_active = False
        agent.save()
        report.valid_until = timezone.localdate() - dt.timedelta(days=1)
        report.save()
    assert "（含变更）" in shown(client, guide)
    assert "李离岗" not in shown(client, directory.url)
    assert "高新区环境影响区域评估报告" not in shown(client, zone)

    agent.is_active = True
    agent.save()
    agent.user.full_name = "李回岗"
    agent.user.save()
    assert "李回岗" in shown(client, directory.url)


def test_with_the_cache_down_the_crm_still_saves(site_tree, settings, django_capture_on_commit_callbacks):
    """(Wagtail itself reads the default cache to serve a page, so the site needs it up.)"""
    import copy

    item = ApprovalItemFactory(name="建筑工程施工许可证核发")
    caches = copy.deepcopy(settings.CACHES)
    caches["default"].update(
        BACKEND="django_redis.cache.RedisCache",
        LOCATION="redis://127.0.0.1:1/0",  # nothing listens there
        OPTIONS={"SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
    )
    settings.CACHES = caches
    with django_capture_on_commit_callbacks(execute=True):
        item.name = "建筑工程施工许可证核发（含变更）"
        item.save()
    item.refresh_from_db()
    assert item.name.endswith("（含变更）")
