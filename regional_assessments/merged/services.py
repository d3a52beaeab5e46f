import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from crm.audit.models import AuditEntry
from crm.audit.services import audit_record
from crm.calendar.services import clock_restart, clock_start, clock_stop, day_not_future, day_or_today
from crm.fsm import transition_audited
from crm.supervision.services import deadlines_sync
from crm.validation import text_required
from projects.investment.events import MilestoneEvent
from projects.investment.services import (
    milestone_target_days,
    milestones_follow_work,
    milestones_pause_with_work,
    milestones_resume_with_work,
)
from projects.live import live_announce
from projects.models import PauseCause, Project, staff_on_project
from regional_assessments.merged.errors import MergedAssessmentError
from regional_assessments.merged.models import (
    MERGED_OPEN,
    Draw,
    DrawKind,
    Expert,
    ExpertConflict,
    Intermediary,
    MergedAssessment,
    MergedAssessmentState,
)
from regional_assessments.reports.models import AssessmentType, ReportReuse
from regional_assessments.reports.services import reuse_record

MILESTONE_CODE = "assessments"


DEFAULT_TARGET_DAYS = 40


def draw_sample(candidate_ids: Sequence[int], seed: int, count: int) -> list[int]:
    """``count`` ids drawn without replacement from the pk-ordered candidates with
    ``random.Random(seed)``: the same seed over the same candidates gives the same ids."""
    return random.Random(seed).sample(sorted(candidate_ids), count)


def _type_ids(assessment: MergedAssessment) -> list[int]:
    return sorted(assessment.assessment_types.values_list("pk", flat=True))


def eligible_intermediaries(assessment: MergedAssessment) -> list[Intermediary]:
    """Not excluded and qualified for every constituent type, pk-ordered."""
    found = Intermediary.objects.filter(excluded=False)
    for type_id in _type_ids(assessment):
        found = found.filter(qualifications=type_id)
    return list(found.distinct().order_by("pk"))


def rotation_group(eligible: Sequence[Intermediary]) -> list[Intermediary]:
    """Fair rotation: those never drawn if any, else those drawn least recently."""
    never = [i for i in eligible if i.last_drawn_at is None]
    if never or not eligible:
        return never
    oldest = min(i.last_drawn_at for i in eligible)
    return [i for i in eligible if i.last_drawn_at == oldest]


def eligible_experts(assessment: MergedAssessment) -> list[Expert]:
    """Active, with a specialty among the constituent types, not employed by the
    drawn intermediary, with no declared conflict with the project or its enterprise;
    pk-ordered."""
    project = assessment.project
    conflicted = ExpertConflict.objects.filter(Q(project=project) | Q(enterprise_id=project.enterprise_id))
    found = Expert.objects.filter(active=True, specialties__in=_type_ids(assessment)).exclude(
        pk__in=conflicted.values("expert_id")
    )
    if assessment.intermediary_id:
        found = found.exclude(employer_id=assessment.intermediary_id)
    return list(found.distinct().order_by("pk"))


def _require_staff(project: Project, by) -> None:
    if not staff_on_project(project, by):
        raise PermissionDenied(MergedAssessmentError.NOT_STAFF.label)


def _names(types: Sequence[AssessmentType]) -> str:
    return "、".join(t.name for t in types)


def _snapshot(assessment: MergedAssessment) -> dict:
    return {
        "state": assessment.state,
        "started_on": assessment.started_on,
        "due_date": assessment.due_date,
        "due_provisional": assessment.due_provisional,
        "paused_working_days": assessment.paused_working_days,
        "intermediary": str(assessment.intermediary) if assessment.intermediary_id else None,
        "approval_no": assessment.approval_no,
        "approved_on": assessment.approved_on,
    }


def _move(
    assessment: MergedAssessment,
    name: str,
    *,
    by,
    event: str,
    on: dt.date,
    reason: str = "",
    args: dict | None = None,
    then=None,
    extra: dict | None = None,
) -> AuditEntry:
    """The audited transition alone; the public service writes what it causes."""
    day_not_future(on)
    return transition_audited(
        assessment,
        name,
        by=by,
        event=event,
        snapshot=_snapshot,
        on=on,
        reason=reason,
        args=args,
        then=then,
        extra=extra,
    )


def _target_days() -> int:
    return milestone_target_days(MILESTONE_CODE, DEFAULT_TARGET_DAYS)


@dataclass(frozen=True)
class StartOutcome:
    assessment: MergedAssessment | None  # None when reuse (or nothing needed) left nothing to commission
    reused: list[ReportReuse]
    remaining: list[AssessmentType]


def merged_assessment_start(*, project: Project, by, on: dt.date | None = None) -> StartOutcome:
    """Scope the project's assessments: record what zone reports cover, then commission
    the rest as one merged assessment whose 40-working-day clock starts now. When
    reuse covers everything, nothing is commissioned and the project's assessments
    milestone starts and completes the same day."""
    on = day_or_today(on)
    day_not_future(on)
    _require_staff(project, by)
    with transaction.atomic():
        if MergedAssessment.objects.filter(project=project, state__in=MERGED_OPEN).exists():
            raise ValidationError(
                MergedAssessmentError.ALREADY_OPEN.label, code=MergedAssessmentError.ALREADY_OPEN.value
            )
        outcome = reuse_record(project=project, on=on, by=by)
        if not outcome.remaining:
            reused_types = list(
                AssessmentType.objects.filter(reuses__project=project).order_by("order", "code").distinct()
            )
            milestones_follow_work(project=project, event=MilestoneEvent.ASSESSMENTS_STARTED, by=by, on=on)
            milestones_follow_work(project=project, event=MilestoneEvent.ASSESSMENTS_ALL_REUSED, by=by, on=on)
            entry = audit_record(
                subject=project,
                actor=by,
                event="merged_assessment.all_reused",
                after={"reused": _names(reused_types)},
                reason="全部复用区域评估成果，无需委托评估" if reused_types else "无需开展评估",
                on=on,
            )
            live_announce(entry, project)
            return StartOutcome(assessment=None, reused=outcome.reused, remaining=[])
        assessment = MergedAssessment(project=project, scoped_on=on, target_working_days=_target_days())
        clock_start(assessment, on=on)
        assessment.save()
        assessment.assessment_types.set(outcome.remaining)
        entry = audit_record(
            subject=assessment,
            actor=by,
            event="merged_assessment.scoped",
            after={**_snapshot(assessment), "assessment_types": _names(outcome.remaining)},
            on=on,
        )
        milestones_follow_work(project=project, event=MilestoneEvent.ASSESSMENTS_STARTED, by=by, on=on)
        deadlines_sync(assessment)
        live_announce(entry, assessment)
    return StartOutcome(assessment=assessment, reused=outcome.reused, remaining=outcome.remaining)


def _log_draw(
    assessment: MergedAssessment, *, kind: DrawKind, seed: int, eligible, candidates, chosen, by, on: dt.date
) -> Draw:
    return Draw.objects.create(
        assessment=assessment,
        kind=kind,
        seed=seed,
        eligible_ids=[e.pk for e in eligible],
        candidate_ids=[c.pk for c in candidates],
        chosen_ids=[c.pk for c in chosen],
        drawn_by=by if getattr(by, "is_authenticated", False) else None,
        drawn_on=on,
    )


def intermediary_draw(*, assessment: MergedAssessment, seed: int, by, on: dt.date | None = None) -> Draw:
    """Draw the intermediary that compiles the combined report: among those qualified
    for every constituent type and not excluded, the least recently drawn, then
    ``random.Random(seed)`` over them in pk order."""
    on = day_or_today(on)
    with transaction.atomic():
        # Two draws at once would both see the same rotation group.
        list(Intermediary.objects.select_for_update().order_by("pk").values_list("pk"))
        eligible = eligible_intermediaries(assessment)
        group = rotation_group(eligible)
        if not group and assessment.state == MergedAssessmentState.SCOPED and staff_on_project(assessment.project, by):
            raise ValidationError(
                MergedAssessmentError.NO_ELIGIBLE_INTERMEDIARY.label,
                code=MergedAssessmentError.NO_ELIGIBLE_INTERMEDIARY.value,
                params={"types": _names(list(assessment.assessment_types.all()))},
            )
        chosen = None
        if group:
            (chosen_id,) = draw_sample([i.pk for i in group], seed, 1)
            chosen = next(i for i in group if i.pk == chosen_id)
        draw = None

        def log():
            nonlocal draw
            chosen.last_drawn_at = timezone.now()
            chosen.save(update_fields=["last_drawn_at"])
            draw = _log_draw(
                assessment,
                kind=DrawKind.INTERMEDIARY,
                seed=seed,
                eligible=eligible,
                candidates=group,
                chosen=[chosen],
                by=by,
                on=on,
            )

        entry = _move(
            assessment,
            "draw_intermediary",
            by=by,
            event="merged_assessment.intermediary_drawn",
            on=on,
            args={"intermediary": chosen},
            then=log,
            extra={"seed": seed, "candidate_ids": [i.pk for i in group]},
        )
        deadlines_sync(assessment)
        live_announce(entry, assessment)
    return draw


def merged_compiling_start(*, assessment: MergedAssessment, by, on: dt.date | None = None) -> MergedAssessment:
    """The drawn intermediary is commissioned and starts compiling the one report."""
    with transaction.atomic():
        entry = _move(assessment, "start_compiling", by=by, event="merged_assessment.compiling", on=day_or_today(on))
        deadlines_sync(assessment)
        live_announce(entry, assessment)
    return assessment


def experts_draw(*, assessment: MergedAssessment, seed: int, count: int, by, on: dt.date | None = None) -> Draw:
    """Draw the joint review's panel: ``count`` experts sampled with
    ``random.Random(seed)`` over the pk-ordered eligible ones; the review begins."""
    on = day_or_today(on)
    if count < 1:
        raise ValidationError(MergedAssessmentError.COUNT_INVALID.label, code=MergedAssessmentError.COUNT_INVALID.value)
    with transaction.atomic():
        eligible = eligible_experts(assessment)
        allowed = assessment.state == MergedAssessmentState.COMPILING and staff_on_project(assessment.project, by)
        if allowed and len(eligible) < count:
            raise ValidationError(
                MergedAssessmentError.TOO_FEW_EXPERTS.label,
                code=MergedAssessmentError.TOO_FEW_EXPERTS.value,
                params={"eligible": len(eligible), "count": count},
            )
        chosen_ids = draw_sample([e.pk for e in eligible], seed, count) if len(eligible) >= count else []
        by_pk = {e.pk: e for e in eligible}
        chosen = [by_pk[pk] for pk in chosen_ids]
        draw = None

        def log():
            nonlocal draw
            assessment.experts.set(chosen)
            draw = _log_draw(
                assessment,
                kind=DrawKind.EXPERTS,
                seed=seed,
                eligible=eligible,
                candidates=eligible,
                chosen=chosen,
                by=by,
                on=on,
            )

        entry = _move(
            assessment,
            "start_joint_review",
            by=by,
            event="merged_assessment.experts_drawn",
            on=on,
            then=log,
            extra={"seed": seed, "experts": "、".join(e.name for e in chosen)},
        )
        deadlines_sync(assessment)
        live_announce(entry, assessment)
    return draw


def merged_revision_request(
    *, assessment: MergedAssessment, reason: str, by, on: dt.date | None = None
) -> MergedAssessment:
    """The joint review asks for revisions: the clock (and the project's assessments
    milestone) stands still while the intermediary revises."""
    on, reason = day_or_today(on), text_required(reason, MergedAssessmentError.REASON_REQUIRED)

    with transaction.atomic():
        entry = _move(
            assessment,
            "request_revision",
            by=by,
            event="merged_assessment.revision_requested",
            on=on,
            reason=reason,
            then=lambda: clock_stop(assessment, cause=PauseCause.INTERMEDIARY, reason=reason, on=on, by=by),
        )
        milestones_pause_with_work(
            project=assessment.project,
            events=[MilestoneEvent.ASSESSMENTS_STARTED, MilestoneEvent.ASSESSMENTS_APPROVED],
            source=f"merged:{assessment.pk}",
            cause=PauseCause.INTERMEDIARY,
            reason=f"多评合一修改完善：{reason}",
            by=by,
            on=on,
        )
        deadlines_sync(assessment)
        live_announce(entry, assessment)
    return assessment


def merged_resubmit(*, assessment: MergedAssessment, by, on: dt.date | None = None) -> MergedAssessment:
    """The revised report goes back to the joint review; the deadline moves by the
    working days the clock stood still."""
    on = day_or_today(on)

    with transaction.atomic():
        entry = _move(
            assessment,
            "resubmit",
            by=by,
            event="merged_assessment.resubmitted",
            on=on,
            then=lambda: clock_restart(assessment, on=on, by=by),
        )
        milestones_resume_with_work(project=assessment.project, source=f"merged:{assessment.pk}", by=by, on=on)
        deadlines_sync(assessment)
        live_announce(entry, assessment)
    return assessment


def merged_assessment_approve(
    *, assessment: MergedAssessment, approval_no: str, by, on: dt.date | None = None
) -> MergedAssessment:
    """One approval (one document number) covers every constituent assessment; the
    project's assessments milestone completes."""
    on = day_or_today(on)
    approval_no = text_required(approval_no, MergedAssessmentError.APPROVAL_NO_REQUIRED)
    with transaction.atomic():
        entry = _move(
            assessment,
            "approve",
            by=by,
            event="merged_assessment.approved",
            on=on,
            args={"on": on, "approval_no": approval_no},
            extra={"assessment_types": _names(list(assessment.assessment_types.all()))},
        )
        milestones_follow_work(project=assessment.project, event=MilestoneEvent.ASSESSMENTS_APPROVED, by=by, on=on)
        deadlines_sync(assessment)
        live_announce(entry, assessment)
    return assessment


__all__ = [
    "StartOutcome",
    "draw_sample",
    "eligible_experts",
    "eligible_intermediaries",
    "experts_draw",
    "intermediary_draw",
    "merged_assessment_approve",
    "merged_assessment_start",
    "merged_compiling_start",
    "merged_resubmit",
    "merged_revision_request",
    "rotation_group",
]
