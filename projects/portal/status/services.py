"""The public status lookup's writes: a new verification code (the old card stops
working), and the count of lookups."""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F

from crm.audit.services import audit_record
from projects.live import live_announce
from projects.models import Project, verification_code_new
from projects.portal.status.events import StatusLookupEvent
from projects.public_status import status_lookups_key


def verification_code_regenerate(*, project: Project, by) -> Project:
    """Give the project a new verification code: the contact cards printed with the old
    one stop opening the status page at once. The audit entry says who did it and when,
    never the codes (a code in the trail would be a key anyone reading it could use)."""
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        project.verification_code = verification_code_new()
        project.save(update_fields=["verification_code"])
        entry = audit_record(subject=project, actor=by, event=StatusLookupEvent.VERIFICATION_CODE_REGENERATED)
        live_announce(entry, project)  # also drops the cached answer (projects.live)
    return project


def status_lookup_count(*, project_pk: int) -> None:
    """Count one successful lookup in the cache (one INCR: no database write on the most
    requested anonymous page, no row lock for many lookups of one project at once), and
    add each ``STATUS_LOOKUPS_FLUSH_EVERY`` lookups to the project's row with one UPDATE
    done by the database (F()); the request whose count reaches the multiple does it, so
    no worker process is needed, in the embedded mode too. Losing the cache loses fewer
    than that many lookups of a project. Nothing about the visitor is kept."""
    key = status_lookups_key(project_pk)
    try:
        count = cache.incr(key)
    except ValueError:  # the first lookup since the cache was emptied
        count = 1 if cache.add(key, 1, timeout=None) else cache.incr(key)
    every = settings.STATUS_LOOKUPS_FLUSH_EVERY
    if count % every == 0:
        Project.objects.filter(pk=project_pk).update(status_lookups=F("status_lookups") + every)
