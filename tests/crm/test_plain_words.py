"""Plain words on every page (STYLE.md "Pages people use"): every page the demo's staff,
enterprise and zone users can reach by links, read as text, holds no internal code (an
audit event such as ``merged_assessment.compiling``, a payload key such as ``on_file``,
a state such as ``ok``) and no untranslated English word; and the admin's JavaScript
widgets read Chinese."""

import json
import re
from collections import deque
from html.parser import HTMLParser
from io import StringIO
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import translation

from crm.accounts.models import User
from tests.browser.phone_crawl import SKIP, route_key

ROLES = ["agent1", "supervisor", "admin", "reviewer", "enterprise1", "zone"]

# An event code or a dotted name: two lower-case words joined by a dot, not part of an
# address, a file name or a longer dotted name.
CODE = re.compile(r"(?<![\w@/.:\-])[a-z_]+\.[a-z_]+(?![\w/.@\-])")
FILE_SUFFIXES = {"pdf", "docx", "doc", "xlsx", "xls", "ofd", "jpg", "jpeg", "png", "zip", "ics", "txt", "csv"}
# Internal words that must never stand alone on a Chinese page: states, health results,
# payload keys, Python's and JavaScript's empty values, framework strings.
ENGLISH = {
    "ok", "error", "unavailable", "database", "channel_layer", "broker", "items", "materials", "on_file",
    "pending", "sent", "sending", "failed", "draft", "issued", "approved", "rejected", "delivered",
    "accepted", "in_review", "returned", "submitted", "normal", "warning", "overdue", "paused", "running",
    "open", "closed", "done", "true", "false", "none", "null", "undefined", "nan", "choose", "all",
}  # fmt: skip
WORD = re.compile(r"(?<![A-Za-z_])[A-Za-z_]+(?![A-Za-z_])")
# The back offices of frameworks have a page per model: a few of each stand for the rest.
SAMPLED = {"/admin/": 10, "/cms/": 0}
SHOWN_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt", "data-label"}


class _Text(HTMLParser):
    """What a person reads: text outside scripts and styles, and the attributes shown
    (``alt`` aside in the admin: Django writes its yes/no icons as alt="True")."""

    def __init__(self, *, admin: bool = False):
        super().__init__()
        self.parts: list[str] = []
        self.links: list[str] = []
        self.shown = SHOWN_ATTRIBUTES - {"alt"} if admin else SHOWN_ATTRIBUTES
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._hidden += 1
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])
        for name in self.shown & values.keys():
            self.parts.append(values[name] or "")
        if tag in ("input", "button") and values.get("type") in ("submit", "button"):
            self.parts.append(values.get("value") or "")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def internal_words(text: str) -> list[str]:
    found = [m for m in CODE.findall(text) if m.rsplit(".", 1)[1] not in FILE_SUFFIXES]
    found += [w for w in WORD.findall(text) if w.lower() in ENGLISH]
    return found


def crawl(client: Client, start: str, per_pattern: int = 6, limit: int = 250) -> dict[str, list[str]]:
    """Every same-site page reachable from ``start`` by links (at most ``per_pattern`` of
    one URL pattern: six cases stand for all cases; ``limit`` in all) → the internal words
    it shows."""
    problems: dict[str, list[str]] = {}
    seen: set[str] = set()
    per_key: dict[str, int] = {}
    sampled = dict.fromkeys(SAMPLED, 0)
    queue = deque([start])
    visited = 0
    while queue and visited < limit:
        url = queue.popleft()
        path = urlsplit(url).path
        key = route_key(path)
        if url in seen or per_key.get(key, 0) >= per_pattern or SKIP.search(path):
            continue
        seen.add(url)
        per_key[key] = per_key.get(key, 0) + 1
        prefix = next((p for p in SAMPLED if key.startswith(p)), None)
        if prefix:
            if sampled[prefix] >= SAMPLED[prefix]:
                continue
            sampled[prefix] += 1
        response = client.get(url, follow=True)
        assert response.status_code < 500, url
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        visited += 1
        parser = _Text(admin=path.startswith("/admin/"))
        parser.feed(response.content.decode())
        words = internal_words("\n".join(parser.parts))
        if words:
            problems[url] = sorted(set(words))
        for href in parser.links:
            target = urljoin(url, href)
            if urlsplit(target).netloc in ("", "testserver") and target.startswith(("/", "http://testserver")):
                queue.append(urlsplit(target)._replace(scheme="", netloc="", fragment="").geturl())
    return problems


def test_the_patterns_find_codes_and_words_and_leave_addresses_and_files():
    text = "状态：ok；merged_assessment.compiling；items：3；见 land.docx、noreply@crm.localhost、crm.yandu.gov.cn"
    assert internal_words(text) == ["merged_assessment.compiling", "ok", "items"]
    assert internal_words("3,850,000 元；按时办结；English") == []


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once in a transaction rolled back when the module ends."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("demo", stdout=StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.mark.parametrize("username", ROLES)
def test_no_page_of_the_demo_shows_an_internal_code(demo, db, username):
    client = Client()
    client.force_login(User.objects.get(username=username))
    problems = crawl(client, "/")
    assert problems == {}


def test_the_admins_javascript_widgets_read_chinese(demo, db):
    client = Client()
    client.force_login(User.objects.get(username="admin"))
    with translation.override("zh-hans"):
        script = client.get("/admin/jsi18n/").content.decode()
    catalog = json.loads(re.search(r"const newcatalog = (\{.*?\});", script, re.DOTALL).group(1))
    assert catalog["Choose all %s"] == "全选%s"
    assert catalog["Remove all %s"] == "全部删除%s"


class _Names(HTMLParser):
    """The nav's links (label, address), the page's heading and its title."""

    def __init__(self):
        super().__init__()
        self.nav: list[tuple[str, str]] = []
        self.h1 = self.title = ""
        self._in_nav = self._in_h1 = self._in_title = False
        self._href = None

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "nav" and values.get("data-testid") == "nav":
            self._in_nav = True
        elif tag == "a" and self._in_nav:
            self._href = values.get("href")
            self.nav.append(["", self._href])
        elif tag in ("h1", "title"):
            setattr(self, f"_in_{tag}", True)

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_nav = False
        elif tag in ("h1", "title"):
            setattr(self, f"_in_{tag}", False)

    def handle_data(self, data):
        if self._in_nav and self.nav:
            self.nav[-1][0] += data.strip()
        if self._in_h1:
            self.h1 += data.strip()
        if self._in_title:
            self.title += data.strip()


def names(client: Client, url: str) -> _Names:
    parser = _Names()
    parser.feed(client.get(url, follow=True).content.decode())
    return parser


@pytest.mark.parametrize("username", ["agent1", "supervisor", "enterprise1", "zone", "reviewer"])
def test_each_nav_link_leads_to_a_page_of_that_name(demo, db, username):
    """One name per page: the nav's words head the page they open, or title it where the
    heading is the enterprise or zone itself (a workbench is called a workbench once)."""
    client = Client()
    client.force_login(User.objects.get(username=username))
    nav = names(client, "/").nav
    assert nav
    misnamed = {}
    for label, href in nav:
        if "#" in href or href.startswith(("/cms/", "/admin/")):
            continue
        page = names(client, href)
        if label not in page.h1 and not page.title.startswith(label):
            misnamed[label] = (page.h1, page.title)
    assert misnamed == {}


def test_a_search_that_finds_nothing_says_so_and_lists_nothing(demo, db):
    client = Client()
    client.force_login(User.objects.get(username="agent1"))
    everything = client.get("/projects/workbench/").content.decode()
    assert 'data-testid="no-cases"' not in everything  # the demo agent has open cases
    page = client.get("/projects/workbench/", {"q": "不存在的企业名称"}).content.decode()
    assert "没有找到与“不存在的企业名称”相符的待办事项。" in page
    assert "没有找到与“不存在的企业名称”相符的未办结案件。" in page
    assert "/projects/cases/" not in page.split('data-testid="open-cases"')[1]


def test_amounts_read_with_thousands_separators(demo, db):
    from projects.models import Project

    zone_user = User.objects.get(username="zone")
    client = Client()
    client.force_login(zone_user)
    page = client.get("/", follow=True).content.decode()
    big = Project.objects.filter(zone=zone_user.zone, investment_amount__gte=1000)
    assert big.exists()
    for project in big:
        assert f"{project.investment_amount:,.2f}" in page


def test_a_decided_item_is_marked_on_time_or_late(demo, db):
    from projects.models import ProjectItem

    decided = ProjectItem.objects.filter(decided_on__isnull=False, due_date__isnull=False).select_related("case")
    assert decided.exists()
    client = Client()
    client.force_login(User.objects.get(username="admin"))
    for item in decided[:4]:
        page = client.get(f"/projects/cases/{item.case_id}/").content.decode()
        mark = "按时办结" if item.decided_on <= item.due_date else "超时办结"
        assert f'data-on-time="{"yes" if mark == "按时办结" else "no"}"' in page and mark in page


def test_a_finished_clock_knows_whether_it_was_on_time():
    import datetime as dt

    from projects.models import ProjectItem

    day = dt.date(2026, 3, 2)
    assert ProjectItem(due_date=day, decided_on=day).finished_on_time() is True
    assert ProjectItem(due_date=day, decided_on=day + dt.timedelta(days=1)).finished_on_time() is False
    assert ProjectItem(due_date=day).finished_on_time() is None  # still running
    assert ProjectItem(decided_on=day).finished_on_time() is None  # never started
