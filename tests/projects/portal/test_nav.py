"""The header's links: every role has some, and each opens for that role."""

import re

import pytest
from django.test import Client

from crm.accounts.roles import Role
from tests.factories import (
    EnterpriseContactFactory,
    ProxyAgentFactory,
    SupervisorFactory,
    UserFactory,
    ZoneFactory,
)

pytestmark = pytest.mark.django_db

NAV = re.compile(r'<nav data-testid="nav">(.*?)</nav>', re.DOTALL)


def _users():
    zone = ZoneFactory()
    return {
        "agent": ProxyAgentFactory(user=UserFactory(username="nav_agent", roles=[Role.AGENT])).user,
        "supervisor": SupervisorFactory(user__username="nav_supervisor").user,
        "enterprise": EnterpriseContactFactory(user__username="nav_enterprise").user,
        "zone_committee": UserFactory(username="nav_zone", roles=[Role.ZONE_COMMITTEE], zone=zone, is_staff=True),
        "reviewer": UserFactory(username="nav_reviewer", roles=[Role.REVIEWER]),
        "editor": UserFactory(username="nav_editor", roles=[Role.EDITOR]),
        "administrator": UserFactory(
            username="nav_admin", roles=[Role.ADMINISTRATOR], is_superuser=True, is_staff=True
        ),
    }


EXPECTED = {
    "agent": {"代办工作台", "登记首次接洽", "里程碑总览", "日历订阅"},
    "supervisor": {"中心总览", "回访"},
    "enterprise": {"项目办理进度", "服务评价", "企业联系卡", "日历订阅", "送达结果"},
    "zone_committee": {"园区首页", "区域评估报告", "改革成效"},
    "reviewer": {"联审待办"},
    "editor": {"门户编辑", "内容管理后台"},
    "administrator": {"系统管理", "后台管理", "内容管理后台"},
}


def test_every_role_has_header_links_that_it_can_open():
    for role, user in _users().items():
        client = Client()
        client.force_login(user)
        home = client.get("/", follow=True)
        assert home.status_code == 200, role
        nav = NAV.search(home.content.decode()).group(1)
        links = {text.strip(): href for href, text in re.findall(r'<a href="([^"]+)">([^<]+)</a>', nav)}
        assert EXPECTED[role] <= set(links), (role, links)
        for text, href in links.items():
            answer = client.get(href.split("#")[0])
            assert answer.status_code == 200, (role, text, href, answer.status_code)
