import pytest

from crm import health

pytestmark = pytest.mark.django_db


def test_healthz_ok_when_everything_usable(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert {name: check["status"] for name, check in body["checks"].items()} == {
        "database": "ok",
        "channel_layer": "ok",
        "broker": "ok",
    }


def test_healthz_503_names_the_broken_part(client, settings):
    from crm.celery import app

    original = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens there
    try:
        response = client.get("/healthz")
    finally:
        app.conf.broker_url = original
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["broker"]["status"] == "error" and body["checks"]["broker"]["error"]
    assert body["checks"]["database"]["status"] == "ok"


def test_healthz_503_when_channel_layer_down(client, monkeypatch):
    def broken():
        raise ConnectionError("channel layer unreachable")

    monkeypatch.setitem(health.CHECKS, "channel_layer", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert "unreachable" in response.json()["checks"]["channel_layer"]["error"]
