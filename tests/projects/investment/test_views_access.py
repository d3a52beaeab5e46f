"""Every role lands on its own page, and nobody opens a project outside their scope
by changing the id in the URL."""

import pytest

LANDING = {
    "agent1": "/projects/agent/",
    "supervisor": "/projects/centre/",
    "enterprise1": "/projects/enterprise/",
    "zone_a": "/zone/",
    "editor": "/editor/",
    "admin": "/system/",
}


@pytest.mark.parametrize(("username", "landing"), LANDING.items())
def test_each_role_lands_on_its_page(client, world, username, landing):
    client.force_login(world.users[username])
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == landing
    assert response.status_code == 200


def test_user_without_role_is_told_so(client, world):
    client.force_login(world.users["nobody"])
    response = client.get("/")
    assert response.status_code == 403
    assert "尚未分配角色" in response.content.decode()


def test_anonymous_is_sent_to_login(client, world):
    for url in [*LANDING.values(), f"/projects/{world.own_project.pk}/"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/"), url


@pytest.mark.parametrize(
    "page", ["/projects/agent/", "/projects/centre/", "/projects/enterprise/", "/zone/", "/editor/", "/system/"]
)
def test_role_pages_refuse_other_roles(client, world, page):
    allowed = {v: k for k, v in LANDING.items()}[page]
    for username, user in world.users.items():
        if username in (allowed, "admin") or (page == "/projects/agent/" and username.startswith("supervisor")):
            continue
        if page == "/projects/agent/" and username == "agent2":
            continue
        if page == "/projects/centre/" and username == "supervisor_b":
            continue
        if page == "/zone/" and username == "zone_b":
            continue
        client.force_login(user)
        assert client.get(page).status_code == 403, (username, page)


# who may open which project: own = agent1's project in zone A of enterprise1
PROJECT_ACCESS = {
    "agent1": (200, 404),
    "agent2": (404, 200),
    "supervisor": (200, 404),
    "supervisor_b": (404, 200),
    "enterprise1": (200, 404),
    "zone_a": (200, 404),
    "zone_b": (404, 200),
    "editor": (404, 404),
    "admin": (200, 200),
    "nobody": (404, 404),
}


@pytest.mark.parametrize(("username", "expected"), PROJECT_ACCESS.items())
def test_project_page_scoped_per_role(client, world, username, expected):
    client.force_login(world.users[username])
    own = client.get(f"/projects/{world.own_project.pk}/").status_code
    other = client.get(f"/projects/{world.other_project.pk}/").status_code
    assert (own, other) == expected


@pytest.mark.parametrize("username", ["agent2", "supervisor_b", "enterprise1", "zone_a", "editor", "nobody"])
def test_nobody_outside_scope_can_move_a_milestone(client, world, username):
    milestone = world.other_project.milestones.get(definition__code="property_title")
    client.force_login(world.users[username])
    url = f"/projects/{world.other_project.pk}/events/"
    response = client.post(url, {"event": "property_registration_accepted", "on": "2026-03-02"})
    milestone.refresh_from_db()
    allowed = username in ("agent2", "supervisor_b")
    assert (milestone.state == "running") == allowed
    if not allowed:
        assert response.status_code in (403, 404)


def test_enterprise_contact_cannot_act_on_own_project(client, world):
    client.force_login(world.users["enterprise1"])
    response = client.post(
        f"/projects/{world.own_project.pk}/events/", {"event": "property_registration_accepted", "on": "2026-03-02"}
    )
    assert response.status_code == 403
    assert world.own_project.milestones.get(definition__code="property_title").state == "pending"


def test_agent_pauses_from_project_page_and_sees_error_for_illegal_move(client, world):
    client.force_login(world.users["agent1"])
    project = world.own_project
    client.post(f"/projects/{project.pk}/events/", {"event": "project_filed", "on": "2026-03-02"})
    permit = project.milestones.get(definition__code="construction_permit")
    assert permit.state == "running"
    client.post(
        f"/projects/{project.pk}/milestones/{permit.pk}/pause/",
        {"cause": "correction", "reason": "补正", "on": "2026-03-04"},
    )
    response = client.post(
        f"/projects/{project.pk}/milestones/{permit.pk}/pause/",
        {"cause": "correction", "reason": "再次", "on": "2026-03-05"},
        follow=True,
    )
    text = response.content.decode()
    assert "不能执行“暂停计时”" in text and "恢复计时" in text
    permit.refresh_from_db()
    assert permit.state == "paused" and permit.pauses.count() == 1
