"""Live updates for the projects: every service that records an audited change
(transition, pause, delivery, reassignment…) calls ``live_announce``, which tells the
open pages that show it to refresh — the case's page, the enterprise's status page,
and the workbenches of the case's agent and of the supervisors of that agent's centre.

Events are gathered per transaction and published once it commits, one message per
group: a bundle of twenty items, or a recomputation touching thousands of deadlines,
is one refresh per page, not one per row. The message only says *that* something
changed (the event names); the page fetches what its user may see through the views."""

from collections import defaultdict

from agents.selectors import centre_supervisors
from crm.audit.models import AuditEntry
from crm.live.services import case_group, enterprise_group, live_publish, user_group
from crm.transactions import after_commit_once
from projects.models import Callback, Enterprise, Milestone, Project, ProxyCase
from projects.public_status import status_version_bump


def _staff_groups(agent, supervisors: dict[int, list[int]]) -> set[str]:
    """The agent's workbench and those of the supervisors of the agent's centre."""
    if agent is None:
        return set()
    if agent.centre_id not in supervisors:
        supervisors.update(centre_supervisors([agent.centre_id]))
        supervisors.setdefault(agent.centre_id, [])
    return {user_group(agent.user_id), *(user_group(u) for u in supervisors[agent.centre_id])}


def live_groups_of(subject, supervisors: dict[int, list[int]] | None = None) -> set[str]:
    """The groups whose pages show ``subject``: anything belonging to a case (the case
    itself, its items, notices, ratings), or to a project (milestones, drawing reviews,
    assessments), or an enterprise. ``supervisors`` caches centre → supervisor ids."""
    supervisors = {} if supervisors is None else supervisors
    if isinstance(subject, Callback):  # the centre's own follow-up: not on the enterprise's pages
        groups = _staff_groups(subject.case.agent, supervisors)
        return groups | _staff_groups(subject.assigned_to, supervisors)
    case = subject if isinstance(subject, ProxyCase) else getattr(subject, "case", None)
    if isinstance(case, ProxyCase):
        return {case_group(case.pk), enterprise_group(case.enterprise_id)} | _staff_groups(case.agent, supervisors)
    project = subject if isinstance(subject, Project) else getattr(subject, "project", None)
    if not isinstance(project, Project):
        assessment = getattr(subject, "assessment", None)
        project = getattr(assessment, "project", None)
    if isinstance(project, Project):
        return {enterprise_group(project.enterprise_id)} | _staff_groups(project.agent, supervisors)
    if isinstance(subject, Enterprise):
        return {enterprise_group(subject.pk)}
    return set()


def _publish(batch: dict) -> None:
    by_events: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for group, events in batch["groups"].items():
        by_events[tuple(sorted(events))].append(group)
    for events, groups in by_events.items():
        live_publish(groups, {"kind": "change", "events": list(events)})


def _new_batch() -> dict:
    return {"groups": defaultdict(set), "supervisors": {}}


def live_announce(entry: AuditEntry, subject) -> None:
    """Tell the pages that show ``subject`` that ``entry`` happened, once the
    transaction commits (one message per page for all the transaction announces).
    Call inside the transaction of the change."""

    def gather(batch: dict) -> None:
        for group in live_groups_of(subject, batch["supervisors"]):
            batch["groups"][group].add(entry.event)

    after_commit_once("projects.live", update=gather, make_state=_new_batch, run=_publish)
    # The public status page shows the project's name and milestones: its cached answer goes.
    if isinstance(subject, Project | Milestone):
        status_version_bump(subject if isinstance(subject, Project) else subject.project)
