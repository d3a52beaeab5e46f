"""The API keeps its own schema: schemathesis generates requests from ``/api/schema/``
(valid ones and deliberately broken ones: wrong types, ``null``, non-integer ids,
out-of-range pages, missing and unknown fields) and runs every check on the answers —
no server error, every status and body documented, valid data accepted (or refused
with a business reason), invalid data refused.

It runs in-process against the WSGI application inside the test's transaction, as a
machine client with a token (an agent who may act on the items) and without one."""

import collections

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.projects.api.conftest import case_with_item

# Requests answered, by operation and status (printed with -s).
SENT: collections.Counter = collections.Counter()


schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())


@pytest.fixture(autouse=True)
def _requests_inside_the_test_transaction():
    """Django's WSGI handler closes "old" connections around each request, which
    would drop the test's transaction: the test client switches that off, and so
    does this fixture."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def targets(api_world):
    """Ids the generated requests point at: objects the client may see and act on,
    objects it may not see, and ids that do not exist."""
    w = api_world
    agent = w.users["agent1"]
    _, second_item = case_with_item(project=w.own_project, agent_user=agent, code="ST-1")
    return {
        "projects": [w.own_project.pk, w.other_project.pk, 0],
        "cases": [w.own_case.pk, second_item.case_id, w.other_case.pk, 0],
        "items": [w.own_item.pk, second_item.pk, w.other_item.pk, 0],
    }


def credentials(user) -> dict:
    if user is None:
        return {}
    token, _ = Token.objects.get_or_create(user=user)
    return {"Authorization": f"Token {token.key}"}


HYPOTHESIS = settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


# Statuses that accept a schema-valid request, as schemathesis' own
# positive_data_acceptance has them (a 404 is an object the user may not see, a 409
# an item in another state).
ACCEPTED = {401, 403, 404, 409}


def valid_data_is_accepted_or_refused_for_a_reason(ctx, response, case) -> None:
    """Stricter than schemathesis' positive_data_acceptance where it matters: a body
    the schema accepts may still be refused by a business rule the schema cannot
    state (a date in the future, an event nothing waits for, express delivery
    without a tracking number) — documented as a 400 with that rule's code — but
    never as malformed (``invalid``): what the serializers check, the schema says."""
    if case.meta is None or not case.meta.generation.mode.is_positive:
        return
    status = response.status_code
    if 200 <= status < 300 or status in ACCEPTED:
        return
    code = response.json().get("code") if status == 400 else None
    assert code not in (None, "invalid", "parse_error"), f"Schema-valid request refused: {status} {response.text}"


def exercise(case, *, user, targets) -> None:
    generated = str((case.path_parameters or {}).get("id"))
    # A generated whole number (as a number or in its wire form) almost never
    # exists: point it at one of the world's objects instead. Anything else ("0.5",
    # "null", "-1", "094", "%C2%84") is sent as generated.
    if generated.isascii() and generated.isdigit() and str(int(generated)) == generated:
        ids = targets[case.path.split("/")[3]]
        case.path_parameters["id"] = ids[int(generated) % len(ids)]
    response = case.call_and_validate(
        headers=credentials(user),
        excluded_checks=[positive_data_acceptance],
        additional_checks=[valid_data_is_accepted_or_refused_for_a_reason],
    )
    SENT[case.operation.label, response.status_code] += 1


@schema.parametrize()
@HYPOTHESIS
def test_api_keeps_its_schema_for_a_client_with_a_token(case, api_world, targets):
    exercise(case, user=api_world.users["agent1"], targets=targets)


@schema.parametrize()
@HYPOTHESIS
def test_api_keeps_its_schema_without_credentials(case, targets):
    exercise(case, user=None, targets=targets)


@pytest.fixture(autouse=True, scope="module")
def _figures():
    yield
    print(f"\nschemathesis: {sum(SENT.values())} requests")
    for (operation, status), count in sorted(SENT.items()):
        print(f"  {operation} {status}: {count}")
