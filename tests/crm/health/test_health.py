import pytest

from crm.accounts.roles import Role
from crm.health.services import CHECKS
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator_client(client):
    client.force_login(UserFactory(roles=[Role.ADMINISTRATOR]))
    return client


@pytest.fixture
def broken_broker():
    from crm.celery import app

    original = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens there
    yield
    app.conf.broker_url = original


def test_healthz_ok_when_everything_usable(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_healthz_tells_an_administrator_each_part(administrator_client):
    response = administrator_client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert {name: check["status"] for name, check in body["checks"].items()} == {
        "database": "ok",
        "channel_layer": "ok",
        "broker": "ok",
    }


def test_healthz_503_tells_anonymous_callers_nothing_about_the_broken_part(client, broken_broker):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}
    assert b"127.0.0.1" not in response.content and b"6379" not in response.content


def test_healthz_503_tells_other_signed_in_users_nothing_either(client, broken_broker):
    client.force_login(UserFactory(roles=[Role.AGENT]))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}


def test_healthz_503_names_the_broken_part_to_an_administrator(administrator_client, broken_broker):
    response = administrator_client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["broker"]["status"] == "error" and body["checks"]["broker"]["error"]
    assert body["checks"]["database"]["status"] == "ok"


def test_healthz_503_when_channel_layer_down(administrator_client, monkeypatch):
    def broken():
        raise ConnectionError("channel layer unreachable")

    monkeypatch.setitem(CHECKS, "channel_layer", broken)
    response = administrator_client.get("/healthz")
    assert response.status_code == 503
    assert "unreachable" in response.json()["checks"]["channel_layer"]["error"]
