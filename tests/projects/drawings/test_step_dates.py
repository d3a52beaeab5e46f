"""The drawing review's steps take the day they happened,
as the items do (the merged assessment's: tests/regional_assessments/merged/test_views.py): the page offers today, an earlier day is kept with the recording
time beside it, a day after today or before the previous step is refused."""

import datetime as dt

import pytest
from django.utils import timezone

from crm.audit.models import AuditEntry
from projects.models import DrawingReview, Milestone, MilestoneState

pytestmark = pytest.mark.django_db


def _entry(subject, event):
    return AuditEntry.objects.filter(subject_id=str(subject.pk), event=event).latest("pk")


def test_a_package_accepted_last_week_is_recorded_on_that_day(client, world):
    today = timezone.localdate()
    submitted, accepted, opinion = (
        today - dt.timedelta(days=9),
        today - dt.timedelta(days=7),
        today - dt.timedelta(days=6),
    )
    client.force_login(world.users["agent1"])
    base = f"/projects/{world.own_project.pk}/drawings"
    page = client.get(f"{base}/").content.decode()
    assert 'name="on"' in page and f'max="{today:%Y-%m-%d}"' in page  # the date is offered, today at most

    client.post(f"{base}/submit/", {"package": "一期厂房", "on": f"{submitted:%Y-%m-%d}"})
    review = DrawingReview.objects.get(package="一期厂房")
    assert review.submitted_on == submitted
    client.post(f"{base}/{review.pk}/accept/", {"acceptance_no": "LS-2026-101", "on": f"{accepted:%Y-%m-%d}"})
    review.refresh_from_db()
    assert review.state == "accepted"
    entry = _entry(review, "drawing.accepted")
    assert entry.effective_on == accepted and entry.recorded_late_days == 7
    milestone = Milestone.objects.get(project=world.own_project, definition__code="drawing_review")
    assert (milestone.state, milestone.started_on) == (MilestoneState.RUNNING, accepted)

    client.post(f"{base}/{review.pk}/start/", {"on": f"{accepted:%Y-%m-%d}"})
    # An opinion before the review started is refused with the day it cannot precede.
    discipline = review.disciplines.first()
    early = f"{accepted - dt.timedelta(days=1):%Y-%m-%d}"
    refused = client.post(
        f"{base}/{review.pk}/opinion/", {"discipline": discipline.pk, "verdict": "pass", "on": early}, follow=True
    ).content.decode()
    assert f"日期不能早于上一环节的日期（{accepted:%Y-%m-%d}）" in refused
    assert not review.opinions.exists()
    client.post(
        f"{base}/{review.pk}/opinion/", {"discipline": discipline.pk, "verdict": "pass", "on": f"{opinion:%Y-%m-%d}"}
    )
    assert review.opinions.get().given_on == opinion

    # Tomorrow has not happened: refused, nothing recorded.
    tomorrow = f"{today + dt.timedelta(days=1):%Y-%m-%d}"
    other = review.disciplines.exclude(pk=discipline.pk).first()
    refused = client.post(
        f"{base}/{review.pk}/opinion/", {"discipline": other.pk, "verdict": "pass", "on": tomorrow}, follow=True
    ).content.decode()
    assert "不能晚于今天" in refused
    assert review.opinions.count() == 1

    timeline = client.get(f"/projects/{world.own_project.pk}/").content.decode()
    assert "补录" in timeline


@pytest.mark.parametrize("value", ["2026-02-30", "\x00", "x" * 10_000, "NaN"])
def test_a_malformed_day_is_a_message_not_an_error(client, world, value):
    client.force_login(world.users["agent1"])
    base = f"/projects/{world.own_project.pk}/drawings"
    response = client.post(f"{base}/submit/", {"package": "一期厂房", "on": value}, follow=True)
    assert response.status_code == 200
    assert not DrawingReview.objects.exists()
