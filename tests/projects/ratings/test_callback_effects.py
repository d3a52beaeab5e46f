"""What each callback move causes besides its own row: the callback's deadline row
and the workbenches told to refresh (the centre's own follow-up: no notification,
nothing on the enterprise's pages)."""

import datetime as dt

import pytest
from django.conf import settings

from crm.calendar.workdays import workdays_add
from crm.live.services import user_group
from crm.models import DeadlineState
from projects.models import CallbackOutcome
from projects.ratings.services import (
    callback_call_record,
    callback_close,
    callback_rectification_record,
    case_rate,
)
from tests.effects import deadline_rows
from tests.factories import (
    EnterpriseContactFactory,
    EnterpriseFactory,
    ProxyAgentFactory,
    ServiceCentreFactory,
    SupervisorFactory,
)
from tests.projects.ratings.scenario import CLOSED_ON, closed_case

pytestmark = pytest.mark.django_db(transaction=True)

RATED_ON = dt.date(2026, 3, 18)

STEPS = {
    "record_call": lambda c, by: callback_call_record(
        callback=c, on=dt.date(2026, 3, 19), person="王经理", summary="嫌慢", by=by
    ),
    "record_rectification": lambda c, by: callback_rectification_record(
        callback=c, on=dt.date(2026, 3, 20), rectification="已约谈代办员", by=by
    ),
    "close": lambda c, by: callback_close(
        callback=c, outcome=CallbackOutcome.SATISFIED, by=by, on=dt.date(2026, 3, 23)
    ),
}

EVENTS = {"record_call": "callback.called", "record_rectification": "callback.rectified", "close": "callback.closed"}


@pytest.fixture
def people():
    centre = ServiceCentreFactory()
    agent = ProxyAgentFactory(centre=centre)
    supervisor = SupervisorFactory(centre=centre)
    enterprise = EnterpriseFactory()
    contact = EnterpriseContactFactory(enterprise=enterprise)
    case = closed_case(agent=agent, enterprise=enterprise, on=CLOSED_ON)
    return {"agent": agent.user, "supervisor": supervisor.user, "enterprise": contact.user, "case": case}


def _workbenches(people) -> set[str]:
    """The case's agent's and the supervisor's (who is also the assignee)."""
    return {user_group(people["agent"].pk), user_group(people["supervisor"].pk)}


def _due():
    return workdays_add(RATED_ON, settings.CALLBACK_RECTIFICATION_WORKING_DAYS).date


def test_an_unsatisfied_rating_opens_a_callback_with_its_deadline(people, effects):
    case = people["case"]
    done = effects(lambda: case_rate(case=case, level=2, by=people["enterprise"], on=RATED_ON), case)
    callback = case.callbacks.get()
    assert deadline_rows(callback) == {("", DeadlineState.OPEN, _due())}
    assert done.notifications == set()
    rating_pages = {f"case-{case.pk}", f"enterprise-{case.enterprise_id}", *_workbenches(people)}
    assert done.live == {
        **{group: ["rating.submitted"] for group in rating_pages},
        **{group: ["callback.opened", "rating.submitted"] for group in _workbenches(people)},
    }


@pytest.mark.parametrize("move", list(STEPS))
def test_each_callback_move_shows_its_deadline_and_its_pages(move, people, effects):
    case = people["case"]
    case_rate(case=case, level=2, by=people["enterprise"], on=RATED_ON)
    callback = case.callbacks.get()
    names = list(STEPS)
    for earlier in names[: names.index(move)]:
        STEPS[earlier](callback, people["supervisor"])

    done = effects(lambda: STEPS[move](callback, people["supervisor"]), callback)

    state = DeadlineState.CLOSED if move == "close" else DeadlineState.OPEN
    assert done.deadlines == {("", state, _due())}
    assert done.notifications == set()
    assert done.live == {group: [EVENTS[move]] for group in _workbenches(people)}
