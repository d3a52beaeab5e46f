"""Production settings, the Content-Security-Policy and one-line client errors in the log."""

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from crm.accounts.roles import Role
from crm.log_filters import OneLineClientErrors
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
# What test.sh sets for the test run and a production server would not have.
TEST_RUN_ONLY = (
    "DEBUG",
    "SECRET_KEY",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "DATABASE_URL",
    "REDIS_URL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def _manage(*args, tmp_path, **env_changes):
    env = {k: v for k, v in os.environ.items() if k not in TEST_RUN_ONLY}
    env.update(CRM_RUN_DIR=str(tmp_path), **env_changes)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


def test_production_settings_pass_the_deployment_check_with_no_warning(tmp_path):
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        tmp_path=tmp_path,
        SECRET_KEY="p" * 20 + "0a9Zq_x-ReNd!3kLmW7yTuVb2HsDfGcJ8eXo",  # long and varied, as the check asks
        ALLOWED_HOSTS="crm.example.gov.cn",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_https_settings_can_be_turned_off_from_the_environment_and_the_check_says_so(tmp_path):
    result = _manage(
        "check",
        "--deploy",
        tmp_path=tmp_path,
        SECRET_KEY="q" * 20 + "0a9Zq_x-ReNd!3kLmW7yTuVb2HsDfGcJ8eXo",
        ALLOWED_HOSTS="crm.example.gov.cn",
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
    )
    assert "security.W008" in result.stderr and "security.W004" in result.stderr


def test_without_secret_key_and_debug_off_the_system_refuses_to_start_and_says_why(tmp_path):
    result = _manage(
        "check", tmp_path=tmp_path, ALLOWED_HOSTS="crm.example.gov.cn", DATABASE_URL="postgres://crm@db.example/crm"
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY is not set" in result.stderr
    assert not (tmp_path / "secret_key").exists()  # only the embedded system keeps one


def test_the_embedded_system_keeps_one_random_key_for_all_its_commands(tmp_path):
    first = _manage("check", tmp_path=tmp_path)
    assert first.returncode == 0, first.stderr
    key = (tmp_path / "secret_key").read_text()
    assert len(key) >= 50 and oct((tmp_path / "secret_key").stat().st_mode & 0o777) == "0o600"
    assert (
        _manage("workdays", "between", "--from", "2026-09-30", "--to", "2026-10-10", tmp_path=tmp_path).returncode == 0
    )
    assert (tmp_path / "secret_key").read_text() == key


# --- Content-Security-Policy ---------------------------------------------------------


def _directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split("; ")}


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/login/", "/admin/login/", "/cms/login/", "/api/docs/", "/"])
def test_every_page_has_a_policy_without_inline_scripts(client, url):
    response = client.get(url)
    csp = _directives(response)
    assert csp["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]
    assert csp["object-src"] == ["'none'"] and csp["frame-ancestors"] == ["'self'"]


@pytest.mark.django_db
def test_inline_styles_are_allowed_only_on_the_swagger_page(client):
    client.force_login(UserFactory(roles=[Role.AGENT]))
    assert "'unsafe-inline'" in _directives(client.get("/api/docs/"))["style-src"]
    for url in ("/notifications/", "/calendar/"):
        response = client.get(url)
        assert response.status_code == 200
        assert "'unsafe-inline'" not in _directives(response)["style-src"], url


def test_no_template_has_inline_scripts_or_event_handlers():
    import re

    offending = []
    for folder in [ROOT / "templates", *ROOT.glob("*/templates")]:
        for path in folder.rglob("*.html"):
            text = path.read_text()
            for match in re.finditer(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>|\son[a-z]+=\"", text):
                offending.append(f"{path.relative_to(ROOT)}: {match.group(0)}")
    assert not offending, offending


# --- One line for a 403 or 404 -------------------------------------------------------


@pytest.mark.django_db
def test_an_ordinary_403_is_logged_on_one_line(client, caplog):
    client.force_login(UserFactory(roles=[Role.AGENT]))
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get("/system/").status_code == 403
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    assert record.getMessage() == "Forbidden (Permission denied): /system/"
    assert record.exc_info is None
    assert "Traceback" not in caplog.text and len(caplog.text.strip().splitlines()) == 1


@pytest.mark.django_db
def test_an_ordinary_404_is_logged_on_one_line(client, caplog):
    client.force_login(UserFactory(roles=[Role.AGENT]))
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get("/projects/cases/999999/").status_code == 404
    assert "Traceback" not in caplog.text
    assert [r.exc_info for r in caplog.records if r.name == "django.request"] == [None]


def test_server_errors_keep_their_traceback():
    try:
        raise RuntimeError("broken")
    except RuntimeError:
        exc_info = sys.exc_info()
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Internal Server Error: /x", (), exc_info)
    record.status_code = 500
    assert OneLineClientErrors().filter(record) and record.exc_info is exc_info
