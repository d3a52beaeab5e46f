"""The two clocks in the JSON API: government days against the target, the
enterprise's and the others' days, within target, and whom a stopped clock waits on,
the same whether the item comes from a list (annotated in the query) or from a
transition's answer (read from its pauses)."""

import datetime as dt

import pytest
from django.utils import timezone

from crm.calendar.workdays import workdays_between
from projects.cases.services import case_authorise, item_pass_prereview
from projects.investment.events import MilestoneEvent
from projects.investment.services import milestone_pause, project_event_record
from projects.models import PauseCause

pytestmark = pytest.mark.django_db

CLOCK = ("government_days", "enterprise_days", "other_days", "within_target", "waiting_on", "waiting_reason")


def clock(body: dict) -> tuple:
    return tuple(body[field] for field in CLOCK)


def test_an_item_returned_for_correction_counts_the_enterprise_apart(api, api_world, agent):
    item, case = api_world.own_item, api_world.own_case
    case_authorise(case=case, signed_on=dt.date(2026, 3, 2), signatory="张总", scope="代办", by=agent)
    item_pass_prereview(item=item, by=agent, on=dt.date(2026, 3, 2))
    url = f"/api/v1/items/{item.pk}/transitions/"
    assert api.post(url, {"action": "submit", "on": "2026-03-05"}).status_code == 200
    body = api.post(url, {"action": "accept", "on": "2026-03-05", "acceptance_no": "YD-1"}).json()
    assert clock(body)[:2] == (workdays_between(dt.date(2026, 3, 5), timezone.localdate()).days, 0)
    api.post(url, {"action": "start_review", "on": "2026-03-06"})
    body = api.post(url, {"action": "return_for_correction", "on": "2026-03-09", "reason": "消防专篇需补充"}).json()
    assert (body["level"], body["waiting_on"], body["waiting_reason"]) == ("paused", "enterprise", "消防专篇需补充")
    api.post(url, {"action": "resubmit", "on": "2026-03-12"})
    body = api.post(url, {"action": "approve", "on": "2026-03-16", "decision_no": "规许12号"}).json()
    # 6, 9 | returned: 10, 11, 12 | 13, 16: four of the department's days, three of the enterprise's
    assert clock(body) == (4, 3, 0, True, None, None)
    listed = next(row for row in api.get("/api/v1/items/").json()["results"] if row["id"] == item.pk)
    assert clock(listed) == clock(body)
    detail = api.get(f"/api/v1/cases/{case.pk}/").json()
    assert clock(detail["items"][0]) == clock(body)


def test_a_milestone_in_a_hearing_is_not_the_government_s_time(api, api_world, agent):
    project = api_world.own_project
    project_event_record(project=project, event=MilestoneEvent.PROJECT_FILED, on=dt.date(2026, 3, 2), by=agent)
    permit = project.milestones.get(definition__code="construction_permit")
    milestone_pause(milestone=permit, cause=PauseCause.HEARING, reason="规划听证", on=dt.date(2026, 3, 4), by=agent)
    body = api.get(f"/api/v1/projects/{project.pk}/").json()
    row = next(m for m in body["milestones"] if m["code"] == "construction_permit")
    hearing = workdays_between(dt.date(2026, 3, 4), timezone.localdate()).days
    assert clock(row) == (2, 0, hearing, True, "special_procedure", "规划听证")
    assert row["level"] == "paused"
    pending = next(m for m in body["milestones"] if m["code"] == "assessments")
    assert clock(pending) == (None, None, None, None, None, None)
