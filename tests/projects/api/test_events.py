"""Project events through the API start and finish milestones via the service."""

import pytest

from tests.projects.api.conftest import sign_in

pytestmark = pytest.mark.django_db


def test_an_event_starts_its_milestone(api, api_world):
    sign_in(api, api_world.users["agent1"])
    project = api_world.own_project
    response = api.post(f"/api/v1/projects/{project.pk}/events/", {"event": "project_filed", "on": "2026-03-02"})
    assert response.status_code == 200
    (milestone,) = response.json()
    assert (milestone["code"], milestone["state"], milestone["started_on"]) == (
        "construction_permit",
        "running",
        "2026-03-02",
    )
    assert milestone["due_date"] and milestone["due_provisional"] is False
    detail = api.get(f"/api/v1/projects/{project.pk}/").json()
    permit = next(m for m in detail["milestones"] if m["code"] == "construction_permit")
    assert permit["state_label"] == "计时中" and isinstance(permit["days_left"], int)

    response = api.post(
        f"/api/v1/projects/{project.pk}/events/", {"event": "construction_permit_issued", "on": "2026-04-01"}
    )
    assert response.json()[0]["state"] == "completed" and response.json()[0]["outcome"] == "on_time"


def test_an_event_nothing_waits_for_is_refused(api, api_world):
    sign_in(api, api_world.users["agent1"])
    url = f"/api/v1/projects/{api_world.own_project.pk}/events/"
    response = api.post(url, {"event": "construction_permit_issued", "on": "2026-03-02"})
    assert response.status_code == 400
    assert response.json() == {"code": "event_not_applicable", "detail": "该事件没有对应的待开始或计时中的里程碑"}


def test_unknown_event_and_future_dates_are_refused(api, api_world):
    sign_in(api, api_world.users["agent1"])
    url = f"/api/v1/projects/{api_world.own_project.pk}/events/"
    response = api.post(url, {"event": "moon_landing"})
    assert response.status_code == 400 and "event" in response.json()["fields"]
    response = api.post(url, {"event": "project_filed", "on": "2999-01-01"})
    assert response.status_code == 400 and response.json()["code"] == "date_in_future"
