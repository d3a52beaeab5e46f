"""Investment projects and their "3550" milestones: creation, code changes, events, pauses."""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.dispatch import receiver
from django.utils import timezone

from crm.audit.services import audit_changes, audit_record, audited_update
from crm.calendar.errors import DateError
from crm.calendar.signals import working_calendar_changed
from crm.calendar.workdays import workdays_between
from crm.fsm import transition_apply, transition_lock, transition_save
from crm.supervision.services import deadlines_refresh
from projects.events import MilestoneEvent
from projects.investment.errors import MilestoneError, ProjectError
from projects.models import (
    MILESTONE_OPEN_STATES,
    Milestone,
    MilestoneDefinition,
    MilestonePause,
    MilestoneState,
    PauseCause,
    Project,
    ProjectCodeChange,
    staff_on_project,
)


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
) -> None:
    old, new = audit_changes(before, _snapshot(milestone))
    audit_record(subject=milestone, actor=actor, event=event, before=old, after=new, reason=reason, on=on)


def _refuse_future(on: dt.date) -> None:
    if on > timezone.localdate():
        raise ValidationError(DateError.DATE_IN_FUTURE.label, code=DateError.DATE_IN_FUTURE)


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
        audit_record(
            subject=project, actor=by, event="project.created", after={"code": project.code, "name": project.name}
        )
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
        ProjectCodeChange.objects.create(
            project=project, old_code=old_code, new_code=new_code, changed_by=by, reason=reason
        )
        audit_record(
            subject=project,
            actor=by,
            event="project.code_changed",
            before={"code": old_code},
            after={"code": new_code},
            reason=reason,
        )
    return project


# What an edit form (the admin) may correct; the code changes only through
# project_code_change, which keeps the old code findable.
PROJECT_EDITABLE_FIELDS = (
    "name", "enterprise", "zone", "location", "industry", "project_type", "investment_amount", "land_area",
    "floor_area", "agent",
)


def project_update(*, project: Project, changes: dict, by) -> Project:
    """Correct a project's particulars (``changes``: field name → new value), audited
    with what they were before; milestones a new type or size calls for are added."""
    if unknown := set(changes) - set(PROJECT_EDITABLE_FIELDS):
        raise ValueError(f"project_update cannot change {sorted(unknown)}")
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        if audited_update(project, changes=changes, by=by, event="project.updated"):
            project_milestones_ensure(project=project)
    return project


def project_event_record(
    *, project: Project, event: MilestoneEvent | str, by, on: dt.date | None = None
) -> list[Milestone]:
    """An event happened: start the milestones it starts, finish those it ends."""
    on = on or timezone.localdate()
    _refuse_future(on)
    if not staff_on_project(project, by):
        raise PermissionDenied(ProjectError.NOT_STAFF.label)
    changed = []
    with transaction.atomic():
        milestones = project.milestones.select_related("definition").filter(
            Q(definition__start_event=event, state=MilestoneState.PENDING)
            | Q(definition__end_event=event, state__in=MILESTONE_OPEN_STATES)
        )
        for milestone in milestones:
            if milestone.state == MilestoneState.PENDING:
                changed.append(milestone_start(milestone=milestone, on=on, by=by))
            else:
                changed.append(milestone_finish(milestone=milestone, on=on, by=by))
    return changed


def milestone_start(*, milestone: Milestone, by, on: dt.date | None = None) -> Milestone:
    on = on or timezone.localdate()
    _refuse_future(on)
    with transaction.atomic():
        before = _snapshot(milestone)
        transition_apply(milestone, "start", user=by, on=on)
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
        transition_apply(milestone, "pause", user=by, on=on)
        transition_save(milestone)
        _clock_stop(milestone, cause=cause, reason=reason, on=on, by=by)
        _audit_milestone(milestone, before, actor=by, event="milestone.paused", reason=reason, on=on)
    return milestone


def _clock_stop(clock, *, cause: PauseCause, reason: str, on: dt.date, by, **extra) -> None:
    """Record why and since when the clock stands still (its transition set ``paused_on``)."""
    clock.pauses.create(cause=cause, reason=reason, paused_on=on, paused_by=by, **extra)


def _clock_restart(clock, *, on: dt.date, by) -> None:
    """Close the clock's pause and move its deadline by the working days it stood still."""
    clock.paused_working_days += _close_open_pause(clock, on=on, by=by)
    clock.compute_due()


def _close_open_pause(clock, *, on: dt.date, by) -> int:
    """End the clock's open pause on ``on``; returns the working days it lasted."""
    pause = clock.pauses.select_for_update().get(resumed_on__isnull=True)
    if on < pause.paused_on:
        raise ValidationError(DateError.DATE_BEFORE_PAUSE.label, code=DateError.DATE_BEFORE_PAUSE)
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
        transition_apply(milestone, "resume", user=by, on=on, paused_days=0)
        transition_lock(milestone, before["state"])
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
        transition_lock(milestone, before["state"])
        paused_days = _close_open_pause(milestone, on=on, by=by) if milestone.state == MilestoneState.PAUSED else 0
        transition_apply(milestone, "finish", user=by, on=on, paused_days=paused_days)
        transition_save(milestone)
        _audit_milestone(milestone, before, actor=by, event="milestone.finished", on=on)
    return milestone


def milestone_target_days(code: str, default: int) -> int:
    """The target of the milestone definition ``code`` (administrators may change it)."""
    definition = MilestoneDefinition.objects.filter(code=code).first()
    return definition.target_working_days if definition else default


def project_milestone_pause(*, project: Project, code: str, cause: PauseCause, reason: str, by, on: dt.date) -> None:
    """A clock inside the project's milestone ``code`` stopped (a revision on the
    applicant's or an intermediary's time): the milestone stops too, if running."""
    milestone = project.milestones.filter(definition__code=code).first()
    if milestone is not None and milestone.state == MilestoneState.RUNNING:
        # The reason quotes the clock's own (as long as the field allows): cut it to fit.
        limit = MilestonePause._meta.get_field("reason").max_length
        reason = reason if len(reason) <= limit else reason[: limit - 1] + "…"
        milestone_pause(milestone=milestone, cause=cause, reason=reason, by=by, on=on)


def project_milestone_resume(*, project: Project, code: str, by, on: dt.date) -> None:
    """The clock runs again: so does the milestone, if it was paused."""
    milestone = project.milestones.filter(definition__code=code).first()
    if milestone is not None and milestone.state == MilestoneState.PAUSED:
        milestone_resume(milestone=milestone, by=by, on=on)


def milestones_recompute(*, years: Iterable[int] | None, chunk: int = 1000) -> int:
    """Recompute deadlines after the calendar changed for ``years`` (None: only the
    provisional ones): open milestones, and finished ones whose deadline was still
    provisional, whose on-time/late outcome is judged again. Returns how many changed."""
    open_ = Milestone.objects.filter(
        Q(state__in=MILESTONE_OPEN_STATES) | Q(state=MilestoneState.COMPLETED, due_provisional=True), started_on__isnull=False
    )
    scope, reason = _calendar_scope(years)
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
                    _audit_milestone(
                        milestone, before, actor=None, event="milestone.deadline_recomputed", reason=reason
                    )
            Milestone.objects.bulk_update(updated, ["due_date", "due_provisional", "outcome"])
            deadlines_refresh(batch)  # due dates, and warning days the new holidays moved
            changed += len(updated)
    return changed


def _calendar_scope(years: Iterable[int] | None) -> tuple[Q, str]:
    if years is None:
        return Q(due_provisional=True), "节假日安排更新"
    years = sorted(set(years))
    touches = Q(started_on__lte=dt.date(years[-1], 12, 31), due_date__gte=dt.date(years[0], 1, 1))
    return touches | Q(due_provisional=True), "节假日安排变更（%s年）" % "、".join(map(str, years))


def clocks_recompute(*, years: Iterable[int] | None, chunk: int = 500) -> int:
    """Every other running or paused clock (items, drawing reviews, merged
    assessments, callbacks — any ``DeadlineClock``) after a calendar change: the due
    date computed again from its start, target and paused days; audited when it
    moves; its supervision deadline refreshed. Returns how many moved."""
    scope, reason = _calendar_scope(years)
    changed = 0
    for model in _clock_models():
        ids = list(
            model._default_manager.filter(scope, started_on__isnull=False, due_date__isnull=False)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for start in range(0, len(ids), chunk):
            with transaction.atomic():
                batch = [
                    clock
                    for clock in model._default_manager.select_for_update(of=("self",)).filter(
                        pk__in=ids[start : start + chunk]
                    )
                    if clock.clock_running() or clock.clock_paused()
                ]
                for clock in batch:
                    before = {"due_date": clock.due_date, "due_provisional": clock.due_provisional}
                    clock.compute_due()
                    after = {"due_date": clock.due_date, "due_provisional": clock.due_provisional}
                    if after != before:
                        model._default_manager.filter(pk=clock.pk).update(**after)
                        audit_record(
                            subject=clock, actor=None, event=f"{model._meta.model_name}.deadline_recomputed",
                            before=before, after=after, reason=reason,
                        )
                        changed += 1
                deadlines_refresh(batch)
    return changed


def _clock_models() -> list:
    """The concrete clocks besides milestones, whichever app defines them."""
    from crm.calendar.clock import DeadlineClock

    def concrete(cls):
        for sub in cls.__subclasses__():
            if not sub._meta.abstract and not sub._meta.proxy:
                yield sub
            yield from concrete(sub)

    return [model for model in dict.fromkeys(concrete(DeadlineClock)) if model is not Milestone]


@receiver(working_calendar_changed)
def _recompute_on_calendar_change(sender, years, **kwargs) -> None:
    milestones_recompute(years=years)
    clocks_recompute(years=years)
