"""The audit trail is append-only through every interface."""

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import ProtectedError

from crm.audit.models import AuditEntry
from crm.audit.services import audit_record, audit_trail_of
from tests.factories import ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry():
    return audit_record(
        subject=ProjectFactory(),
        actor=UserFactory(),
        event="project.test",
        before={"a": 1},
        after={"a": 2},
        reason="测试",
    )


def test_records_actor_time_before_and_after(entry):
    assert entry.actor_label and entry.at
    assert (entry.before, entry.after) == ({"a": 1}, {"a": 2})


def test_system_actor_when_nobody(entry):
    system = audit_record(subject=entry, actor=None, event="sweep")
    assert system.actor is None and system.actor_label == "系统"


def test_model_refuses_save_and_delete(entry):
    entry.reason = "改写"
    with pytest.raises(ValidationError):
        entry.save()
    with pytest.raises(ValidationError):
        entry.delete()


def test_queryset_refuses_update_and_delete(entry):
    with pytest.raises(ValidationError):
        AuditEntry.objects.filter(pk=entry.pk).update(reason="改写")
    with pytest.raises(ValidationError):
        AuditEntry.objects.filter(pk=entry.pk).delete()


@pytest.mark.parametrize(
    "sql", ["UPDATE crm_auditentry SET reason = 'x' WHERE id = %s", "DELETE FROM crm_auditentry WHERE id = %s"]
)
def test_database_refuses_raw_sql(entry, sql):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).reason == "测试"


def test_actor_cannot_be_deleted_away(entry):
    with pytest.raises((ProtectedError, IntegrityError)), transaction.atomic():
        entry.actor.delete()


def test_admin_offers_no_add_change_or_delete(admin_client, entry):
    assert admin_client.get("/admin/crm/auditentry/").status_code == 200
    page = admin_client.get(f"/admin/crm/auditentry/{entry.pk}/change/")
    assert page.status_code == 200 and b'name="_save"' not in page.content
    assert admin_client.get("/admin/crm/auditentry/add/").status_code == 403
    assert admin_client.post(f"/admin/crm/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_trail_of_several_subjects_in_one_query(entry, django_assert_num_queries):
    other = audit_record(subject=entry, actor=None, event="x")
    with django_assert_num_queries(2):  # content types are cached after the first lookup
        rows = list(audit_trail_of([entry.subject, entry]))
    assert [r.pk for r in rows] == [entry.pk, other.pk]


def test_changes_read_as_labels(db):
    import datetime as dt

    from projects.investment.events import MilestoneEvent
    from projects.investment.services import project_event_record
    from tests.factories import ProxyAgentFactory

    agent = ProxyAgentFactory()
    project = ProjectFactory(agent=agent)
    project_event_record(project=project, event=MilestoneEvent.PROJECT_FILED, on=dt.date(2026, 3, 2), by=agent.user)
    milestone = project.milestones.get(definition__code="construction_permit")
    entry = AuditEntry.objects.get(subject_id=str(milestone.pk), event="milestone.started")
    changes = {field: (old, new) for field, old, new in entry.changes()}
    assert changes["状态"] == ("未开始", "计时中")
    assert changes["起算日"] == ("—", "2026-03-02")


def test_changes_show_lists_and_mappings(entry):
    listed = audit_record(
        subject=entry.subject, actor=None, event="x", after={"materials": ["营业执照", "身份证明"], "n": {"a": 1}}
    )
    assert {f: new for f, _, new in listed.changes()} == {"materials": "营业执照、身份证明", "n": "a：1"}


def test_timeline_orders_by_the_day_things_happened(entry):
    import datetime as dt

    from crm.audit.services import timeline_order

    later_recorded_earlier_day = audit_record(subject=entry.subject, actor=None, event="x", on=dt.date(2020, 1, 1))
    newest_day = audit_record(subject=entry.subject, actor=None, event="y", on=dt.date(2099, 1, 1))
    assert [e.pk for e in timeline_order([later_recorded_earlier_day, entry, newest_day])] == [
        newest_day.pk,
        entry.pk,
        later_recorded_earlier_day.pk,
    ]


def test_values_that_are_not_fields_use_the_models_audit_labels(entry):
    from projects.models import ProxyCase
    from tests.factories import EnterpriseFactory, ProxyAgentFactory

    agent = ProxyAgentFactory()
    case = ProxyCase.objects.create(
        number="DB-T",
        enterprise=EnterpriseFactory(),
        agent=agent,
        first_contact_channel="phone",
        first_contact_on="2026-03-02",
        summary="s",
    )
    recorded = audit_record(subject=case, actor=None, event="case.authorised", after={"signatory": "黄启明"})
    assert recorded.changes() == [("委托人", "", "黄启明")]
