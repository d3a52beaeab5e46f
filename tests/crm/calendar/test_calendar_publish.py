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
from projects.events import MilestoneEvent
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
    case = case_open(
        enterprise=project.enterprise, agent=agent, channel="visit", summary="施工许可", on=day, by=by
    )
    (item,) = case_items_choose(
        case=case, approval_items=[ApprovalItemFactory(code="P-1", committed_days=30)], by=by
    )
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
