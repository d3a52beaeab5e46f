import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from crm.audit.models import AuditEntry

SYSTEM_LABEL = "系统"


def audit_record(
    *,
    subject: models.Model,
    actor: Any | None,
    event: str,
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
    on: dt.date | None = None,
) -> AuditEntry:
    """Record one transition or deadline change. ``actor`` None means the system
    (a sweep, a recomputation); ``on`` is the day it happened when that is not the
    day it is recorded. Call inside the transaction of the change itself; what the
    change causes besides (deadlines, notifications, live updates) its service calls
    next, with the entry returned."""
    entry = _entry(subject, actor, event, before=before, after=after, reason=reason, on=on)
    entry.save()
    return entry


def _entry(subject, actor, event: str, *, before=None, after=None, reason: str = "", on=None) -> AuditEntry:
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry(
        actor=user,
        actor_label=str(user) if user else SYSTEM_LABEL,
        event=event,
        subject_type=ContentType.objects.get_for_model(subject, for_concrete_model=False),
        subject_id=str(subject.pk),
        subject_label=str(subject)[:200],
        before=before or {},
        after=after or {},
        reason=reason[:500],
        effective_on=on,
    )


def audit_records(
    *, subjects: Sequence[models.Model], actor: Any | None, event: str, after: Callable[[models.Model], dict]
) -> list[AuditEntry]:
    """``audit_record`` for each of many saved rows of one model and one event (rows a
    sheet imported), in one insert: an entry per row, ``after(row)`` its values."""
    return AuditEntry.objects.bulk_create(_entry(subject, actor, event, after=after(subject)) for subject in subjects)


def audited_set(
    instance: models.Model, field: str, value: Any, *, by, event: str, reason: str = "", shown=str
) -> AuditEntry:
    """Set one field of a row the caller has locked, save that field alone, and record
    before and after as people read them (``shown``: e.g. a related row's code)."""
    old = getattr(instance, field)
    setattr(instance, field, value)
    instance.save(update_fields=[field])
    return audit_record(
        subject=instance,
        actor=by,
        event=event,
        before={field: None if old is None else shown(old)},
        after={field: None if value is None else shown(value)},
        reason=reason,
    )


def audit_last_day(subject: models.Model) -> dt.date | None:
    """The business day of the subject's latest dated step (entries recorded with the
    day they happened): a new step of the same subject cannot come before it."""
    return (
        AuditEntry.objects.filter(
            subject_type=ContentType.objects.get_for_model(subject, for_concrete_model=False),
            subject_id=str(subject.pk),
            effective_on__isnull=False,
        )
        .order_by("-effective_on")
        .values_list("effective_on", flat=True)
        .first()
    )


def audit_trail_of(subjects: list[models.Model]) -> models.QuerySet[AuditEntry]:
    """The entries of several subjects, oldest first, in one query."""
    by_type: dict[ContentType, list[str]] = {}
    for subject in subjects:
        by_type.setdefault(ContentType.objects.get_for_model(subject, for_concrete_model=False), []).append(
            str(subject.pk)
        )
    match = Q(pk__in=[])
    for content_type, ids in by_type.items():
        match |= Q(subject_type=content_type, subject_id__in=ids)
    return AuditEntry.objects.filter(match).select_related("actor").order_by("at", "id")


def timeline_order(entries: list[AuditEntry]) -> list[AuditEntry]:
    """Newest first by the day things happened (recorded time for entries without
    one), then by when they were recorded."""
    return sorted(entries, key=lambda e: (e.effective_on or e.at.date(), e.at, e.pk), reverse=True)


def audit_changes(before: dict, after: dict) -> tuple[dict, dict]:
    """The keys whose values differ, as (before, after) dicts for an audit entry."""
    keys = [k for k in after if before.get(k) != after[k]]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def audit_field_value(instance: models.Model, name: str) -> Any:
    field = instance._meta.get_field(name)
    if field.many_to_many:
        return sorted(getattr(instance, name).values_list("pk", flat=True)) if instance.pk else []
    value = getattr(instance, field.attname)
    return value.name if isinstance(value, models.fields.files.FieldFile) else value


def audited_update(
    instance: models.Model, *, changes: dict[str, Any], by, event: str, reason: str = ""
) -> AuditEntry | None:
    """Apply ``changes`` (field name → value; a many-to-many field takes its rows) to
    ``instance``, a row the caller has locked, validate it, save only what really
    changed and record that, before and after, as one ``event``. Call inside the
    caller's transaction. Returns the entry (None when nothing changed)."""
    many = {name for name in changes if instance._meta.get_field(name).many_to_many}
    before = {name: audit_field_value(instance, name) for name in changes}
    for name, value in changes.items():
        if name not in many:
            instance._meta.get_field(name).save_form_data(instance, value)
    instance.full_clean()
    after = {
        name: sorted(row.pk for row in changes[name]) if name in many else audit_field_value(instance, name)
        for name in changes
    }
    before, after = audit_changes(before, after)
    if not after:
        return None
    if plain := [name for name in after if name not in many]:
        instance.save(update_fields=plain)
    for name in many & after.keys():
        getattr(instance, name).set(changes[name])
    return audit_record(subject=instance, actor=by, event=event, before=before, after=after, reason=reason)
