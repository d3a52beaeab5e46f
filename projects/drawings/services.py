import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from crm.audit.models import AuditEntry
from crm.audit.services import audit_last_day, audit_record
from crm.calendar.services import clock_restart, clock_start, clock_stop, day_not_before, day_not_future, day_or_today
from crm.fsm import transition_audited
from crm.supervision.services import deadlines_sync
from crm.validation import text_required
from projects.drawings.errors import DrawingError
from projects.investment.events import MilestoneEvent
from projects.investment.services import (
    milestone_target_days,
    milestones_follow_work,
    milestones_pause_with_work,
    milestones_resume_with_work,
)
from projects.live import live_announce
from projects.models import (
    DRAWING_CLOCK_RUNNING,
    DRAWING_REVIEW_OPEN,
    DrawingReview,
    DrawingReviewState,
    OpinionVerdict,
    PauseCause,
    Project,
    ReviewDiscipline,
    ReviewOpinion,
    discipline_reviewer,
    staff_on_project,
)

MILESTONE_CODE = "drawing_review"


DEFAULT_TARGET_DAYS = 7


def opinions_waiting(review: DrawingReview) -> list[ReviewDiscipline]:
    """The participating disciplines that have not yet given their opinion on the
    current round, in discipline order."""
    spoken = review.opinions.filter(round=review.round).values("discipline_id")
    return list(review.disciplines.exclude(pk__in=spoken).order_by("order", "code"))


def _objections(review: DrawingReview) -> list[ReviewOpinion]:
    return list(
        review.opinions.filter(round=review.round, verdict=OpinionVerdict.OBJECTION)
        .select_related("discipline")
        .order_by("discipline__order", "discipline__code")
    )


def _names(disciplines: Iterable[ReviewDiscipline]) -> str:
    return "、".join(d.name for d in disciplines)


def _require_staff(project: Project, by) -> None:
    if not staff_on_project(project, by):
        raise PermissionDenied(DrawingError.NOT_STAFF.label)


def _snapshot(review: DrawingReview) -> dict:
    return {
        "state": review.state,
        "round": review.round,
        "acceptance_no": review.acceptance_no,
        "started_on": review.started_on,
        "due_date": review.due_date,
        "due_provisional": review.due_provisional,
        "paused_working_days": review.paused_working_days,
        "certificate_no": review.certificate_no,
        "decided_on": review.decided_on,
    }


def _move(
    review: DrawingReview,
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
        review, name, by=by, event=event, snapshot=_snapshot, on=on, reason=reason, args=args, then=then, extra=extra
    )


def drawing_review_submit(
    *,
    project: Project,
    package: str,
    by,
    disciplines: Iterable[ReviewDiscipline] | None = None,
    on: dt.date | None = None,
) -> DrawingReview:
    """Register a drawing package handed in for joint review; every active discipline
    takes part unless the disciplines are named."""
    on = day_or_today(on)
    day_not_future(on)
    _require_staff(project, by)
    package = text_required(package, DrawingError.PACKAGE_REQUIRED)
    chosen = list(disciplines) if disciplines is not None else list(ReviewDiscipline.objects.filter(is_active=True))
    if not chosen:
        raise ValidationError(DrawingError.NO_DISCIPLINES.label, code=DrawingError.NO_DISCIPLINES.value)
    for discipline in chosen:
        if not discipline.is_active:
            raise ValidationError(
                DrawingError.DISCIPLINE_INACTIVE.label,
                code=DrawingError.DISCIPLINE_INACTIVE.value,
                params={"discipline": discipline.name},
            )
    taken = ValidationError(
        DrawingError.PACKAGE_TAKEN.label, code=DrawingError.PACKAGE_TAKEN.value, params={"package": package}
    )
    if DrawingReview.objects.filter(project=project, package=package).exists():
        raise taken
    try:
        with transaction.atomic():
            review = DrawingReview.objects.create(project=project, package=package, submitted_on=on)
            review.disciplines.set(chosen)
            entry = audit_record(
                subject=review,
                actor=by,
                event="drawing.submitted",
                after={"package": package, "disciplines": [d.name for d in chosen]},
                on=on,
            )
            live_announce(entry, review)
    except IntegrityError as error:  # the same package registered at the same moment by someone else
        raise taken from error
    return review


def drawing_review_accept(*, review: DrawingReview, acceptance_no: str, by, on: dt.date | None = None) -> DrawingReview:
    """Accepted: the 7-working-day clock starts, and so does the project's
    drawing-review milestone."""
    on = day_or_today(on)
    acceptance_no = text_required(acceptance_no, DrawingError.ACCEPTANCE_NO_REQUIRED)
    target_days = milestone_target_days(MILESTONE_CODE, DEFAULT_TARGET_DAYS)
    with transaction.atomic():
        entry = _move(
            review,
            "accept",
            by=by,
            event="drawing.accepted",
            on=on,
            args={"acceptance_no": acceptance_no, "target_days": target_days},
            then=lambda: clock_start(review, on=on),
        )
        milestones_follow_work(project=review.project, event=MilestoneEvent.DRAWINGS_ACCEPTED, by=by, on=on)
        deadlines_sync(review)
        live_announce(entry, review)
    return review


def drawing_review_start(*, review: DrawingReview, by, on: dt.date | None = None) -> DrawingReview:
    """All participating disciplines start reviewing, in parallel."""
    with transaction.atomic():
        entry = _move(review, "start_review", by=by, event="drawing.review_started", on=day_or_today(on))
        deadlines_sync(review)
        live_announce(entry, review)
    return review


def drawing_opinion_give(
    *,
    review: DrawingReview,
    discipline: ReviewDiscipline,
    verdict: OpinionVerdict | str,
    by,
    text: str = "",
    on: dt.date | None = None,
) -> ReviewOpinion:
    """One discipline's opinion on the current round; a discipline speaks once a round."""
    on = day_or_today(on)
    day_not_future(on)
    if not (staff_on_project(review.project, by) or discipline_reviewer(discipline, by)):
        raise PermissionDenied(DrawingError.NOT_REVIEWER.label)
    verdict = OpinionVerdict(verdict)
    text = (text or "").strip()
    if verdict == OpinionVerdict.OBJECTION and not text:
        raise ValidationError(
            DrawingError.OBJECTION_TEXT_REQUIRED.label, code=DrawingError.OBJECTION_TEXT_REQUIRED.value
        )
    with transaction.atomic():
        # The lock orders opinions against consolidation: none slips in after the notice.
        current = DrawingReview.objects.select_for_update().get(pk=review.pk)
        if current.state != DrawingReviewState.IN_REVIEW:
            raise ValidationError(
                DrawingError.NOT_IN_REVIEW.label,
                code=DrawingError.NOT_IN_REVIEW.value,
                params={"state": current.get_state_display()},
            )
        if not current.disciplines.filter(pk=discipline.pk).exists():
            raise ValidationError(
                DrawingError.NOT_PARTICIPATING.label,
                code=DrawingError.NOT_PARTICIPATING.value,
                params={"discipline": discipline.name},
            )
        # Not before the review started (or the step before it).
        day_not_before(on, audit_last_day(current))
        earlier = current.opinions.filter(discipline=discipline, round=current.round).first()
        if earlier is not None:
            raise ValidationError(
                DrawingError.OPINION_GIVEN.label,
                code=DrawingError.OPINION_GIVEN.value,
                params={
                    "discipline": discipline.name,
                    "round": earlier.round,
                    "given_on": f"{earlier.given_on:%Y-%m-%d}",
                },
            )
        opinion = ReviewOpinion.objects.create(
            review=current,
            discipline=discipline,
            round=current.round,
            verdict=verdict,
            text=text,
            reviewer=by,
            given_on=on,
        )
        entry = audit_record(
            subject=current,
            actor=by,
            event="drawing.opinion_given",
            after={"discipline": discipline.name, "round": current.round, "verdict": verdict.label, "text": text},
            on=on,
        )
        live_announce(entry, current)
    return opinion


def _notice_text(review: DrawingReview) -> str:
    opinions = (
        review.opinions.filter(round=review.round)
        .select_related("discipline")
        .order_by("discipline__order", "discipline__code")
    )
    lines = [f"施工图联审意见告知书（{review.package}，第{review.round}轮）"]
    for opinion in opinions:
        line = f"【{opinion.discipline.name}】{opinion.get_verdict_display()}"
        lines.append(f"{line}：{opinion.text}" if opinion.text else line)
    return "\n".join(lines)


def drawing_review_consolidate(*, review: DrawingReview, by, on: dt.date | None = None) -> DrawingReview:
    """Merge the round's opinions into one notice; only once every participating
    discipline has spoken."""
    on = day_or_today(on)
    with transaction.atomic():
        # The lock waits for an opinion being given right now, so the check below sees it.
        DrawingReview.objects.select_for_update().filter(pk=review.pk).values_list("pk").get()
        if review.state == DrawingReviewState.IN_REVIEW:
            missing = opinions_waiting(review)
            if missing:
                raise ValidationError(
                    DrawingError.OPINIONS_MISSING.label,
                    code=DrawingError.OPINIONS_MISSING.value,
                    params={"round": review.round, "missing": _names(missing)},
                )
        notice_text = _notice_text(review)
        entry = _move(
            review,
            "consolidate",
            by=by,
            event="drawing.consolidated",
            on=on,
            args={"on": on, "notice_text": notice_text},
            extra={"notice_text": notice_text},
        )
        deadlines_sync(review)
        live_announce(entry, review)
    return review


def drawing_review_pass(*, review: DrawingReview, certificate_no: str, by, on: dt.date | None = None) -> DrawingReview:
    """Passed: the certificate (施工图审查合格书) is issued. Refused while the round
    has an objection. The project's milestone finishes once no other package of it
    is still under review."""
    on = day_or_today(on)
    certificate_no = text_required(certificate_no, DrawingError.CERTIFICATE_NO_REQUIRED)
    if review.state == DrawingReviewState.CONSOLIDATED:
        objections = _objections(review)
        if objections:
            raise ValidationError(
                DrawingError.OPEN_OBJECTIONS.label,
                code=DrawingError.OPEN_OBJECTIONS.value,
                params={"round": review.round, "disciplines": _names(o.discipline for o in objections)},
            )
    with transaction.atomic():
        entry = _move(
            review,
            "pass_review",
            by=by,
            event="drawing.passed",
            on=on,
            args={"on": on, "certificate_no": certificate_no},
        )
        others_open = (
            DrawingReview.objects.filter(project=review.project, state__in=DRAWING_REVIEW_OPEN)
            .exclude(pk=review.pk)
            .exists()
        )
        if not others_open:
            milestones_follow_work(project=review.project, event=MilestoneEvent.DRAWING_REVIEW_PASSED, by=by, on=on)
        deadlines_sync(review)
        live_announce(entry, review)
    return review


def _require_objection(review: DrawingReview) -> None:
    if review.state == DrawingReviewState.CONSOLIDATED and not _objections(review):
        raise ValidationError(
            DrawingError.NO_OBJECTIONS.label, code=DrawingError.NO_OBJECTIONS.value, params={"round": review.round}
        )


def drawing_review_return(*, review: DrawingReview, reason: str, by, on: dt.date | None = None) -> DrawingReview:
    """Round 1 found objections: the applicant revises (once). The clock stands still
    meanwhile, and so does the project's milestone when no other package is being
    reviewed on government time."""
    on, reason = day_or_today(on), text_required(reason, DrawingError.REASON_REQUIRED)
    _require_objection(review)

    with transaction.atomic():
        entry = _move(
            review,
            "return_for_revision",
            by=by,
            event="drawing.returned",
            on=on,
            reason=reason,
            then=lambda: clock_stop(review, cause=PauseCause.CORRECTION, reason=reason, on=on, by=by),
        )
        others_running = (
            DrawingReview.objects.filter(project=review.project, state__in=DRAWING_CLOCK_RUNNING)
            .exclude(pk=review.pk)
            .exists()
        )
        if not others_running:
            milestones_pause_with_work(
                project=review.project,
                events=[MilestoneEvent.DRAWINGS_ACCEPTED, MilestoneEvent.DRAWING_REVIEW_PASSED],
                source=f"drawing:{review.pk}",
                cause=PauseCause.CORRECTION,
                reason=f"施工图（{review.package}）退回修改：{reason}",
                by=by,
                on=on,
            )
        deadlines_sync(review)
        live_announce(entry, review)
    return review


def drawing_review_resubmit(*, review: DrawingReview, by, on: dt.date | None = None) -> DrawingReview:
    """Revised drawings handed back: round 2 begins, the clock resumes, and the
    deadline moves by the working days it stood still."""
    on = day_or_today(on)
    with transaction.atomic():
        entry = _move(
            review,
            "resubmit",
            by=by,
            event="drawing.resubmitted",
            on=on,
            then=lambda: clock_restart(review, on=on, by=by),
        )
        milestones_resume_with_work(project=review.project, source=f"drawing:{review.pk}", by=by, on=on)
        deadlines_sync(review)
        live_announce(entry, review)
    return review


def drawing_review_fail(*, review: DrawingReview, reason: str, by, on: dt.date | None = None) -> DrawingReview:
    """Round 2 still has objections: the package fails (a new submission starts over)."""
    on, reason = day_or_today(on), text_required(reason, DrawingError.REASON_REQUIRED)
    _require_objection(review)
    with transaction.atomic():
        entry = _move(review, "fail", by=by, event="drawing.failed", on=on, reason=reason, args={"on": on})
        deadlines_sync(review)
        live_announce(entry, review)
    return review
