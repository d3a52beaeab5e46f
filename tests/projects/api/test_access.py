"""Authentication, and every endpoint with every role: lists hold only what the user
may see, anything else is a 404 (never a 403), a visible object the user may not act
on is a 403."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tests.projects.api.conftest import sign_in

pytestmark = pytest.mark.django_db

# (own, other): own = agent1's project/case in zone A of enterprise1; other = agent2's.
PROJECTS = {
    "agent1": (True, False),
    "agent2": (False, True),
    "supervisor": (True, False),
    "supervisor_b": (False, True),
    "enterprise1": (True, False),
    "zone_a": (True, False),
    "zone_b": (False, True),
    "editor": (False, False),
    "admin": (True, True),
    "nobody": (False, False),
}
# Cases and items: staff of the case and the enterprise's contacts; zones see projects only.
CASES = {**PROJECTS, "zone_a": (False, False), "zone_b": (False, False)}


def _endpoints(w):
    return [
        "/api/v1/projects/",
        f"/api/v1/projects/{w.own_project.pk}/",
        "/api/v1/cases/",
        f"/api/v1/cases/{w.own_case.pk}/",
        "/api/v1/items/",
        f"/api/v1/items/{w.own_item.pk}/",
        f"/api/v1/items/{w.own_item.pk}/transitions/",
    ]


def test_anonymous_gets_401_and_is_told_how_to_authenticate(api, api_world):
    for url in _endpoints(api_world):
        response = api.get(url)
        assert response.status_code == 401, url
        assert response["WWW-Authenticate"] == "Token"
        assert response.json()["code"] == "not_authenticated"
    response = api.post(f"/api/v1/items/{api_world.own_item.pk}/transitions/", {"action": "pass_prereview"})
    assert response.status_code == 401
    response = api.post(f"/api/v1/projects/{api_world.own_project.pk}/events/", {"event": "project_filed"})
    assert response.status_code == 401


def test_a_wrong_token_is_refused(api, api_world):
    api.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    response = api.get("/api/v1/projects/")
    assert response.status_code == 401 and response.json()["code"] == "authentication_failed"


def test_token_and_session_both_authenticate(api, api_world):
    sign_in(api, api_world.users["agent1"])
    assert api.get("/api/v1/projects/").json()["count"] == 1
    browser = Client()
    browser.force_login(api_world.users["agent1"])
    assert browser.get("/api/v1/projects/").json()["count"] == 1


def test_session_writes_need_the_csrf_token(api_world):
    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(api_world.users["agent1"])
    response = browser.post(f"/api/v1/items/{api_world.own_item.pk}/transitions/", {"action": "pass_prereview"})
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]
    api_world.own_item.refresh_from_db()
    assert api_world.own_item.state == "preparing"


def _ids(response) -> set[int]:
    assert response.status_code == 200
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize(("username", "expected"), PROJECTS.items())
def test_projects_scoped_per_role(api, api_world, username, expected):
    w = api_world
    sign_in(api, w.users[username])
    own, other = expected
    assert _ids(api.get("/api/v1/projects/")) == {
        p.pk for p, seen in ((w.own_project, own), (w.other_project, other)) if seen
    }
    for project, seen in ((w.own_project, own), (w.other_project, other)):
        response = api.get(f"/api/v1/projects/{project.pk}/")
        assert response.status_code == (200 if seen else 404)
        if not seen:
            assert response.json() == {"code": "not_found", "detail": "未找到。"}


@pytest.mark.parametrize(("username", "expected"), CASES.items())
def test_cases_and_items_scoped_per_role(api, api_world, username, expected):
    w = api_world
    sign_in(api, w.users[username])
    pairs = ((w.own_case, w.own_item, expected[0]), (w.other_case, w.other_item, expected[1]))
    assert _ids(api.get("/api/v1/cases/")) == {case.pk for case, _, seen in pairs if seen}
    assert _ids(api.get("/api/v1/items/")) == {item.pk for _, item, seen in pairs if seen}
    for case, item, seen in pairs:
        status = 200 if seen else 404
        assert api.get(f"/api/v1/cases/{case.pk}/").status_code == status
        assert api.get(f"/api/v1/items/{item.pk}/").status_code == status
        assert api.get(f"/api/v1/items/{item.pk}/transitions/").status_code == status


def test_visible_cases_are_exactly_those_the_case_rule_allows(api_world):
    """The API's case scope and ``staff_on_case`` (plus the enterprise's contacts)
    agree for every user of the world."""
    from projects.api.selectors import cases_visible_to
    from projects.models import staff_on_case

    w = api_world
    for username, user in w.users.items():
        contact = getattr(user, "enterprise_contact", None)
        for case in (w.own_case, w.other_case):
            allowed = staff_on_case(case, user) or (contact is not None and contact.enterprise_id == case.enterprise_id)
            assert cases_visible_to(user).filter(pk=case.pk).exists() == allowed, (username, case)


# Who may act on agent1's item: staff of the case; who sees it but may not: 403.
ITEM_WRITE = {
    "agent1": 200,
    "supervisor": 200,
    "admin": 200,
    "enterprise1": 403,
    "agent2": 404,
    "supervisor_b": 404,
    "zone_a": 404,
    "zone_b": 404,
    "editor": 404,
    "nobody": 404,
}


@pytest.mark.parametrize(("username", "status"), ITEM_WRITE.items())
def test_item_transition_per_role(api, api_world, username, status):
    sign_in(api, api_world.users[username])
    item = api_world.own_item
    response = api.post(f"/api/v1/items/{item.pk}/transitions/", {"action": "pass_prereview"})
    assert response.status_code == status, response.json()
    item.refresh_from_db()
    assert (item.state == "ready") == (status == 200)
    if status == 403:
        assert response.json() == {
            "code": "permission_denied",
            "detail": "只有本案代办员、所在代办中心负责人或系统管理员可以办理此案件",
        }


@pytest.mark.parametrize(("username", "status"), ITEM_WRITE.items())
def test_available_transitions_per_role(api, api_world, username, status):
    sign_in(api, api_world.users[username])
    response = api.get(f"/api/v1/items/{api_world.own_item.pk}/transitions/")
    if status == 404:
        assert response.status_code == 404
    elif status == 403:  # reads, but may do nothing
        assert response.status_code == 200 and response.json() == []
    else:
        assert response.json() == [
            {"action": "request_correction", "label": "要求补正"},
            {"action": "pass_prereview", "label": "预审通过"},
        ]


# Recording an event on agent1's project: staff as on the project page.
EVENT_WRITE = {**ITEM_WRITE, "zone_a": 403}


@pytest.mark.parametrize(("username", "status"), EVENT_WRITE.items())
def test_project_event_per_role(api, api_world, username, status):
    sign_in(api, api_world.users[username])
    project = api_world.own_project
    response = api.post(f"/api/v1/projects/{project.pk}/events/", {"event": "project_filed", "on": "2026-03-02"})
    assert response.status_code == status, response.json()
    permit = project.milestones.get(definition__code="construction_permit")
    assert (permit.state == "running") == (status == 200)
