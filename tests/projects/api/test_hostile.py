"""Hostile values in every part of a request get the API's error body (400 for the
body and the paging parameters, 404 for the path), never a 500 or an HTML page, and
change nothing."""

import json

import pytest

from projects.models import ItemState

pytestmark = pytest.mark.django_db

LONG = "办" * 10_000
HUGE = 2**70

EXPRESS = {"action": "deliver", "delivery_method": "express", "trips": 0, "carrier": "EMS", "tracking_no": "1"}
# One valid body per action family; each hostile value replaces one field of it.
BODIES = {
    "reason": {"action": "request_correction", "reason": "补正", "on": "2026-03-02"},
    "acceptance_no": {"action": "accept", "acceptance_no": "A-1", "on": "2026-03-02"},
    "decision_no": {"action": "reject", "decision_no": "D-1", "note": "不符合条件", "on": "2026-03-02"},
    "note": {"action": "reject", "decision_no": "D-1", "note": "不符合条件", "on": "2026-03-02"},
    "carrier": EXPRESS,
    "tracking_no": EXPRESS,
    "trips": {"action": "deliver", "delivery_method": "agent", "trips": 0},
    "delivery_method": {"action": "deliver", "delivery_method": "agent", "trips": 0},
    "action": {"action": "pass_prereview"},
    "on": {"action": "pass_prereview", "on": "2026-03-02"},
    "expected_state": {"action": "pass_prereview", "expected_state": "preparing"},
}
TEXT_FIELDS = ("reason", "acceptance_no", "decision_no", "note", "carrier", "tracking_no")
TEXT_VALUES = ["有\x00空字符", "\x00", LONG, "\ud800", None, 12, 1e20, ["A-1"], {"no": "A-1"}, True]
HOSTILE = [
    *((field, value) for field in TEXT_FIELDS for value in TEXT_VALUES),
    *(("reason", "   "), ("acceptance_no", "\t\n"), ("decision_no", "　")),
    *(("trips", value) for value in [1e20, 0.5, "一", None, [0], {}, True]),
    *(("delivery_method", value) for value in ["pigeon", "", None, 0, LONG, "\x00"]),
    *(("action", value) for value in ["fly", "", None, 0, LONG, "\x00", ["accept"], "PASS_PREREVIEW"]),
    *(("on", value) for value in ["2026-02-30", "0000-01-01", "明天", LONG, None, 20260302, 1e20, "\x00"]),
    *(("expected_state", value) for value in ["lost", None, 0, LONG]),
]


def _post(api, url, body):
    return api.post(url, json.dumps(body), content_type="application/json")


def _is_error(response, status) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert isinstance(body["code"], str) and isinstance(body["detail"], str) and body["detail"]
    return body


@pytest.mark.parametrize(("field", "value"), HOSTILE, ids=lambda v: repr(v)[:20])
def test_hostile_body_fields_are_refused(api, api_world, agent, field, value):
    item = api_world.own_item
    body = {**BODIES[field], field: value}
    error = _is_error(_post(api, f"/api/v1/items/{item.pk}/transitions/", body), 400)
    assert error["code"] == "invalid" and field in error["fields"]
    item.refresh_from_db()
    assert item.state == ItemState.PREPARING


@pytest.mark.parametrize("trips", [-1, 2, HUGE, -HUGE])
def test_trips_out_of_range_are_refused_by_the_service(api, api_world, agent, trips):
    """A whole number is well formed; the service says why it is not 0 or 1."""
    body = {**BODIES["trips"], "trips": trips}
    error = _is_error(_post(api, f"/api/v1/items/{api_world.own_item.pk}/transitions/", body), 400)
    assert error["code"] == "trips_range"


@pytest.mark.parametrize("missing", ["action", "reason"])
def test_missing_fields_are_named(api, api_world, agent, missing):
    body = {"action": "request_correction", "reason": "补正"}
    del body[missing]
    error = _is_error(_post(api, f"/api/v1/items/{api_world.own_item.pk}/transitions/", body), 400)
    assert list(error["fields"]) == [missing]


@pytest.mark.parametrize(
    "raw",
    [
        '{"action": "deliver", "delivery_method": "agent", "trips": NaN}',
        '{"action": "deliver", "delivery_method": "agent", "trips": Infinity}',
        '{"action": "pass_prereview"',
        "null",
        '"pass_prereview"',
        "[]",
        "",
        '{"action": "pass_prereview", "on": "2026-03-02"}\x00',
    ],
)
def test_bodies_that_are_not_a_json_object_are_refused(api, api_world, agent, raw):
    response = api.post(
        f"/api/v1/items/{api_world.own_item.pk}/transitions/", raw.encode(), content_type="application/json"
    )
    assert _is_error(response, 400)["code"] in ("invalid", "parse_error")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("event", "moon_landing"),
        ("event", None),
        ("event", LONG),
        ("event", "\x00"),
        ("on", "2026-13-01"),
        ("on", 1e20),
    ],
)
def test_hostile_event_bodies_are_refused(api, api_world, agent, field, value):
    body = {"event": "project_filed", "on": "2026-03-02", field: value}
    error = _is_error(_post(api, f"/api/v1/projects/{api_world.own_project.pk}/events/", body), 400)
    assert error["code"] == "invalid" and field in error["fields"]


@pytest.mark.parametrize("kind", ["projects", "cases", "items"])
def test_ids_that_are_no_object_are_a_json_404(api, agent, kind):
    for id_ in ["0.5", "-1", "abc", "null", "%00", "%0A", str(2**63), "9" * 40, "1e3", "%E5%8A%9E", "1%20"]:
        assert _is_error(api.get(f"/api/v1/{kind}/{id_}/"), 404)["code"] == "not_found", id_
        assert _is_error(api.get(f"/api/v1/{kind}/{id_}/nothing/"), 404)["code"] == "not_found", id_


@pytest.mark.parametrize("id_", ["0.5", str(2**63), "9" * 40])
def test_writes_to_ids_that_are_no_object_are_a_json_404(api, agent, id_):
    assert _is_error(_post(api, f"/api/v1/items/{id_}/transitions/", BODIES["action"]), 404)["code"] == "not_found"
    response = _post(api, f"/api/v1/projects/{id_}/events/", {"event": "project_filed"})
    assert _is_error(response, 404)["code"] == "not_found"


def test_unknown_api_paths_are_a_json_404_even_without_credentials(api):
    for path in ["/api/v1/", "/api/v1/nothing/", "/api/v1/items/0.5/", "/api/v1/items/1"]:
        for method in (api.get, api.post, api.put, api.delete, api.options):
            assert _is_error(method(path), 404)["code"] == "not_found", (method, path)


MALFORMED_PAGING = [
    ("page=0", "page"),
    ("page=-1", "page"),
    ("page=x", "page"),
    ("page=null", "page"),
    ("page=last", "page"),
    ("page=1.5", "page"),
    ("page_size=null", "page_size"),
    ("page_size=0", "page_size"),
    ("page_size=201", "page_size"),
    ("page_size=1e3", "page_size"),
    (f"page_size={HUGE}", "page_size"),
    ("page_size=%00", "page_size"),
]


@pytest.mark.parametrize("kind", ["projects", "cases", "items"])
def test_malformed_paging_is_a_400_naming_the_parameter(api, agent, kind):
    for query, parameter in MALFORMED_PAGING:
        error = _is_error(api.get(f"/api/v1/{kind}/?{query}"), 400)
        assert error["code"] == "invalid" and list(error["fields"]) == [parameter], query


def test_a_page_past_the_end_is_a_404_and_paging_works(api, agent):
    assert _is_error(api.get("/api/v1/items/?page=2"), 404)["code"] == "not_found"
    assert _is_error(api.get(f"/api/v1/items/?page={HUGE}"), 404)["code"] == "not_found"
    body = api.get("/api/v1/items/?page=1&page_size=1").json()
    assert (body["count"], len(body["results"]), body["next"] is None) == (1, 1, True)
    assert api.get("/api/v1/items/?page_size=200").status_code == 200
