"""Enterprises and the accounts that sign in for them."""

from django.db import transaction

from agents.models import ProxyAgent
from crm.audit.services import audit_changes, audit_field_value, audit_record, audited_update
from projects.live import live_announce
from projects.models import (
    Enterprise,
    EnterpriseContact,
)


def enterprise_register(
    *,
    name: str,
    zone,
    industry: str,
    by,
    credit_code: str = "",
    agent: ProxyAgent | None = None,
    details: dict | None = None,
) -> Enterprise:
    """Record an enterprise met for the first time (with its credit code, or none
    while it is still being set up); its first-contact agent becomes its agent.
    ``details``: other particulars already known (an imported sheet's legal
    representative, address, capital), recorded with it."""
    details = details or {}
    if unknown := set(details) - set(ENTERPRISE_EDITABLE_FIELDS):
        raise ValueError(f"enterprise_register cannot set {sorted(unknown)}")
    enterprise = Enterprise(
        name=name.strip(), credit_code=credit_code or None, zone=zone, industry=industry, assigned_agent=agent
    )
    for field, value in details.items():
        setattr(enterprise, field, value)
    enterprise.full_clean()
    with transaction.atomic():
        enterprise.save()
        entry = audit_record(
            subject=enterprise,
            actor=by,
            event="enterprise.registered",
            after={
                "name": enterprise.name,
                "credit_code": enterprise.credit_code,
                **{field: audit_field_value(enterprise, field) for field in details},
            },
        )
        live_announce(entry, enterprise)
    return enterprise


ENTERPRISE_EDITABLE_FIELDS = (
    "name",
    "credit_code",
    "legal_representative",
    "registered_address",
    "zone",
    "industry",
    "registered_capital",
    "assigned_agent",
    "responsible_leader",
)


def enterprise_update(*, enterprise: Enterprise, changes: dict, by) -> Enterprise:
    """Correct an enterprise's particulars (``changes``: field name → new value),
    audited with what they were before."""
    if unknown := set(changes) - set(ENTERPRISE_EDITABLE_FIELDS):
        raise ValueError(f"enterprise_update cannot change {sorted(unknown)}")
    with transaction.atomic():
        enterprise = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
        entry = audited_update(enterprise, changes=changes, by=by, event="enterprise.updated")
        if entry is not None:
            live_announce(entry, enterprise)
    return enterprise


ENTERPRISE_CONTACT_FIELDS = ("name", "position", "phone", "email", "is_primary", "user")


def _contact_values(contact: EnterpriseContact | None) -> dict[str, str]:
    if contact is None:
        return {}
    return {
        name: str(getattr(contact, "user_id" if name == "user" else name) or "") for name in ENTERPRISE_CONTACT_FIELDS
    }


def enterprise_contact_save(*, contact: EnterpriseContact, by) -> EnterpriseContact:
    """Add or correct one of an enterprise's contacts — ``user`` is the account that
    signs in for the enterprise and sees its projects — audited on the enterprise
    with what changed."""
    with transaction.atomic():
        stored = EnterpriseContact.objects.select_for_update().filter(pk=contact.pk).first() if contact.pk else None
        contact.full_clean()
        contact.save()
        before, after = audit_changes(_contact_values(stored), _contact_values(contact))
        if after:
            entry = audit_record(
                subject=contact.enterprise,
                actor=by,
                event="enterprise.contact_changed" if stored else "enterprise.contact_added",
                before=before,
                after=after,
                reason=contact.name,
            )
            live_announce(entry, contact.enterprise)
    return contact


def enterprise_contact_remove(*, contact: EnterpriseContact, by) -> None:
    """Remove a contact: its account no longer signs in for the enterprise (audited)."""
    with transaction.atomic():
        entry = audit_record(
            subject=contact.enterprise,
            actor=by,
            event="enterprise.contact_removed",
            before={"name": contact.name, "user": str(contact.user_id or "")},
            reason=contact.name,
        )
        contact.delete()
        live_announce(entry, contact.enterprise)
