"""Shared fixtures. The suite runs on PostgreSQL and Redis (see test.sh)."""

import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls
# from the same thread are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Fixtures defined in their own modules, offered to every test.
pytest_plugins = ["tests.effects"]


@pytest.fixture(autouse=True)
def _fresh_calendar():
    """Each test sees the calendar tables as they are in its own transaction."""
    from crm.calendar.workdays import invalidate

    invalidate()
    yield
    invalidate()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_token_failures_left_over():
    """Wrong API tokens are counted per address in the shared cache: every test starts at zero."""
    from django.core.cache import cache

    from crm.accounts.api_auth import token_failure_keys

    cache.delete_many(token_failure_keys("127.0.0.1"))
    yield


@pytest.fixture(scope="session", autouse=True)
def _a_cache_of_this_run():
    """Every run of the suite gets a key prefix of its own in the shared Redis: test
    databases are made afresh, so the same ids and project codes come back run after run,
    and what one run cached (the status lookup's answers) must not answer for the next."""
    import copy
    import uuid

    from django.conf import settings
    from django.test import override_settings

    caches = copy.deepcopy(settings.CACHES)
    caches["default"]["KEY_PREFIX"] = f"test-{uuid.uuid4().hex[:12]}"
    with override_settings(CACHES=caches):
        yield


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings):
    """django-ratelimit's counters (the status lookup's) live in the shared cache under
    hashed keys: a prefix of its own per test starts every test at zero."""
    import uuid

    settings.RATELIMIT_CACHE_PREFIX = f"rl:{uuid.uuid4().hex}:"


@pytest.fixture(autouse=True)
def _fresh_page_cache(settings):
    """The public site's cached pages (cms/cache.py) live in the shared cache keyed by
    address: a prefix of its own per test, since each test's database is rolled back
    without the pages being told."""
    import uuid

    settings.CMS_PAGE_CACHE_PREFIX = f"cms:{uuid.uuid4().hex}:"


@pytest.fixture
def centre():
    """A service centre (the fixtures below need the test's database access)."""
    from tests.factories import ServiceCentreFactory

    return ServiceCentreFactory()


@pytest.fixture
def agent(centre):
    """A proxy agent of ``centre``."""
    from tests.factories import ProxyAgentFactory

    return ProxyAgentFactory(centre=centre)


@pytest.fixture
def user(agent):
    """``agent``'s account."""
    return agent.user


@pytest.fixture
def world(db):
    """One user of every role around two projects (tests/scenario.py)."""
    from tests.scenario import world_build

    return world_build()


@pytest.fixture
def own_case(world):
    """agent1's case for its own project's enterprise, with one item chosen."""
    from projects.cases.services import case_items_choose, case_open
    from tests.factories import MON, ApprovalItemFactory

    agent1 = world.users["agent1"]
    case = case_open(
        enterprise=world.own_project.enterprise,
        agent=agent1.agent_profile,
        channel="phone",
        summary="咨询",
        by=agent1,
        on=MON,
    )
    case_items_choose(case=case, approval_items=[ApprovalItemFactory(code="X-1")], by=agent1)
    return case


@pytest.fixture
def celery_worker_process(transactional_db):
    """A real worker on the Redis broker, reading the test database."""
    from crm.celery import app as celery_app
    from tests.workers import worker_start, worker_stop

    celery_app.control.purge()
    worker = worker_start()
    yield worker
    worker_stop(worker)
