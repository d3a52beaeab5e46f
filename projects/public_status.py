"""What the public status lookup (``projects.portal.status``, above every topic) shares
with the topics below it, as ``projects.live`` does (outside the topics' layers): the link
a contact card prints for a project, how often it was looked up, and its status version, bumped after
every committed change of the project or its milestones (``projects.live.live_announce``
calls ``status_version_bump``, as every service that changes them calls that)."""

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils.http import urlencode

from crm.transactions import after_commit_once
from projects.models import Project


def status_path(project: Project) -> str:
    """The lookup's link for a project, as the contact card prints it and its QR code
    holds it: the status shows at once, no form to fill."""
    return reverse("status:lookup") + "?" + urlencode({"code": project.code, "verify": project.verification_code})


def status_version_key(project_code: str) -> str:
    """Keyed by the project code, which is what a lookup brings: a cached answer is
    found and checked without asking the database."""
    return f"status:version:{project_code}"


def _versions_bump(project_codes: set[str]) -> None:
    for code in project_codes:
        key = status_version_key(code)
        if not cache.add(key, 1, timeout=None):
            try:
                cache.incr(key)
            except ValueError:  # evicted between the two calls
                cache.set(key, 1, timeout=None)


def status_version_bump(project: Project) -> None:
    """Make what is cached of the project's status stale once the current transaction
    commits (a reader in between would otherwise cache the old state under the new
    version); a recomputation touching thousands of milestones bumps each project once.
    (A code changed: the old code's answer lasts its cache lifetime, a minute.)"""
    code = project.code
    after_commit_once("projects.status", update=lambda codes: codes.add(code), make_state=set, run=_versions_bump)


def status_lookups_key(project_pk: int) -> str:
    return f"status:lookups:{project_pk}"


def status_lookups_of(project: Project) -> int:
    """How often the project's status was looked up: the database's count and the
    lookups still counted in the cache only (``projects.portal.status.services.status_lookup_count``)."""
    pending = cache.get(status_lookups_key(project.pk), 0) % settings.STATUS_LOOKUPS_FLUSH_EVERY
    return project.status_lookups + pending
