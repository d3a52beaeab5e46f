"""Phones first, across the whole product: each role of the demo signs in on a 360 × 740
screen and opens every page it can reach by links from its home (one page per URL
pattern, the framework back offices sampled); no page may be wider than the screen, and
no link may lead to a server error.
The failure names the page and the elements that stick out."""

import pytest
from django.core.management import call_command

from tests.browser.conftest import sign_in
from tests.browser.phone_crawl import PHONE, crawl

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every kind of user of the demo (crm/demo.py), and somebody without an account.
USERS = ("enterprise1", "agent1", "supervisor", "zone", "reviewer", "editor", "admin", "anonymous")
# Pages each role must have reached: a crawl that stops early proves nothing.
MUST_REACH = {
    "enterprise1": ("/projects/enterprise/", "/projects/cases/<id>/", "/projects/<id>/"),
    "agent1": ("/projects/workbench/", "/projects/cases/<id>/", "/projects/cases/<id>/notice/", "/projects/<id>/"),
    "supervisor": ("/projects/centre/", "/projects/callbacks/", "/projects/<id>/visits/<id>/"),
    "zone": ("/zone/reports/", "/zone/figures/"),
    "reviewer": ("/projects/drawings/queue/",),
    "editor": ("/cms/",),
    "admin": ("/admin/", "/system/"),
    "anonymous": ("/login/",),
}


@pytest.fixture
def demo(transactional_db):
    call_command("demo", verbosity=0)


def test_no_page_any_role_can_reach_is_wider_than_a_phone(browser, live_server, demo):
    from tests.browser.phone_crawl import route_key

    too_wide, unreached, reached, broken = {}, {}, {}, {}
    for user in USERS:
        context = browser.new_context(base_url=live_server.url, viewport=PHONE, locale="zh-CN")
        page = context.new_page()
        page.set_default_timeout(15_000)
        if user != "anonymous":
            sign_in(page, user)
        result = crawl(page, user)
        context.close()
        keys = {route_key(url.split("?")[0]) for url in result.visited}
        reached[user] = len(result.visited)
        if missing := [key for key in MUST_REACH[user] if key not in keys]:
            unreached[user] = missing
        too_wide.update({f"{user} {url}": elements for url, elements in result.too_wide.items()})
        broken.update({f"{user} {url}": status for url, status in result.errors.items() if status >= 500})
    assert not broken, f"links that lead to a server error: {broken}"
    assert not unreached, f"the crawl did not reach {unreached} (reached {reached})"
    assert not too_wide, "wider than a 360 px phone:\n" + "\n".join(f"{k}: {v}" for k, v in too_wide.items())
    assert sum(reached.values()) >= 60, reached
