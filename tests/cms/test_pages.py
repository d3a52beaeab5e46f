"""Every page type of the public site renders for the public, from the CRM's live data."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import ApprovalItemFactory, ProxyAgentFactory, ZoneReportFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_public_gets_the_home_page_at_the_root(client, site_tree):
    page = text(client.get("/"))
    assert "免费代办" in page and "近12个月" in page
    assert 'action="/status/"' in page and 'name="verify"' in page
    for title in ("代办员名录", "政策解读", "代办事项目录", "园区区域评估"):
        assert title in page
    assert "工作人员登录" in page


def test_a_signed_in_user_still_goes_to_their_home(client, site_tree):
    agent = ProxyAgentFactory()
    client.force_login(agent.user)
    assert client.get("/").url == "/projects/agent/"


def test_the_directory_lists_active_agents_and_follows_a_deactivation(client, site_tree):
    shown = ProxyAgentFactory(user__full_name="张代办", specialties="工业项目、施工许可")
    gone = ProxyAgentFactory(user__full_name="李离岗")
    url = site_tree["directory"].url
    page = text(client.get(url))
    assert "张代办" in page and "李离岗" in page and shown.centre.name in page
    gone.is_active = False
    gone.save()
    page = text(client.get(url))
    assert "张代办" in page and "李离岗" not in page


def test_the_directory_filters_by_zone_and_speciality(client, site_tree):
    first = ProxyAgentFactory(user__full_name="张代办", specialties="工业项目、施工许可")
    ProxyAgentFactory(user__full_name="王代办", specialties="企业开办")
    url = site_tree["directory"].url
    page = text(client.get(url, {"speciality": "施工许可"}))
    assert "张代办" in page and "王代办" not in page
    page = text(client.get(url, {"zone": first.centre.zone_id}))
    assert "张代办" in page and "王代办" not in page


@pytest.mark.parametrize(
    "query", [{"zone": "NaN"}, {"zone": "99999999999999999999"}, {"speciality": "§unknown§"}, {"speciality": "\x00"}]
)
def test_the_directory_refuses_a_query_it_cannot_read(client, site_tree, query):
    response = client.get(site_tree["directory"].url, query)
    assert response.status_code == 400 and "请求无效" in response.content.decode()


def test_an_explainer_renders_its_blocks(client, site_tree):
    page = text(client.get(site_tree["explainer"].url))
    assert "都政办发〔2017〕95号" in page and "什么是3550？" in page and "3 / 5 / 50" in page
    index = text(client.get(site_tree["policies"].url))
    assert "不见面审批改革解读" in index


def test_the_catalogue_lists_items_and_filters_them(client, site_tree):
    permit = ApprovalItemFactory(name="建筑工程施工许可证核发")
    other = ApprovalItemFactory(name="企业设立登记")
    url = site_tree["catalogue"].url
    page = text(client.get(url))
    assert permit.name in page and other.name in page
    page = text(client.get(url, {"q": "施工许可"}))
    assert permit.name in page and other.name not in page
    page = text(client.get(url, {"department": other.department_id}))
    assert permit.name not in page and other.name in page
    for query in ({"q": "\x00"}, {"q": "长" * 51}, {"department": "NaN"}):
        assert client.get(url, query).status_code == 400


def test_a_zone_page_shows_its_reports_in_force_without_their_files(client, site_tree):
    today = timezone.localdate()
    report = ZoneReportFactory(
        title="高新区区域评估报告", valid_from=today - dt.timedelta(days=30), assessment_types=["energy"]
    )
    ZoneReportFactory(
        zone=report.zone,
        title="过期报告",
        valid_from=today - dt.timedelta(days=3000),
        valid_until=today - dt.timedelta(days=1),
    )
    index = text(client.get(site_tree["zones"].url))
    assert report.zone.name in index
    page = text(client.get(f"{site_tree['zones'].url}{report.zone.pk}/"))
    assert "高新区区域评估报告" in page and "过期报告" not in page
    assert "/zone/reports/" not in page
    assert client.get(f"{site_tree['zones'].url}999999/").status_code == 404


def test_an_item_guide_matches_the_crm_catalogue(client, site_tree):
    from decimal import Decimal

    from projects.models import ItemBundle, Material, MaterialRequirement, ProcessStep

    item = ApprovalItemFactory(
        name="建筑工程施工许可证核发",
        legal_basis="《中华人民共和国建筑法》第八条",
        statutory_days=14,
        committed_days=5,
        fee=Decimal("120.00"),
        fee_basis="苏价费〔2019〕1号",
        online_level="online_prereview",
        notification_commitment=True,
    )
    ProcessStep.objects.create(item=item, order=1, name="受理", description="窗口收件")
    ProcessStep.objects.create(item=item, order=2, name="审查")
    requirement = MaterialRequirement.objects.create(
        item=item, material=Material.objects.create(name="施工许可申请表"), copies=2, required=False
    )
    ItemBundle.objects.create(name="工业项目开工套餐").items.add(item)
    catalogue = site_tree["catalogue"]
    url = catalogue.url + catalogue.reverse_subpage("item", args=(item.pk,))
    assert url in text(client.get(catalogue.url))
    page = text(client.get(url))
    for shown in (
        item.department.name,
        "《中华人民共和国建筑法》第八条",
        "14个工作日",
        "5个工作日",
        "120.00 元",
        "苏价费〔2019〕1号",
        "网上预审（最多跑一次）",
        "可实行告知承诺制",
        "列入代办事项目录，可免费代办",
        "施工许可申请表",
        "可容缺受理",
        "受理：窗口收件",
        "审查",
        "工业项目开工套餐",
        "无需模板",
    ):
        assert shown in page, shown
    assert requirement.copies == 2
    # Always current: a change in the CRM shows at once; an item withdrawn is gone.
    item.name = "建筑工程施工许可证核发（新）"
    item.save()
    assert "建筑工程施工许可证核发（新）" in text(client.get(url))
    item.is_active = False
    item.save()
    assert client.get(url).status_code == 404


def test_errors_are_in_the_sites_look(client, site_tree):
    from cms.views import server_error

    missing = client.get("/no-such-page/")
    assert missing.status_code == 404 and "工作人员登录" in missing.content.decode()
    client.force_login(ProxyAgentFactory().user)
    assert "工作人员登录" not in client.get("/no-such-page/").content.decode()
    failed = server_error(None)
    assert failed.status_code == 500 and "系统暂时出现问题" in failed.content.decode()


def test_the_sitemap_lists_the_pages(client, site_tree):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/directory/" in sitemap and "/policies/bujianmian/" in sitemap
