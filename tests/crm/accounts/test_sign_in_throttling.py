"""Sign-in throttling (django-axes) on the three sign-in forms, and wrong API tokens."""

import time

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from crm.accounts.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "right-pass-123"
LIMIT = 3
FORMS = ["/login/", "/admin/login/", "/cms/login/"]


@pytest.fixture(autouse=True)
def _limit(settings):
    settings.AXES_FAILURE_LIMIT = LIMIT


@pytest.fixture
def staff_user():
    # Staff and superuser, so that each of the three forms lets the right password in.
    return UserFactory(username="official", password=PASSWORD, is_staff=True, is_superuser=True)


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def _post(client, url, password, **extra):
    return client.post(url, {"username": "official", "password": password}, **extra)


@pytest.mark.parametrize("url", FORMS)
def test_locked_out_after_the_configured_failures_until_an_administrator_unlocks(client, staff_user, url):
    for _ in range(LIMIT - 1):
        assert _post(client, url, "wrong").status_code == 200
    locked = _post(client, url, "wrong")
    assert locked.status_code == 429
    assert "登录已暂时锁定" in locked.content.decode()

    refused = _post(client, url, PASSWORD)
    assert refused.status_code == 429 and "登录已暂时锁定" in refused.content.decode()
    assert not _signed_in(client)

    administrator = Client()
    administrator.force_login(UserFactory(username="sysadmin", roles=[Role.ADMINISTRATOR], is_staff=True))
    attempt = AccessAttempt.objects.get(username="official")
    listing = administrator.get(reverse("admin:axes_accessattempt_changelist"))
    assert listing.status_code == 200 and "official" in listing.content.decode()
    unlocked = administrator.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})
    assert unlocked.status_code == 302
    assert not AccessAttempt.objects.exists()

    assert _post(client, url, PASSWORD).status_code == 302
    assert _signed_in(client)


def test_the_lock_is_per_username_and_address(client, staff_user):
    for _ in range(LIMIT):
        _post(client, "/login/", "wrong")
    assert _post(client, "/login/", PASSWORD).status_code == 429
    # The same username from another address, and another username from this one, still sign in.
    assert _post(Client(REMOTE_ADDR="10.1.2.3"), "/login/", PASSWORD).status_code == 302
    UserFactory(username="colleague", password=PASSWORD)
    other = client.post("/login/", {"username": "colleague", "password": PASSWORD})
    assert other.status_code == 302


def test_failures_below_the_limit_are_forgotten_after_a_successful_sign_in(client, staff_user):
    for _ in range(LIMIT - 1):
        _post(client, "/login/", "wrong")
    assert _post(client, "/login/", PASSWORD).status_code == 302
    client.logout()
    for _ in range(LIMIT - 1):
        assert _post(client, "/login/", "wrong").status_code == 200
    assert _post(client, "/login/", PASSWORD).status_code == 302


# --- API tokens ---------------------------------------------------------------------


@pytest.fixture
def token(staff_user):
    return Token.objects.create(user=UserFactory(username="platform", roles=[Role.SUPERVISOR])).key


def _api(client, key, address="127.0.0.1"):
    return client.get("/api/v1/projects/", HTTP_AUTHORIZATION=f"Token {key}", REMOTE_ADDR=address)


def test_token_guessing_is_answered_429_in_the_api_error_format(client, token, settings):
    settings.API_TOKEN_FAILURE_LIMIT = LIMIT
    settings.API_TOKEN_COOLOFF_SECONDS = 2
    assert _api(client, token).status_code == 200
    for n in range(LIMIT):
        response = _api(client, f"guess{n:036d}")
        assert response.status_code == 401 and response.json()["code"] == "authentication_failed"
    throttled = _api(client, "guess-again")
    assert throttled.status_code == 429
    body = throttled.json()
    assert body["code"] == "throttled" and "错误令牌尝试次数过多" in body["detail"]
    assert 1 <= int(throttled["Retry-After"]) <= 2
    # While the address is blocked even the right token is refused: a guesser learns nothing.
    assert _api(client, token).status_code == 429
    # Another address is not affected; a session (no token) is not either.
    assert _api(client, token, address="10.9.8.7").status_code == 200

    time.sleep(2.2)
    assert _api(client, token).status_code == 200


def test_right_tokens_are_not_counted(client, token, settings):
    settings.API_TOKEN_FAILURE_LIMIT = 2
    for _ in range(5):
        assert _api(client, token).status_code == 200
