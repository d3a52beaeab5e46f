"""Investment projects and their "3550" milestones: creation, code changes, events, pauses."""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q

from crm.audit.models import AuditEntry
from crm.audit.services import audit_changes, audit_last_day, audit_record, audit_records, audited_update
from crm.calendar.recompute import calendar_change_scope
from crm.calendar.services import clock_restart, clock_start, clock_stop, day_not_before, day_not_future, day_or_today
from crm.fsm import transition_apply, transition_lock, transition_save
from crm.supervision.services import deadlines_refresh, deadlines_sync
from projects.investment.errors import MilestoneError, ProjectError
from projects.investment.events import ITEM_EVENTS, MilestoneEvent, MilestoneMove
from projects.live import live_announce
from projects.models import (
    MILESTONE_OPEN_STATES,
    Milestone,
    MilestoneDefinition,
    MilestonePause,
    MilestoneState,
    MilestoneTrigger,
    PauseCause,
    Project,
    ProjectCodeChange,
    staff_on_project,
)
from projects.notifications import event_notify


def _snapshot(milestone: Milestone) -> dict:
    return {
        "state": milestone.state,
        "started_on": milestone.started_on,
        "due_date": milestone.due_date,
        "due_provisional": milestone.due_provisional,
        "paused_working_days": milestone.paused_working_days,
        "finished_on": milestone.finished_on,
        "outcome": milestone.outcome,
    }


def _audit_milestone(
    milestone: Milestone, before: dict, *, actor, event: str, reason: str = "", on: dt.date | None = None
) -> AuditEntry:
    old, new = audit_changes(before, _snapshot(milestone))
    return audit_record(subject=milestone, actor=actor, event=event, before=old, after=new, reason=reason, on=on)


def project_milestones_ensure(*, project: Project) -> list[Milestone]:
    """Give the project every active milestone that applies to its type (idempotent)."""
    have = set(project.milestones.values_list("definition_id", flat=True))
    created = [
        milestone for milestone in _milestones_of(project, _active_definitions()) if milestone.definition_id not in have
    ]
    Milestone.objects.bulk_create(created)
    return created


def _active_definitions() -> list[MilestoneDefinition]:
    return list(MilestoneDefinition.objects.filter(is_active=True))


def _milestones_of(project: Project, definitions: list[MilestoneDefinition]) -> list[Milestone]:
    return [
        Milestone(project=project, definition=definition, target_working_days=definition.target_working_days)
        for definition in definitions
        if definition.applies_to(project)
    ]


def project_create(*, project: Project, by) -> Project:
    """Register a new project (validated) with its milestones."""
    project.full_clean()
    return projects_create(projects=[project], by=by)[0]


def projects_create(*, projects: list[Project], by) -> list[Project]:
    """Register new projects the caller has validated each (a sheet's rows, checked row
    by row so that each problem names its row) with their milestones: one insert of
    the projects, one of their milestones, one of their audit entries."""
    definitions = _active_definitions()
    with transaction.atomic():
        Project.objects.bulk_create(projects)
        Milestone.objects.bulk_create(
            milestone for project in projects for milestone in _milestones_of(project, definitions)
        )
        entries = audit_records(
            subjects=projects, actor=by, event="project.created", after=lambda p: {"code": p.code, "name": p.name}
        )
        for entry, project in zip(entries, projects, strict=True):
            live_announce(entry, project)
    return projects


def project_code_change(*, project: Project, new_code: str, reason: str, by) -> Project:
    """Correct or reissue a project code, keeping the old one findable."""
    if new_code == project.code:
        raise ValidationError(ProjectError.CODE_UNCHANGED.label, code=ProjectError.CODE_UNCHANGED)
    if Project.objects.filter(code=new_code).exclude(pk=project.pk).exists():
        raise ValidationError(ProjectError.CODE_TAKEN.label, code=ProjectError.CODE_TAKEN)
    old_code = project.code
    project.code = new_code
    project.full_clean(validate_unique=False)
    with transaction.atomic():
        project.save(update_fields=["code"])
        ProjectCodeChange.objects.create(
            project=project, old_code=old_code, new_code=new_code, changed_by=by, reason=reason
        )
        entry = audit_record(
            subject=project,
            actor=by,
            event="project.code_changed",
            before={"code": old_code},
            after={"code": new_code},
            reason=reason,
        )
        live_announce(entry, project)
    return project


# What an edit form (the admin) may correct; the code changes only through
# project_code_change, which keeps the old code findable.
PROJECT_EDITABLE_FIELDS = (
    "name",
    "enterprise",
    "zone",
    "location",
    "industry",
    "project_type",
    "investment_amount",
    "land_area",
    "floor_area",
    "agent",
)


def project_update(*, project: Project, changes: dict, by) -> Project:
    """Correct a project's particulars (``changes``: field name → new value), audited
    with what they were before; milestones a new type or size calls for are added."""
    if unknown := set(changes) - set(PROJECT_EDITABLE_FIELDS):
        raise ValueError(f"project_update cannot change {sorted(unknown)}")
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        entry = audited_update(project, changes=changes, by=by, event="project.updated")
        if entry is not None:
            project_milestones_ensure(project=project)
            live_announce(entry, project)
    return project


def project_event_record(
    *, project: Project, event: MilestoneEvent | str, by, on: dt.date | None = None
) -> list[Milestone]:
    """An event recorded by hand (on the project page or through the API), for what
    happened outside the system: start the milestones it starts, finish those it ends.
    Only the project's staff may."""
    on = day_or_today(on)
    day_not_future(on)
    if not staff_on_project(project, by):
        raise PermissionDenied(ProjectError.NOT_STAFF.label)
    if event in ITEM_EVENTS:  # the item's own services record these, with the item
        raise ValidationError(MilestoneError.ITEM_EVENT_BY_HAND.label, code=MilestoneError.ITEM_EVENT_BY_HAND)
    return milestones_follow_work(project=project, event=event, by=by, on=on, checked=False)


def _triggered(project: Project, event: str, approval_item=None):
    triggers = MilestoneTrigger.objects.filter(event=event)
    triggers = triggers.filter(approval_item=approval_item) if event in ITEM_EVENTS else triggers
    return (
        project.milestones.select_related("definition", "project")
        .filter(
            Q(definition__triggers__in=triggers.filter(move=MilestoneMove.START), state=MilestoneState.PENDING)
            | Q(definition__triggers__in=triggers.filter(move=MilestoneMove.FINISH), state__in=MILESTONE_OPEN_STATES)
        )
        .distinct()
        .order_by("definition__order", "pk")
    )


def milestones_follow_work(
    *, project: Project, event: MilestoneEvent | str, by, on: dt.date, approval_item=None, checked: bool = True
) -> list[Milestone]:
    """The work recorded ``event`` (for ``approval_item``, when it is an item event):
    every milestone a trigger ties to it starts (if not started) or finishes (if open),
    in the caller's transaction, each move audited. ``checked``: the caller's own
    service has already checked who may record the work (an item's agent may move the
    milestones of the project the case carries)."""
    changed = []
    with transaction.atomic():
        for milestone in _triggered(project, event, approval_item):
            if milestone.state == MilestoneState.PENDING:
                changed.append(milestone_start(milestone=milestone, on=on, by=by, checked=checked))
            else:
                changed.append(milestone_finish(milestone=milestone, on=on, by=by, checked=checked))
    return changed


def _moved_by_work(project: Project, events, approval_item=None):
    triggers = MilestoneTrigger.objects.filter(event__in=events)
    if approval_item is not None:
        triggers = triggers.filter(approval_item=approval_item)
    return (
        project.milestones.select_related("definition", "project").filter(definition__triggers__in=triggers).distinct()
    )


def milestones_pause_with_work(
    *,
    project: Project,
    events,
    source: str,
    cause: PauseCause | str,
    reason: str,
    by,
    on: dt.date,
    approval_item=None,
) -> list[Milestone]:
    """The work that moves a milestone (the events its triggers name, for
    ``approval_item``) was returned or stopped: every such milestone that is running
    stops too, with the same cause and reason, its pause marked as the work's
    (``source``) so the work's resumption resumes it."""
    # The reason quotes the work's own (as long as the field allows): cut it to fit.
    limit = MilestonePause._meta.get_field("reason").max_length
    reason = reason if len(reason) <= limit else reason[: limit - 1] + "…"
    paused = []
    for milestone in _moved_by_work(project, events, approval_item).filter(state=MilestoneState.RUNNING):
        paused.append(
            milestone_pause(milestone=milestone, cause=cause, reason=reason, by=by, on=on, source=source, checked=True)
        )
    return paused


def milestones_resume_with_work(*, project: Project, source: str, by, on: dt.date) -> list[Milestone]:
    """The work that paused milestones (``source``) goes on: they run again."""
    resumed = []
    paused = project.milestones.select_related("definition", "project").filter(
        state=MilestoneState.PAUSED, pauses__resumed_on__isnull=True, pauses__source=source
    )
    for milestone in paused:
        resumed.append(milestone_resume(milestone=milestone, by=by, on=on, checked=True))
    return resumed


def _user(by, checked: bool):
    """Whose permission a move checks: none when the caller's service has checked it
    (the work moves the milestone), the person's otherwise."""
    return None if checked else by


def _not_before_last_step(milestone: Milestone, on: dt.date) -> None:
    day_not_before(on, audit_last_day(milestone))


def milestone_start(*, milestone: Milestone, by, on: dt.date | None = None, checked: bool = False) -> Milestone:
    on = day_or_today(on)
    day_not_future(on)
    with transaction.atomic():
        before = _snapshot(milestone)
        transition_apply(milestone, "start", user=_user(by, checked))
        clock_start(milestone, on=on)
        transition_save(milestone)
        entry = _audit_milestone(milestone, before, actor=by, event="milestone.started", on=on)
        deadlines_sync(milestone)
        event_notify(entry, milestone)
        live_announce(entry, milestone)
    return milestone


def milestone_pause(
    *,
    milestone: Milestone,
    cause: PauseCause | str,
    reason: str,
    by,
    on: dt.date | None = None,
    source: str = "",
    checked: bool = False,
) -> Milestone:
    """Stop the clock (补正, expert review, …): the working days until it resumes
    extend the deadline, except the government's own (``PauseCause.GOVERNMENT``).
    ``source``: the work that stopped it, which resumes it (``milestones_resume_with_work``)."""
    on = day_or_today(on)
    day_not_future(on)
    if not reason.strip():
        raise ValidationError(MilestoneError.PAUSE_REASON_REQUIRED.label, code=MilestoneError.PAUSE_REASON_REQUIRED)
    if milestone.started_on and on < milestone.started_on:
        raise ValidationError(MilestoneError.DATE_BEFORE_START.label, code=MilestoneError.DATE_BEFORE_START)
    with transaction.atomic():
        before = _snapshot(milestone)
        transition_apply(milestone, "pause", user=_user(by, checked))
        transition_lock(milestone, before["state"])
        _not_before_last_step(milestone, on)
        clock_stop(milestone, cause=cause, reason=reason, on=on, by=by, source=source)
        transition_save(milestone)
        entry = _audit_milestone(milestone, before, actor=by, event="milestone.paused", reason=reason, on=on)
        deadlines_sync(milestone)
        event_notify(entry, milestone)
        live_announce(entry, milestone)
    return milestone


def milestone_resume(*, milestone: Milestone, by, on: dt.date | None = None, checked: bool = False) -> Milestone:
    on = day_or_today(on)
    day_not_future(on)
    with transaction.atomic():
        before = _snapshot(milestone)
        # Check the transition first, so an illegal resume says what is allowed.
        transition_apply(milestone, "resume", user=_user(by, checked))
        transition_lock(milestone, before["state"])
        _not_before_last_step(milestone, on)
        clock_restart(milestone, on=on, by=by)
        transition_save(milestone)
        entry = _audit_milestone(milestone, before, actor=by, event="milestone.resumed", on=on)
        deadlines_sync(milestone)
        event_notify(entry, milestone)
        live_announce(entry, milestone)
    return milestone


def milestone_finish(*, milestone: Milestone, by, on: dt.date | None = None, checked: bool = False) -> Milestone:
    on = day_or_today(on)
    day_not_future(on)
    if milestone.started_on and on < milestone.started_on:
        raise ValidationError(MilestoneError.DATE_BEFORE_START.label, code=MilestoneError.DATE_BEFORE_START)
    with transaction.atomic():
        before = _snapshot(milestone)
        transition_lock(milestone, before["state"])
        _not_before_last_step(milestone, on)
        if milestone.state == MilestoneState.PAUSED:  # the pause ends at the finish
            clock_restart(milestone, on=on, by=by)
        transition_apply(milestone, "finish", user=_user(by, checked), on=on)
        transition_save(milestone)
        entry = _audit_milestone(milestone, before, actor=by, event="milestone.finished", on=on)
        deadlines_sync(milestone)
        event_notify(entry, milestone)
        live_announce(entry, milestone)
    return milestone


def milestone_target_days(code: str, default: int) -> int:
    """The target of the milestone definition ``code`` (administrators may change it)."""
    definition = MilestoneDefinition.objects.filter(code=code).first()
    return definition.target_working_days if definition else default


def milestones_recompute(*, years: Iterable[int] | None, chunk: int = 1000) -> int:
    """Recompute deadlines after the calendar changed for ``years`` (None: only the
    provisional ones): open milestones, and finished ones whose deadline was still
    provisional, whose on-time/late outcome is judged again. Returns how many changed."""
    open_ = Milestone.objects.filter(
        Q(state__in=MILESTONE_OPEN_STATES) | Q(state=MilestoneState.COMPLETED, due_provisional=True),
        started_on__isnull=False,
    )
    scope, reason = calendar_change_scope(years)
    candidates = open_.filter(scope)
    changed = 0
    ids = list(candidates.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), chunk):
        with transaction.atomic():
            batch = list(
                Milestone.objects.select_for_update(of=("self",))
                .select_related("project__agent", "definition")
                .filter(pk__in=ids[start : start + chunk])
            )
            updated = []
            for milestone in batch:
                before = _snapshot(milestone)
                milestone.compute_due()
                if milestone.state == MilestoneState.COMPLETED:
                    milestone.judge_outcome()
                if _snapshot(milestone) != before:
                    updated.append(milestone)
                    entry = _audit_milestone(
                        milestone, before, actor=None, event="milestone.deadline_recomputed", reason=reason
                    )
                    live_announce(entry, milestone)
            Milestone.objects.bulk_update(updated, ["due_date", "due_provisional", "outcome"])
            deadlines_refresh(batch)  # due dates, and warning days the new holidays moved
            changed += len(updated)
    return changed
