"""The public status page: a good pair shows the milestones in words and nothing
personal; every wrong pair gets the same page; attempts are limited per address and
per project code; the answer is cached, and a milestone change shows at once."""

import re

import pytest
from django.core.cache import cache

from projects.investment.services import milestone_pause, milestone_resume
from projects.models import PauseCause, Project
from projects.public_status import status_lookups_of
from tests.factories import ProjectFactory
from tests.projects.portal.status.conftest import STARTED
from tests.projects.portal.status.pages import answer_shown

pytestmark = pytest.mark.django_db


def _body(response) -> str:
    return response.content.decode()


def test_the_form_alone_for_anybody(client):
    response = client.get("/status/")
    assert response.status_code == 200
    page = _body(response)
    assert 'name="code"' in page and 'name="verify"' in page
    assert "status-answer" not in page and "status-error" not in page
    # no header links for signed-in users, no cookie (no session, no CSRF token)
    assert "/notifications/" not in page and "csrfmiddlewaretoken" not in page
    assert not response.cookies


def test_a_good_pair_shows_the_milestones_in_words_and_counts_the_lookup(client, status_project, lookup_url):
    response = client.get(lookup_url(status_project))
    page = _body(response)
    assert response.status_code == 200
    assert status_project.name in page
    permit = status_project.milestones.get(definition__code="construction_permit")
    row = page.split(f"<strong>{permit.definition.name}</strong>")[1].split("</li>")[0]
    assert "按时推进" in row and f"{permit.due_date:%Y-%m-%d}" in row and "/ 50 个工作日" in row
    assert "未开始" in page  # the others
    assert status_lookups_of(status_project) == 1


def test_waiting_on_the_enterprise_is_said_without_the_reason(client, status_project, lookup_url):
    permit = status_project.milestones.get(definition__code="construction_permit")
    milestone_pause(
        milestone=permit,
        cause=PauseCause.CORRECTION,
        reason="补正赵联系的身份证复印件",
        by=None,
        on=STARTED,
        checked=True,
    )
    page = _body(client.get(lookup_url(status_project)))
    assert "等待企业补正" in page and "身份证" not in page and "赵联系" not in page


def test_no_person_phone_or_document_in_the_answer(client, status_project, lookup_url):
    page = _body(client.get(lookup_url(status_project)))
    agent = status_project.agent
    for private in (
        str(agent),
        agent.phone,
        "赵联系",
        "13900001111",
        status_project.enterprise.name,
        status_project.enterprise.credit_code,
        "/media/",
        "/files/",
        ".pdf",
    ):
        assert private not in page, private
    assert not re.search(r"1[3-9]\d{9}", page)  # no mobile number of anybody


def test_every_wrong_pair_gets_the_same_page(client, status_project, lookup_url):
    other = ProjectFactory()
    wrong = [
        lookup_url(status_project, verify=other.verification_code),  # another project's code
        lookup_url(status_project, verify="ABCDEFGH"),
        lookup_url(status_project, code="2099-999999-99-99-999999"),  # unknown project
        lookup_url(status_project, verify="abc"),  # malformed
        lookup_url(status_project, verify=""),
        lookup_url(status_project, code=""),
        lookup_url(status_project, code="x" * 10_000, verify="\x00"),
        "/status/?code=" + status_project.code,  # the verification code missing
    ]
    responses = [client.get(url) for url in wrong]
    assert {r.status_code for r in responses} == {200}
    bodies = {_body(r) for r in responses}
    assert len(bodies) == 1
    page = bodies.pop()
    assert "项目代码或查询验证码不正确" in page and status_project.name not in page
    assert status_project.code not in page  # nothing typed comes back (it would tell the cases apart)
    assert status_lookups_of(status_project) == 0


def test_the_verification_code_is_read_as_on_the_card(client, status_project, lookup_url):
    code = status_project.verification_code
    spaced = f" {code[:4].lower()}-{code[4:].lower()} "
    assert answer_shown(client.get(lookup_url(status_project, verify=spaced))) != ""


HOSTILE = ["\x00", "长" * 10_000, "NaN", "Infinity", "-1", "1e20", "§unknown§", "<script>alert(1)</script>"]


def test_hostile_values_get_the_wrong_pair_page_never_a_500(client, status_project, settings):
    settings.STATUS_LOOKUP_RATE_PER_ADDRESS = "1000/m"
    settings.STATUS_LOOKUP_RATE_PER_CODE = "1000/m"
    for value in HOSTILE:
        for query in (
            {"code": value, "verify": value},
            {"code": status_project.code, "verify": value},
            {"code": value},
        ):
            response = client.get("/status/", query)
            assert response.status_code == 200, (query, response.status_code)
            assert "项目代码或查询验证码不正确" in _body(response)
            assert "<script>alert" not in _body(response)
    assert client.get("/status/", {"code": ["a", "b"], "verify": ["c", "d"]}).status_code == 200
    assert client.post("/status/", {"code": status_project.code}).status_code == 405


def test_attempts_are_limited_per_address(client, status_project, lookup_url, settings):
    settings.STATUS_LOOKUP_RATE_PER_ADDRESS = "3/m"
    others = [ProjectFactory() for _ in range(4)]
    for project in others[:3]:
        assert client.get(lookup_url(project), REMOTE_ADDR="10.0.0.7").status_code == 200
    limited = client.get(lookup_url(others[3]), REMOTE_ADDR="10.0.0.7")
    assert limited.status_code == 429
    assert "查询过于频繁，请稍后再试" in _body(limited) and others[3].name not in _body(limited)
    # another address is not held back
    assert answer_shown(client.get(lookup_url(others[3]), REMOTE_ADDR="10.0.0.8")) != ""
    assert status_lookups_of(others[3]) == 1


def test_attempts_are_limited_per_project_code_whatever_the_address(client, status_project, lookup_url, settings):
    settings.STATUS_LOOKUP_RATE_PER_CODE = "3/h"
    for n in range(3):
        response = client.get(lookup_url(status_project, verify="WRONGWRG"), REMOTE_ADDR=f"10.0.1.{n}")
        assert response.status_code == 200
    # the right pair, from a fresh address: this code is held back for now
    limited = client.get(lookup_url(status_project), REMOTE_ADDR="10.0.1.99")
    assert limited.status_code == 429 and status_project.name not in _body(limited)
    # an unknown code is held back the same way
    for n in range(4):
        response = client.get(lookup_url(status_project, code="2099-999999-99-99-999999"), REMOTE_ADDR=f"10.0.2.{n}")
    assert response.status_code == 429
    # another project is not
    other = ProjectFactory()
    assert answer_shown(client.get(lookup_url(other), REMOTE_ADDR="10.0.1.99")) != ""


def test_the_rate_limit_keeps_no_address_in_the_clear(client, status_project, lookup_url, settings):
    settings.RATELIMIT_CACHE_PREFIX = "rl:clear-test:"
    client.get(lookup_url(status_project), REMOTE_ADDR="10.9.8.7")
    keys = [k.decode() for k in cache.client.get_client().keys("*rl:clear-test:*")]
    assert keys and not any("10.9.8.7" in k or status_project.code in k for k in keys)


def test_served_from_the_cache_with_a_bounded_number_of_queries(
    client, status_project, lookup_url, django_assert_max_num_queries
):
    url = lookup_url(status_project)
    with django_assert_max_num_queries(3):  # project by code, milestones (built) (+ calendar check)
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(1):  # (the calendar check at most): all from the cache
        assert client.get(url).status_code == 200
    for _ in range(5):
        ProjectFactory(enterprise=status_project.enterprise)
    with django_assert_max_num_queries(1):
        assert client.get(url).status_code == 200


@pytest.mark.django_db(transaction=True)  # the version is bumped after commit: real commits
def test_a_milestone_change_shows_at_once(client, status_project, lookup_url):
    url = lookup_url(status_project)
    assert "按时推进" in _body(client.get(url))
    assert "按时推进" in _body(client.get(url))  # now from the cache
    permit = status_project.milestones.get(definition__code="construction_permit")
    milestone_pause(
        milestone=permit, cause=PauseCause.EXPERT_REVIEW, reason="专家评审", by=None, on=STARTED, checked=True
    )
    page = _body(client.get(url))
    assert "暂停计时" in page and "按时推进" not in page
    milestone_resume(milestone=permit, by=None, on=STARTED, checked=True)
    assert "按时推进" in _body(client.get(url))


def test_the_cached_lookup_is_only_of_today(status_project):
    import datetime as dt

    from django.utils import timezone

    from projects.portal.status.selectors import status_lookup

    today = timezone.localdate()
    first = status_lookup(status_project.code, today)
    assert first.shown.on == today and first.verification_code == status_project.verification_code
    assert status_lookup(status_project.code, today) == first
    assert status_lookup(status_project.code, today + dt.timedelta(days=1)).shown.on == today + dt.timedelta(days=1)
    assert status_lookup("2099-999999-99-99-999999", today) is None


def test_regenerating_from_the_project_page(client, status_project, lookup_url):
    old_url = lookup_url(status_project)
    client.force_login(status_project.agent.user)
    page = _body(client.get(f"/projects/{status_project.pk}/"))
    assert status_project.verification_code in page and "确认重新生成" in page and "已被查询 0 次" in page
    response = client.post(f"/status/projects/{status_project.pk}/verification-code/", follow=True)
    assert "已生成新的查询验证码" in _body(response)
    assert answer_shown(client.get(old_url)) == ""


def test_only_staff_on_the_project_regenerate(client, status_project):
    from tests.factories import ProxyAgentFactory

    url = f"/status/projects/{status_project.pk}/verification-code/"
    old = status_project.verification_code
    assert client.post(url).status_code == 403  # anonymous
    client.force_login(status_project.enterprise.contacts.get().user)
    assert client.post(url).status_code == 403  # the enterprise
    client.force_login(ProxyAgentFactory().user)
    assert client.post(url).status_code == 404  # another centre's agent
    client.force_login(ProxyAgentFactory(centre=status_project.agent.centre).user)
    assert client.post(url).status_code == 404  # a colleague without a case on it
    assert Project.objects.get(pk=status_project.pk).verification_code == old
