"""Writes for projects and their milestones. Views, admin, tasks and commands call
these; each one saves, audits and (later) enqueues notifications in one transaction."""

import datetime as dt
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.dispatch import receiver
from django.utils import timezone

from agents.models import ProxyAgent
from crm.audit import audit_changes, audit_record, audited_set, audited_update
from crm.fsm import transition_apply, transition_audited, transition_lock, transition_save
from crm.roles import Role, has_role
from crm.signals import working_calendar_changed
from crm.supervision import deadlines_refresh
from crm.workdays import workdays_add, workdays_between
from projects.errors import CaseError, ItemError, MilestoneError, ProjectError
from projects.events import MilestoneEvent
from projects.handover.errors import HandoverError
from projects.handover.selectors import projects_linkable
from projects.models import (
    ApprovalItem,
    CaseContact,
    CaseState,
    ContactChannel,
    DeliveryMethod,
    Enterprise,
    EnterpriseContact,
    EnterpriseMaterial,
    ItemState,
    Milestone,
    MilestoneDefinition,
    MilestonePause,
    MilestoneState,
    PauseCause,
    Project,
    ProjectCodeChange,
    ProjectItem,
    ProxyAuthorisation,
    ProxyCase,
    ServiceCommitment,
    staff_on_case,
    staff_on_project,
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


def _audit_milestone(
    milestone: Milestone, before: dict, *, actor, event: str, reason: str = "", on: dt.date | None = None
) -> None:
    old, new = audit_changes(before, _snapshot(milestone))
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


# --- a project's milestone following a clock inside it ----------------------------------------


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


# --- calendar changes --------------------------------------------------------------------


def milestones_recompute(*, years: Iterable[int] | None, chunk: int = 1000) -> int:
    """Recompute deadlines after the calendar changed for ``years`` (None: only the
    provisional ones): open milestones, and finished ones whose deadline was still
    provisional, whose on-time/late outcome is judged again. Returns how many changed."""
    open_ = Milestone.objects.filter(
        Q(state__in=OPEN_STATES) | Q(state=MilestoneState.COMPLETED, due_provisional=True), started_on__isnull=False
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
    from projects.models.clock import DeadlineClock

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


# --- proxy cases (代办制) ------------------------------------------------------------------


def enterprise_register(*, name: str, zone, industry: str, by, credit_code: str = "", agent: ProxyAgent | None = None) -> Enterprise:
    """Record an enterprise met for the first time (with its credit code, or none
    while it is still being set up); its first-contact agent becomes its agent."""
    enterprise = Enterprise(name=name.strip(), credit_code=credit_code or None, zone=zone, industry=industry, assigned_agent=agent)
    enterprise.full_clean()
    with transaction.atomic():
        enterprise.save()
        audit_record(subject=enterprise, actor=by, event="enterprise.registered",
                     after={"name": enterprise.name, "credit_code": enterprise.credit_code})
    return enterprise


ENTERPRISE_EDITABLE_FIELDS = (
    "name", "credit_code", "legal_representative", "registered_address", "zone", "industry", "registered_capital",
    "assigned_agent", "responsible_leader",
)


def enterprise_update(*, enterprise: Enterprise, changes: dict, by) -> Enterprise:
    """Correct an enterprise's particulars (``changes``: field name → new value),
    audited with what they were before."""
    if unknown := set(changes) - set(ENTERPRISE_EDITABLE_FIELDS):
        raise ValueError(f"enterprise_update cannot change {sorted(unknown)}")
    with transaction.atomic():
        enterprise = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
        audited_update(enterprise, changes=changes, by=by, event="enterprise.updated")
    return enterprise


ENTERPRISE_CONTACT_FIELDS = ("name", "position", "phone", "email", "is_primary", "user")


def _contact_values(contact: EnterpriseContact | None) -> dict[str, str]:
    if contact is None:
        return {}
    return {name: str(getattr(contact, "user_id" if name == "user" else name) or "") for name in ENTERPRISE_CONTACT_FIELDS}


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
            audit_record(
                subject=contact.enterprise,
                actor=by,
                event="enterprise.contact_changed" if stored else "enterprise.contact_added",
                before=before,
                after=after,
                reason=contact.name,
            )
    return contact


def enterprise_contact_remove(*, contact: EnterpriseContact, by) -> None:
    """Remove a contact: its account no longer signs in for the enterprise (audited)."""
    with transaction.atomic():
        audit_record(
            subject=contact.enterprise,
            actor=by,
            event="enterprise.contact_removed",
            before={"name": contact.name, "user": str(contact.user_id or "")},
            reason=contact.name,
        )
        contact.delete()


def _require_staff(case: ProxyCase, by) -> None:
    if not staff_on_case(case, by):
        raise PermissionDenied(CaseError.NOT_ALLOWED.label)


def _required(value: str, error) -> str:
    if not (value or "").strip():
        raise ValidationError(error.label, code=error.value)
    return value.strip()


def case_open(
    *,
    enterprise: Enterprise,
    agent: ProxyAgent,
    channel: ContactChannel | str,
    summary: str,
    by,
    on: dt.date | None = None,
) -> ProxyCase:
    """A first contact (首问): the agent who took it owns the new case."""
    on = on or timezone.localdate()
    _refuse_future(on)
    summary = _required(summary, CaseError.SUMMARY_REQUIRED)
    if not agent.is_active:
        raise ValidationError(CaseError.AGENT_INACTIVE.label, code=CaseError.AGENT_INACTIVE.value)
    with transaction.atomic():
        case = ProxyCase(
            number=f"DB-{uuid.uuid4().hex[:12]}",  # replaced below, once the row has its id
            enterprise=enterprise,
            agent=agent,
            first_contact_channel=channel,
            first_contact_on=on,
            summary=summary,
        )
        _require_staff(case, by)
        case.save()
        case.number = f"DB{on:%Y}{case.pk:06d}"
        case.save(update_fields=["number"])
        CaseContact.objects.create(case=case, channel=channel, on=on, summary=summary, recorded_by=by)
        audit_record(
            subject=case,
            actor=by,
            event="case.opened",
            on=on,
            after={"number": case.number, "agent": str(agent), "first_contact_channel": channel, "summary": summary},
        )
    return case


def case_contact_record(
    *, case: ProxyCase, channel: ContactChannel | str, summary: str, by, on: dt.date | None = None
) -> CaseContact:
    """An offline or online step with the enterprise, so the timeline is complete."""
    on = on or timezone.localdate()
    _refuse_future(on)
    _require_staff(case, by)
    summary = _required(summary, CaseError.SUMMARY_REQUIRED)
    with transaction.atomic():
        contact = CaseContact.objects.create(case=case, channel=channel, on=on, summary=summary, recorded_by=by)
        audit_record(
            subject=case, actor=by, event="case.contact", on=on, after={"channel": channel, "summary": summary}
        )
    return contact


def case_reassign(*, case: ProxyCase, to: ProxyAgent, reason: str, by) -> ProxyCase:
    """Hand a case over (only a supervisor of the centre, with a reason)."""
    if not (
        has_role(by, Role.ADMINISTRATOR)
        or (
            has_role(by, Role.SUPERVISOR)
            and getattr(getattr(by, "agent_profile", None), "centre_id", None) == case.agent.centre_id
        )
    ):
        raise PermissionDenied(CaseError.REASSIGN_SUPERVISOR_ONLY.label)
    reason = _required(reason, CaseError.REASSIGN_REASON_REQUIRED)
    if to.pk == case.agent_id:
        raise ValidationError(CaseError.REASSIGN_SAME_AGENT.label, code=CaseError.REASSIGN_SAME_AGENT.value)
    if not to.is_active:
        raise ValidationError(CaseError.AGENT_INACTIVE.label, code=CaseError.AGENT_INACTIVE.value)
    if to.centre_id != case.agent.centre_id and not has_role(by, Role.ADMINISTRATOR):
        raise ValidationError(CaseError.AGENT_OTHER_CENTRE.label, code=CaseError.AGENT_OTHER_CENTRE.value)
    with transaction.atomic():
        locked = ProxyCase.objects.select_for_update().select_related("agent__user").get(pk=case.pk)
        audited_set(locked, "agent", to, by=by, event="case.reassigned", reason=reason)
    case.agent = to
    return case


def case_project_link(*, case: ProxyCase, project: Project, by) -> ProxyCase:
    """Link the case to one of its enterprise's projects that the case's agent may
    take on directly (``projects_linkable``); any other needs a hand-over request."""
    _require_staff(case, by)
    if project.enterprise_id != case.enterprise_id:
        raise ValidationError(CaseError.PROJECT_OTHER_ENTERPRISE.label, code=CaseError.PROJECT_OTHER_ENTERPRISE.value)
    with transaction.atomic():
        # Locked, so two agents linking it at once, or a hand-over accepted meanwhile,
        # cannot both pass the check below.
        Project.objects.select_for_update().get(pk=project.pk)
        if not projects_linkable(case).filter(pk=project.pk).exists():
            # Another agent's open case or another centre is responsible: only its
            # supervisor can hand the project over (projects.handover).
            raise ValidationError(HandoverError.NEEDS_HANDOVER.label, code=HandoverError.NEEDS_HANDOVER.value)
        case_project_set(case=case, project=project, by=by)
    return case


def case_project_set(*, case: ProxyCase, project: Project, by, reason: str = "") -> None:
    """Record that the case now carries ``project`` (audited). The callers decide
    whether it may: a direct link, or an accepted hand-over."""
    audited_set(case, "project", project, by=by, event="case.project_linked", reason=reason, shown=lambda p: p.code)


def case_items_choose(
    *, case: ProxyCase, approval_items: Iterable[ApprovalItem], by, by_commitment: Iterable[int] = ()
) -> list[ProjectItem]:
    """Add the items the project needs (singly or a whole bundle); ones already in
    the case are kept as they are."""
    _require_staff(case, by)
    by_commitment = set(by_commitment)
    have = set(case.items.values_list("approval_item_id", flat=True))
    created = []
    with transaction.atomic():
        for approval_item in approval_items:
            if approval_item.pk in have:
                continue
            if not approval_item.is_active:
                raise ValidationError(CaseError.ITEM_INACTIVE.label, code=CaseError.ITEM_INACTIVE.value)
            item = ProjectItem(
                case=case,
                approval_item=approval_item,
                committed_days=approval_item.committed_days,
                by_commitment=approval_item.pk in by_commitment,
            )
            item.full_clean(exclude=["case"])
            item.save()
            have.add(approval_item.pk)
            created.append(item)
            audit_record(subject=item, actor=by, event="item.chosen", after={"approval_item": approval_item.name})
    return created


def case_authorise(*, case: ProxyCase, signed_on: dt.date, signatory: str, scope: str, by, document=None) -> ProxyCase:
    """Record the signed proxy authorisation (代办委托书); submissions need it."""
    _refuse_future(signed_on)
    if document:
        ProxyAuthorisation._meta.get_field("document").run_validators(document)
    with transaction.atomic():
        transition_apply(case, "authorise", user=by)
        transition_save(case)
        ProxyAuthorisation.objects.create(
            case=case,
            signed_on=signed_on,
            signatory=_required(signatory, CaseError.SIGNATORY_REQUIRED),
            scope=scope,
            document=document or "",
            recorded_by=by,
        )
        audit_record(
            subject=case,
            actor=by,
            event="case.authorised",
            on=signed_on,
            before={"state": CaseState.INTAKE},
            after={"state": case.state, "signatory": signatory},
        )
    return case


def case_commitment_record(
    *, case: ProxyCase, content: str, working_days: int, by, on: dt.date | None = None
) -> ServiceCommitment:
    """A service commitment: what will be done within how many working days."""
    on = on or timezone.localdate()
    _refuse_future(on)
    _require_staff(case, by)
    due = workdays_add(on, working_days)
    with transaction.atomic():
        commitment = ServiceCommitment.objects.create(
            case=case,
            content=_required(content, CaseError.COMMITMENT_REQUIRED),
            committed_on=on,
            working_days=working_days,
            due_date=due.date,
            due_provisional=due.provisional,
            recorded_by=by,
        )
        audit_record(
            subject=case,
            actor=by,
            event="case.committed",
            on=on,
            after={"content": content, "due_date": due.date, "due_provisional": due.provisional},
        )
    return commitment


def case_close(*, case: ProxyCase, by, on: dt.date | None = None) -> ProxyCase:
    on = on or timezone.localdate()
    _refuse_future(on)
    last_delivery = case.items.aggregate(last=Max("delivered_on"))["last"]
    if last_delivery and on < last_delivery:
        raise ValidationError(CaseError.CLOSE_BEFORE_DELIVERY.label, code=CaseError.CLOSE_BEFORE_DELIVERY.value)
    open_items = [
        str(i.approval_item) for i in case.items.select_related("approval_item").exclude(state=ItemState.DELIVERED)
    ]
    if open_items:
        raise ValidationError(
            CaseError.OPEN_ITEMS.label, code=CaseError.OPEN_ITEMS.value, params={"items": "、".join(open_items)}
        )
    with transaction.atomic():
        before = case.state
        transition_apply(case, "close", user=by, on=on)
        transition_save(case)
        audit_record(
            subject=case, actor=by, event="case.closed", on=on, before={"state": before}, after={"state": case.state}
        )
    return case


# --- project items (办件) ------------------------------------------------------------------


def _item_snapshot(item: ProjectItem) -> dict:
    return {
        "state": item.state,
        "started_on": item.started_on,
        "due_date": item.due_date,
        "due_provisional": item.due_provisional,
        "paused_working_days": item.paused_working_days,
        "acceptance_no": item.acceptance_no,
        "decision_no": item.decision_no,
        "verification_due": item.verification_due,
        "verified_on": item.verified_on,
        "delivery_method": item.delivery_method,
        "tracking_no": item.tracking_no,
        "trips": item.trips,
    }


def _item_move(
    item: ProjectItem, name: str, *, by, event: str, on: dt.date, reason: str = "", args: dict | None = None, then=None
) -> ProjectItem:
    _refuse_future(on)
    return transition_audited(
        item, name, by=by, event=event, snapshot=_item_snapshot, on=on, reason=reason, args=args, then=then
    )


def _today(on: dt.date | None) -> dt.date:
    return on or timezone.localdate()


def item_request_correction(*, item: ProjectItem, reason: str, by, on: dt.date | None = None) -> ProjectItem:
    """Pre-review found a problem: the enterprise corrects, on its own time (recorded
    as a pause before acceptance, which no department deadline counts)."""
    on, reason = _today(on), _required(reason, ItemError.REASON_REQUIRED)

    return _item_move(
        item,
        "request_correction",
        by=by,
        event="item.correction_requested",
        on=on,
        reason=reason,
        args={"on": on},
        then=lambda: _clock_stop(
            item, cause=PauseCause.CORRECTION, reason=reason, on=on, by=by, before_acceptance=True
        ),
    )


def item_corrected(*, item: ProjectItem, by, on: dt.date | None = None) -> ProjectItem:
    on = _today(on)
    return _item_move(
        item,
        "corrected",
        by=by,
        event="item.corrected",
        on=on,
        args={"on": on},
        then=lambda: _close_open_pause(item, on=on, by=by),
    )


def item_pass_prereview(*, item: ProjectItem, by, on: dt.date | None = None) -> ProjectItem:
    """Pre-review passed: the materials the item needs are now held for the
    enterprise (材料库), so no later item asks for them again."""
    on = _today(on)
    return _item_move(item, "pass_prereview", by=by, event="item.prereview_passed", on=on,
                      then=lambda: _materials_keep(item, on=on, by=by))


def _materials_keep(item: ProjectItem, *, on: dt.date, by) -> None:
    enterprise = item.case.enterprise
    held = set(EnterpriseMaterial.objects.on_file(on=on).filter(enterprise=enterprise).values_list("material_id", flat=True))
    new = [
        EnterpriseMaterial(
            enterprise=enterprise, material=requirement.material, received_on=on, recorded_by=by,
            note=f"{item.case.number} 预审通过时收取（{item.approval_item.name}）"[:200],
        )
        for requirement in item.approval_item.requirements.select_related("material")
        if requirement.material.reusable and requirement.material_id not in held
    ]
    if new:
        EnterpriseMaterial.objects.bulk_create(new)
        audit_record(subject=enterprise, actor=by, event="material.recorded", on=on,
                     after={"materials": [m.material.name for m in new], "case": item.case.number})


def item_submit(*, item: ProjectItem, by, on: dt.date | None = None) -> ProjectItem:
    """Submit to the department's window on the enterprise's behalf (needs the
    signed authorisation)."""
    on = _today(on)
    _require_staff(item.case, by)
    if item.state == ItemState.READY and item.case.state != CaseState.AUTHORISED:
        raise ValidationError(ItemError.NOT_AUTHORISED.label, code=ItemError.NOT_AUTHORISED.value)
    return _item_move(item, "submit", by=by, event="item.submitted", on=on, args={"on": on})


def item_accept(*, item: ProjectItem, acceptance_no: str, by, on: dt.date | None = None) -> ProjectItem:
    """The department accepted the application: its committed time limit starts."""
    on = _today(on)
    acceptance_no = _required(acceptance_no, ItemError.ACCEPTANCE_NO_REQUIRED)
    return _item_move(
        item, "accept", by=by, event="item.accepted", on=on, args={"on": on, "acceptance_no": acceptance_no}
    )


def item_start_review(*, item: ProjectItem, by, on: dt.date | None = None) -> ProjectItem:
    return _item_move(item, "start_review", by=by, event="item.review_started", on=_today(on))


def item_return(*, item: ProjectItem, reason: str, by, on: dt.date | None = None) -> ProjectItem:
    """The department returned the application for correction: its clock stops."""
    on, reason = _today(on), _required(reason, ItemError.REASON_REQUIRED)

    return _item_move(
        item,
        "return_for_correction",
        by=by,
        event="item.returned",
        on=on,
        reason=reason,
        args={"on": on},
        then=lambda: _clock_stop(item, cause=PauseCause.CORRECTION, reason=reason, on=on, by=by),
    )


def item_resubmit(*, item: ProjectItem, by, on: dt.date | None = None) -> ProjectItem:
    """Corrected and handed back: the clock resumes, the deadline moves by the
    working days it stood still."""
    on = _today(on)
    return _item_move(
        item, "resubmit", by=by, event="item.resubmitted", on=on, args={"on": on, "paused_days": 0},
        then=lambda: _clock_restart(item, on=on, by=by),
    )


def item_approve(*, item: ProjectItem, decision_no: str, by, on: dt.date | None = None, note: str = "") -> ProjectItem:
    """Approved. An item approved on the applicant's written commitment (告知承诺制)
    gets a verification deadline."""
    on = _today(on)
    decision_no = _required(decision_no, ItemError.DECISION_NO_REQUIRED)

    def verification():
        if item.by_commitment:
            item.verification_due = workdays_add(on, settings.COMMITMENT_VERIFICATION_WORKING_DAYS).date

    return _item_move(
        item,
        "approve",
        by=by,
        event="item.approved",
        on=on,
        args={"on": on, "decision_no": decision_no, "note": note},
        then=verification,
    )


def item_reject(*, item: ProjectItem, decision_no: str, note: str, by, on: dt.date | None = None) -> ProjectItem:
    on = _today(on)
    decision_no = _required(decision_no, ItemError.DECISION_NO_REQUIRED)
    note = _required(note, ItemError.REASON_REQUIRED)
    return _item_move(
        item,
        "reject",
        by=by,
        event="item.rejected",
        on=on,
        reason=note,
        args={"on": on, "decision_no": decision_no, "note": note},
    )


def item_deliver(
    *,
    item: ProjectItem,
    method: DeliveryMethod | str,
    trips: int,
    by,
    on: dt.date | None = None,
    carrier: str = "",
    tracking_no: str = "",
) -> ProjectItem:
    """Results reach the enterprise without a visit where possible (不见面送达)."""
    on = _today(on)
    if method not in DeliveryMethod.values:
        raise ValidationError(ItemError.METHOD_REQUIRED.label, code=ItemError.METHOD_REQUIRED.value)
    if trips not in (0, 1):
        raise ValidationError(ItemError.TRIPS_RANGE.label, code=ItemError.TRIPS_RANGE.value)
    if method == DeliveryMethod.EXPRESS and not (carrier.strip() and tracking_no.strip()):
        raise ValidationError(ItemError.TRACKING_REQUIRED.label, code=ItemError.TRACKING_REQUIRED.value)
    return _item_move(
        item,
        "deliver",
        by=by,
        event="item.delivered",
        on=on,
        args={
            "on": on,
            "delivery": method,
            "trips": trips,
            "carrier": carrier.strip(),
            "tracking_no": tracking_no.strip(),
        },
    )


def item_verify(*, item: ProjectItem, by, on: dt.date | None = None, note: str = "") -> ProjectItem:
    """The later check of an item approved on commitment (告知承诺制核查)."""
    on = _today(on)
    _refuse_future(on)
    _require_staff(item.case, by)
    if not item.by_commitment or item.state not in (ItemState.APPROVED, ItemState.DELIVERED):
        raise ValidationError(ItemError.NOT_BY_COMMITMENT.label, code=ItemError.NOT_BY_COMMITMENT.value)
    if item.verified_on:
        raise ValidationError(ItemError.ALREADY_VERIFIED.label, code=ItemError.ALREADY_VERIFIED.value)
    with transaction.atomic():
        locked = ProjectItem.objects.select_for_update().get(pk=item.pk)
        if locked.verified_on:
            raise ValidationError(ItemError.ALREADY_VERIFIED.label, code=ItemError.ALREADY_VERIFIED.value)
        item.verified_on = on
        item.save(update_fields=["verified_on"])
        audit_record(
            subject=item,
            actor=by,
            event="item.verified",
            on=on,
            before={"verified_on": None},
            after={"verified_on": on},
            reason=note,
        )
    return item


# One table of what each item action needs, for every caller that offers actions by
# name (the case page's forms, the API): the service and the fields it takes.
ITEM_ACTIONS: dict[str, tuple] = {
    "request_correction": (item_request_correction, ("reason",)),
    "corrected": (item_corrected, ()),
    "pass_prereview": (item_pass_prereview, ()),
    "submit": (item_submit, ()),
    "accept": (item_accept, ("acceptance_no",)),
    "start_review": (item_start_review, ()),
    "return_for_correction": (item_return, ("reason",)),
    "resubmit": (item_resubmit, ()),
    "approve": (item_approve, ("decision_no", "note")),
    "reject": (item_reject, ("decision_no", "note")),
    "deliver": (item_deliver, ("method", "trips", "carrier", "tracking_no")),
    "verify": (item_verify, ("note",)),
}


def item_action_perform(*, item: ProjectItem, action: str, by, on: dt.date | None = None, **fields) -> ProjectItem:
    """Run the item action named ``action`` (a transition name) with the fields it takes."""
    if action not in ITEM_ACTIONS:
        raise ValidationError(ItemError.UNKNOWN_ACTION.label, code=ItemError.UNKNOWN_ACTION.value)
    service, names = ITEM_ACTIONS[action]
    return service(item=item, by=by, on=on, **{name: fields.get(name) or "" for name in names if name != "trips"},
                   **({"trips": fields.get("trips")} if "trips" in names else {}))
