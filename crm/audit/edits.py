"""Rows changed without a service of their own (the admin's forms, an imported sheet):
what changed reaches the audit trail, and the pages that show the row hear of it."""

from django.db.models import Model

from crm.audit.models import AuditEntry
from crm.audit.services import audit_changes, audit_field_value, audit_record
from crm.live.services import live_announce_change


def audit_deletion(obj: Model, by) -> AuditEntry:
    """Whatever the admin deletes is named in the audit trail (the row itself is gone)
    and announced to the pages that showed it (call before deleting)."""
    entry = audit_record(subject=obj, actor=by, event=f"{obj._meta.model_name}.deleted", before={"row": str(obj)})
    live_announce_change(entry, obj)
    return entry


def audit_admin_edit(stored: Model | None, obj: Model, changed: list[str], by) -> AuditEntry | None:
    """An edit the admin saved itself (a row with no service of its own): the fields
    that changed, before and after, as ``<model>.added`` or ``<model>.updated``."""
    names = [f.name for f in obj._meta.concrete_fields if f.name in changed]
    before = {name: audit_field_value(stored, name) for name in names} if stored else {}
    before, after = audit_changes(before, {name: audit_field_value(obj, name) for name in names})
    if after:
        event = f"{obj._meta.model_name}.{'updated' if stored else 'added'}"
        entry = audit_record(subject=obj, actor=by, event=event, before=before, after=after)
        live_announce_change(entry, obj)
        return entry
    return None
