"""An administrator enters next year's holiday schedule; open deadlines that depended
on it are recomputed by a real Celery worker and lose their provisional flag."""

import datetime as dt
import time
from pathlib import Path

import pytest

from crm.audit.models import AuditEntry
from crm.celery import app as celery_app
from projects.cases.services import (
    case_authorise,
    case_items_choose,
    case_open,
    item_accept,
    item_pass_prereview,
    item_submit,
)
from projects.investment.events import MilestoneEvent
from projects.investment.services import project_event_record
from projects.models import Milestone
from tests.factories import ProjectFactory, ProxyAgentFactory

ROOT = Path(__file__).resolve().parents[3]


def _start_with_provisional_deadline() -> Milestone:
    agent = ProxyAgentFactory()
    project = ProjectFactory(agent=agent)
    project_event_record(project=project, event=MilestoneEvent.PROJECT_FILED, on=dt.date(2026, 11, 2), by=agent.user)
    permit = project.milestones.get(definition__code="construction_permit")
    assert permit.due_provisional and permit.due_date.year == 2027
    return permit


def _publish_2027(admin_client) -> None:
    """Through the admin, as an administrator would: one holiday, then the year."""
    response = admin_client.post(
        "/admin/crm/calendarday/add/", {"date": "2027-01-01", "kind": "holiday", "name": "元旦", "note": ""}
    )
    assert response.status_code == 302
    response = admin_client.post(
        "/admin/crm/calendaryear/add/", {"year": 2027, "source": "国办发明电〔2026〕测试号", "published": "on"}
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_publishing_a_year_recomputes_deadlines(admin_client, django_capture_on_commit_callbacks, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    celery_app.conf.task_always_eager = True
    try:
        permit = _start_with_provisional_deadline()
        before = permit.due_date
        with django_capture_on_commit_callbacks(execute=True):
            _publish_2027(admin_client)
    finally:
        celery_app.conf.task_always_eager = False
    permit.refresh_from_db()
    assert permit.due_provisional is False
    assert permit.due_date == before + dt.timedelta(days=1)  # 2027-01-01 is now a holiday (a Friday)
    entry = AuditEntry.objects.filter(event="milestone.deadline_recomputed", subject_id=str(permit.pk)).last()
    assert entry.actor is None and "2027" in entry.reason
    assert entry.before["due_provisional"] is True and entry.after["due_provisional"] is False


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_publishing_a_year_recomputes_deadlines_through_a_real_worker(admin_client, celery_worker_process):
    permit = _start_with_provisional_deadline()
    _publish_2027(admin_client)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        permit.refresh_from_db()
        if not permit.due_provisional:
            break
        time.sleep(0.5)
    assert celery_worker_process.poll() is None, celery_worker_process.stdout.read()
    assert permit.due_provisional is False
    assert AuditEntry.objects.filter(event="milestone.deadline_recomputed", subject_id=str(permit.pk)).exists()


@pytest.mark.django_db
def test_publishing_a_year_moves_every_clock_and_its_supervision_deadline(
    admin_client, django_capture_on_commit_callbacks, settings
):
    """Not only milestones: an accepted item whose committed days reach into 2027."""
    from django.contrib.contenttypes.models import ContentType

    from crm.models import Deadline
    from projects.models import ItemState
    from tests.factories import ApprovalItemFactory

    settings.CELERY_TASK_ALWAYS_EAGER = True
    celery_app.conf.task_always_eager = True
    agent = ProxyAgentFactory()
    project = ProjectFactory(agent=agent)
    by = agent.user
    day = dt.date(2026, 11, 23)  # + 30 working days reaches 2027, whose holidays are not yet entered
    case = case_open(enterprise=project.enterprise, agent=agent, channel="visit", summary="施工许可", on=day, by=by)
    (item,) = case_items_choose(case=case, approval_items=[ApprovalItemFactory(code="P-1", committed_days=30)], by=by)
    case_authorise(case=case, signed_on=day, signatory="张总", scope="代办", by=by)
    for step in (item_pass_prereview, item_submit):
        step(item=item, on=day, by=by)
    item_accept(item=item, acceptance_no="A-2027", on=day, by=by)
    item.refresh_from_db()
    assert item.state == ItemState.ACCEPTED and item.due_provisional and item.due_date.year == 2027
    before = item.due_date
    deadline = Deadline.objects.get(subject_type=ContentType.objects.get_for_model(item), subject_id=item.pk, facet="")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            _publish_2027(admin_client)
    finally:
        celery_app.conf.task_always_eager = False
    item.refresh_from_db()
    deadline.refresh_from_db()
    assert item.due_provisional is False and item.due_date == before + dt.timedelta(days=1)
    assert (deadline.due_date, deadline.due_provisional) == (item.due_date, False) and deadline.sequence >= 1
    assert AuditEntry.objects.filter(event="projectitem.deadline_recomputed", subject_id=str(item.pk)).exists()


def test_every_clock_model_is_registered_explicitly():
    from django.apps import apps

    from crm.calendar.clock import DeadlineClock
    from crm.calendar.recompute import clock_models
    from projects.models import Callback, DrawingReview, ProjectItem, VisitFollowUp
    from regional_assessments.merged.models import MergedAssessment

    concrete = {model for model in apps.get_models() if issubclass(model, DeadlineClock)}
    assert (
        set(clock_models())
        == concrete
        == {
            Milestone,
            ProjectItem,
            DrawingReview,
            Callback,
            MergedAssessment,
            VisitFollowUp,
        }
    )


@pytest.mark.django_db
def test_a_calendar_change_recomputes_every_registered_clock_kind_once(
    monkeypatch, django_capture_on_commit_callbacks, settings
):
    """Days of two years and a year published in one transaction: one task after
    commit, and every registered kind recomputed once for both years."""
    from django.db import transaction

    from crm.calendar import recompute as calendar_recompute
    from crm.calendar.recompute import clock_models
    from crm.calendar.services import calendar_day_set, calendar_year_set

    calls = []

    def spy(model):
        def recompute(*, years):
            calls.append((model, years))
            return 0

        return recompute

    kinds = clock_models()
    monkeypatch.setattr(calendar_recompute, "_CLOCKS", {model: spy(model) for model in kinds})
    settings.CELERY_TASK_ALWAYS_EAGER = True
    celery_app.conf.task_always_eager = True
    try:
        with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
            calendar_day_set(date=dt.date(2027, 1, 1), kind="holiday", name="元旦")
            calendar_day_set(date=dt.date(2028, 1, 3), kind="holiday", name="地方调整")
            calendar_year_set(year=2027, source="国办发明电〔2026〕测试号")
    finally:
        celery_app.conf.task_always_eager = False
    assert len(callbacks) == 1
    assert calls == [(model, [2027, 2028]) for model in kinds]


@pytest.mark.django_db
def test_publishing_a_year_moves_a_merged_assessment_and_a_drawing_review(
    admin_client, django_capture_on_commit_callbacks, settings
):
    """The plain recompute of the kinds other topics and apps register: a drawing
    review (projects) and a merged assessment (regional_assessments) reaching 2027."""
    from crm.calendar.workdays import workdays_add
    from projects.drawings.services import drawing_review_accept, drawing_review_submit
    from projects.models import MilestoneDefinition
    from regional_assessments.merged.services import merged_assessment_start

    agent = ProxyAgentFactory()
    by = agent.user
    day = dt.date(2026, 11, 23)
    MilestoneDefinition.objects.filter(code="drawing_review").update(target_working_days=30)  # reaches 2027
    review = drawing_review_submit(project=ProjectFactory(agent=agent), package="一期", on=day, by=by)
    review = drawing_review_accept(review=review, acceptance_no="T-1", on=day, by=by)
    assessment = merged_assessment_start(project=ProjectFactory(agent=agent), on=day, by=by).assessment
    assert review.due_provisional and assessment.due_provisional
    before = {review: review.due_date, assessment: assessment.due_date}
    settings.CELERY_TASK_ALWAYS_EAGER = True
    celery_app.conf.task_always_eager = True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            _publish_2027(admin_client)
    finally:
        celery_app.conf.task_always_eager = False
    for clock, due in before.items():
        clock.refresh_from_db()
        assert clock.due_provisional is False and clock.due_date == workdays_add(due, 1).date, clock
    for event in ("drawingreview.deadline_recomputed", "mergedassessment.deadline_recomputed"):
        assert AuditEntry.objects.filter(event=event).exists()
