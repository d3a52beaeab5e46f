"""The OpenAPI schema generates without warnings, validates, and is served."""

import pytest
import yaml
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_schema_generates_without_warnings_and_validates(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = yaml.safe_load(target.read_text())
    assert schema["info"] == {
        "title": "投资项目代办服务 API",
        "version": "1.0.0",
        "description": schema["info"]["description"],
    }
    assert set(schema["paths"]) == {
        "/api/v1/projects/",
        "/api/v1/projects/{id}/",
        "/api/v1/projects/{id}/events/",
        "/api/v1/cases/",
        "/api/v1/cases/{id}/",
        "/api/v1/items/",
        "/api/v1/items/{id}/",
        "/api/v1/items/{id}/transitions/",
    }
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert "401" in responses, (method, path)
            for status in set(responses) - {"200"}:
                error = responses[status]["content"]["application/json"]["schema"]
                assert error == {"$ref": "#/components/schemas/Error"}, (method, path, status)
            if method == "post":
                assert operation["requestBody"]["required"] is True
                assert {"400", "403", "404"} <= set(responses), path
    for path in ("/api/v1/projects/", "/api/v1/cases/", "/api/v1/items/"):
        listing = schema["paths"][path]["get"]
        assert {"400", "401", "404"} <= set(listing["responses"])
        paging = {p["name"]: p["schema"] for p in listing["parameters"]}
        assert paging == {
            "page": {"type": "integer", "minimum": 1},
            "page_size": {"type": "integer", "minimum": 1, "maximum": 200},
        }
    assert "409" in schema["paths"]["/api/v1/items/{id}/transitions/"]["post"]["responses"]
    transition = schema["components"]["schemas"]["ItemTransition"]
    assert transition["discriminator"]["propertyName"] == "action"
    assert set(transition["discriminator"]["mapping"]) >= {"accept", "deliver", "verify"}


def test_schema_is_served_to_anyone(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.")
    response = client.get("/api/schema/")
    assert response.status_code == 200 and response.content.startswith(b"openapi: 3")


def test_docs_page_uses_local_assets(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page
    assert "cdn" not in page.lower()
    assert client.get("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js").status_code == 200
