"""Writes for projects and their milestones. Views, admin, tasks and commands call
these; each one saves, audits and (later) enqueues notifications in one transaction."""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.dispatch import receiver
from django.utils import timezone

from crm.audit import audit_record
from crm.fsm import transition_apply, transition_save
from crm.signals import working_calendar_changed
from crm.workdays import workdays_between
from projects.errors import MilestoneError, ProjectError
from projects.events import MilestoneEvent
from projects.models import (
    Milestone,
    MilestoneDefinition,
    MilestonePause,
    MilestoneState,
    PauseCause,
    Project,
    ProjectCodeChange,
)

OPEN_STATES = (MilestoneState.RUNNING, MilestoneState.PAUSED)


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


def _changes(before: dict, after: dict) -> tuple[dict, dict]:
    keys = [k for k in after if before.get(k) != after[k]]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def _audit_milestone(
    milestone: Milestone, before: dict, *, actor, event: str, reason: str = "", on: dt.date | None = None
) -> None:
    old, new = _changes(before, _snapshot(milestone))
    audit_record(subject=milestone, actor=actor, event=event, before=old, after=new, reason=reason, on=on)


def _refuse_future(on: dt.date) -> None:
    if on > timezone.localdate():
        raise ValidationError(MilestoneError.DATE_IN_FUTURE.label, code=MilestoneError.DATE_IN_FUTURE)


# --- projects --------------------------------------------------------------------------


def project_milestones_ensure(*, project: Project) -> list[Milestone]:
    """Give the project every active milestone that applies to its type (idempotent)."""
    have = set(project.milestones.values_list("definition_id", flat=True))
    created = [
        Milestone(project=project, definition=definition, target_working_days=definition.target_working_days)
        for definition in MilestoneDefinition.objects.filter(is_active=True)
        if definition.applies_to(project) and definition.pk not in have
    ]
    Milestone.objects.bulk_create(created)
    return created


def project_create(*, project: Project, by) -> Project:
    """Register a new project (validated) with its milestones."""
    project.full_clean()
    with transaction.atomic():
        project.save()
        project_milestones_ensure(project=project)
        audit_record(subject=project, actor=by, event="project.created", after={"code": project.code, "name": project.name})
    return project


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
        ProjectCodeChange.objects.create(project=project, old_code=old_code, new_code=new_code, changed_by=by, reason=reason)
        audit_record(
            subject=project, actor=by, event="project.code_changed", before={"code": old_code}, after={"code": new_code}, reason=reason
        )
    return project


def project_event_record(*, project: Project, event: MilestoneEvent | str, by, on: dt.date | None = None) -> list[Milestone]:
    """An event happened: start the milestones it starts, finish those it ends."""
    on = on or timezone.localdate()
    _refuse_future(on)
    changed = []
    with transaction.atomic():
        milestones = project.milestones.select_related("definition").filter(
            Q(definition__start_event=event, state=MilestoneState.PENDING)
            | Q(definition__end_event=event, state__in=OPEN_STATES)
        )
        for milestone in milestones:
            if milestone.state == MilestoneState.PENDING:
                changed.append(milestone_start(milestone=milestone, on=on, by=by))
            else:
                changed.append(milestone_finish(milestone=milestone, on=on, by=by))
    return changed


# --- milestones ------------------------------------------------------------------------


def milestone_start(*, milestone: Milestone, by, on: dt.date | None = None) -> Milestone:
    on = on or timezone.localdate()
    _refuse_future(on)
    with transaction.atomic():
        before = _snapshot(milestone)
        transition_apply(milestone, "start", on=on)
        transition_save(milestone)
        _audit_milestone(milestone, before, actor=by, event="milestone.started", on=on)
    return milestone


def milestone_pause(
    *, milestone: Milestone, cause: PauseCause | str, reason: str, by, on: dt.date | None = None
) -> Milestone:
    """Stop the clock (补正, expert review, …): the working days until it resumes
    extend the deadline."""
    on = on or timezone.localdate()
    _refuse_future(on)
    if not reason.strip():
        raise ValidationError(MilestoneError.PAUSE_REASON_REQUIRED.label, code=MilestoneError.PAUSE_REASON_REQUIRED)
    if milestone.started_on and on < milestone.started_on:
        raise ValidationError(MilestoneError.DATE_BEFORE_START.label, code=MilestoneError.DATE_BEFORE_START)
    with transaction.atomic():
        before = _snapshot(milestone)
        transition_apply(milestone, "pause", on=on)
        transition_save(milestone)
        MilestonePause.objects.create(milestone=milestone, cause=cause, reason=reason, paused_on=on, paused_by=by)
        _audit_milestone(milestone, before, actor=by, event="milestone.paused", reason=reason, on=on)
    return milestone


def _close_open_pause(milestone: Milestone, *, on: dt.date, by) -> int:
    pause = milestone.pauses.select_for_update().get(resumed_on__isnull=True)
    if on < pause.paused_on:
        raise ValidationError(MilestoneError.DATE_BEFORE_PAUSE.label, code=MilestoneError.DATE_BEFORE_PAUSE)
    pause.working_days = workdays_between(pause.paused_on, on).days
    pause.resumed_on, pause.resumed_by = on, by
    pause.save(update_fields=["working_days", "resumed_on", "resumed_by"])
    return pause.working_days


def milestone_resume(*, milestone: Milestone, by, on: dt.date | None = None) -> Milestone:
    on = on or timezone.localdate()
    _refuse_future(on)
    with transaction.atomic():
        before = _snapshot(milestone)
        # Check the transition first, so an illegal resume says what is allowed.
        transition_apply(milestone, "resume", on=on, paused_days=0)
        milestone.paused_working_days = before["paused_working_days"] + _close_open_pause(milestone, on=on, by=by)
        milestone.compute_due()
        transition_save(milestone)
        _audit_milestone(milestone, before, actor=by, event="milestone.resumed", on=on)
    return milestone


def milestone_finish(*, milestone: Milestone, by, on: dt.date | None = None) -> Milestone:
    on = on or timezone.localdate()
    _refuse_future(on)
    if milestone.started_on and on < milestone.started_on:
        raise ValidationError(MilestoneError.DATE_BEFORE_START.label, code=MilestoneError.DATE_BEFORE_START)
    with transaction.atomic():
        before = _snapshot(milestone)
        paused_days = _close_open_pause(milestone, on=on, by=by) if milestone.state == MilestoneState.PAUSED else 0
        transition_apply(milestone, "finish", on=on, paused_days=paused_days)
        transition_save(milestone)
        _audit_milestone(milestone, before, actor=by, event="milestone.finished", on=on)
    return milestone


# --- calendar changes --------------------------------------------------------------------


def milestones_recompute(*, years: Iterable[int] | None, chunk: int = 1000) -> int:
    """Recompute deadlines after the calendar changed for ``years`` (None: only the
    provisional ones): open milestones, and finished ones whose deadline was still
    provisional, whose on-time/late outcome is judged again. Returns how many changed."""
    open_ = Milestone.objects.filter(
        Q(state__in=OPEN_STATES) | Q(state=MilestoneState.COMPLETED, due_provisional=True), started_on__isnull=False
    )
    if years is None:
        candidates = open_.filter(due_provisional=True)
        reason = "节假日安排更新"
    else:
        years = sorted(set(years))
        touches = Q(started_on__lte=dt.date(years[-1], 12, 31), due_date__gte=dt.date(years[0], 1, 1))
        candidates = open_.filter(touches | Q(due_provisional=True))
        reason = "节假日安排变更（%s年）" % "、".join(map(str, years))
    changed = 0
    ids = list(candidates.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), chunk):
        with transaction.atomic():
            batch = list(Milestone.objects.select_for_update().filter(pk__in=ids[start : start + chunk]))
            updated = []
            for milestone in batch:
                before = _snapshot(milestone)
                milestone.compute_due()
                if milestone.state == MilestoneState.COMPLETED:
                    milestone.judge_outcome()
                if _snapshot(milestone) != before:
                    updated.append(milestone)
                    _audit_milestone(milestone, before, actor=None, event="milestone.deadline_recomputed", reason=reason)
            Milestone.objects.bulk_update(updated, ["due_date", "due_provisional", "outcome"])
            changed += len(updated)
    return changed


@receiver(working_calendar_changed)
def _recompute_on_calendar_change(sender, years, **kwargs) -> None:
    milestones_recompute(years=years)
