"""The public status lookup's writes: a new verification code (the old card stops
working), and the count of lookups."""

from django.db import transaction
from django.db.models import F

from crm.audit.services import audit_record
from projects.live import live_announce
from projects.models import Project, verification_code_new
from projects.portal.status.events import StatusLookupEvent
from projects.public_status import status_version_bump


def verification_code_regenerate(*, project: Project, by) -> Project:
    """Give the project a new verification code: the contact cards printed with the old
    one stop opening the status page at once. The audit entry says who did it and when,
    never the codes (a code in the trail would be a key anyone reading it could use)."""
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        project.verification_code = verification_code_new()
        project.save(update_fields=["verification_code"])
        entry = audit_record(subject=project, actor=by, event=StatusLookupEvent.VERIFICATION_CODE_REGENERATED)
        status_version_bump(project.pk)
        live_announce(entry, project)
    return project


def status_lookup_count(*, project_pk: int) -> None:
    """Count one successful lookup: one UPDATE, the addition done by the database (no
    read, no lost count when lookups run at once). Nothing about the visitor is kept."""
    Project.objects.filter(pk=project_pk).update(status_lookups=F("status_lookups") + 1)
