"""Shared fixtures. The suite runs on PostgreSQL and Redis (see test.sh)."""

import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls
# from the same thread are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _fresh_calendar():
    """Each test sees the calendar tables as they are in its own transaction."""
    from crm import workdays

    workdays.invalidate()
    yield
    workdays.invalidate()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
