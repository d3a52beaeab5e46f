"""What the public status lookup (``projects.portal.status``, above every topic) shares
with the topics below it, as ``projects.live`` does (outside the topics' layers): the link
a contact card prints for a project, and the project's status version, bumped after
every committed change of the project or its milestones (``projects.live.live_announce``
calls ``status_version_bump``, as every service that changes them calls that)."""

from django.core.cache import cache
from django.urls import reverse
from django.utils.http import urlencode

from crm.transactions import after_commit_once
from projects.models import Project


def status_path(project: Project) -> str:
    """The lookup's link for a project, as the contact card prints it and its QR code
    holds it: the status shows at once, no form to fill."""
    return reverse("status:lookup") + "?" + urlencode({"code": project.code, "verify": project.verification_code})


def status_version_key(project_pk: int) -> str:
    return f"status:version:{project_pk}"


def _versions_bump(project_pks: set[int]) -> None:
    for project_pk in project_pks:
        key = status_version_key(project_pk)
        if not cache.add(key, 1, timeout=None):
            try:
                cache.incr(key)
            except ValueError:  # evicted between the two calls
                cache.set(key, 1, timeout=None)


def status_version_bump(project_pk: int) -> None:
    """Make what is cached of the project's status stale once the current transaction
    commits (a reader in between would otherwise cache the old state under the new
    version); a recomputation touching thousands of milestones bumps each project once."""
    after_commit_once("projects.status", update=lambda pks: pks.add(project_pk), make_state=set, run=_versions_bump)
