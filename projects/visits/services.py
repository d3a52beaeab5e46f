"""Joint survey and joint acceptance: schedule one visit, record each department's
attendance and findings, issue the one record, follow the rectifications up on the
working-day clock; a joint acceptance that passes finishes the milestones whose
triggers name it."""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Max

from crm.audit.services import audit_last_day, audit_record
from crm.calendar.clock import PauseCause
from crm.calendar.services import (
    clock_pause_end,
    clock_restart,
    clock_start,
    clock_stop,
    day_not_before,
    day_not_future,
    day_or_today,
)
from crm.calendar.workdays import is_working_day
from crm.fsm import transition_audited
from crm.organisation.models import Department
from crm.supervision.services import deadlines_sync
from crm.validation import text_required
from projects.investment.events import MilestoneEvent
from projects.investment.services import milestones_follow_work
from projects.live import live_announce
from projects.models import (
    FindingKind,
    FollowUpWaitsOn,
    JointVisit,
    JointVisitKind,
    JointVisitState,
    Project,
    VisitAttendance,
    VisitFollowUp,
    staff_on_project,
)
from projects.visits.errors import VisitError

RECTIFICATION_DAYS_MAX = 60

# The advisory lock of each kind's record numbers (any fixed pair of keys of this app).
NUMBER_LOCK = {JointVisitKind.SURVEY: 5_355_001, JointVisitKind.ACCEPTANCE: 5_355_002}


def _refuse(error: VisitError, **params) -> ValidationError:
    return ValidationError(error.label, code=error.value, params=params or None)


def _require_staff(project: Project, by) -> None:
    if not staff_on_project(project, by):
        raise PermissionDenied(VisitError.NOT_STAFF.label)


def _names(departments: Iterable[Department]) -> str:
    return "、".join(d.name for d in departments)


def visit_schedule(
    *,
    project: Project,
    kind: JointVisitKind | str,
    visit_on: dt.date,
    visit_time: dt.time,
    place: str,
    departments: Iterable[Department],
    by,
    on: dt.date | None = None,
) -> JointVisit:
    """Schedule one site visit of the project with the departments invited. ``on``:
    the day it was arranged (today unless recorded late); the visit itself falls on a
    working day not before it."""
    on = day_or_today(on)
    day_not_future(on)
    _require_staff(project, by)
    kind = JointVisitKind(kind)
    place = text_required(place, VisitError.PLACE_REQUIRED)
    chosen = sorted(set(departments), key=lambda d: (d.name, d.pk))
    if not chosen:
        raise _refuse(VisitError.NO_DEPARTMENTS)
    if visit_on < on:
        raise _refuse(VisitError.BEFORE_SCHEDULED, day=f"{on:%Y-%m-%d}")
    if not is_working_day(visit_on):
        raise _refuse(VisitError.NOT_WORKING_DAY, day=f"{visit_on:%Y-%m-%d}")
    with transaction.atomic():
        visit = JointVisit.objects.create(
            project=project,
            kind=kind,
            visit_on=visit_on,
            visit_time=visit_time,
            place=place,
            scheduled_on=on,
            scheduled_by=by,
        )
        VisitAttendance.objects.bulk_create([VisitAttendance(visit=visit, department=d) for d in chosen])
        entry = audit_record(
            subject=visit,
            actor=by,
            event="visit.scheduled",
            after={
                "kind": kind.label,
                "visit_on": f"{visit_on:%Y-%m-%d}",
                "visit_time": f"{visit_time:%H:%M}",
                "place": place,
                "departments": [d.name for d in chosen],
            },
            on=on,
        )
        live_announce(entry, visit)
    return visit


def _locked_visit(visit: JointVisit) -> JointVisit:
    locked = JointVisit.objects.select_for_update().select_related("project").get(pk=visit.pk)
    if locked.state != JointVisitState.SCHEDULED:
        raise _refuse(VisitError.ALREADY_ISSUED, day=f"{locked.issued_on:%Y-%m-%d}", number=locked.record_no)
    return locked


def visit_attendance_record(
    *,
    visit: JointVisit,
    department: Department,
    attended: bool,
    by,
    attendees: str = "",
    finding: FindingKind | str = "",
    finding_text: str = "",
    rectification_days: int | None = None,
    waits_on: FollowUpWaitsOn | str = FollowUpWaitsOn.ENTERPRISE,
    on: dt.date | None = None,
) -> VisitAttendance:
    """One invited department's attendance and, if it came, its finding (no
    objection, or a rectification with what, by whom and in how many working days).
    Recorded on or after the visit day; corrected by recording again until the record
    is issued."""
    on = day_or_today(on)
    day_not_future(on)
    _require_staff(visit.project, by)
    attendees, finding_text = (attendees or "").strip(), (finding_text or "").strip()
    if attended:
        if not attendees:
            raise _refuse(VisitError.ATTENDEES_REQUIRED)
        if not finding:
            raise _refuse(VisitError.FINDING_REQUIRED)
        finding = FindingKind(finding)
        if finding == FindingKind.RECTIFICATION:
            if not finding_text:
                raise _refuse(VisitError.FINDING_TEXT_REQUIRED)
            if not rectification_days or not 1 <= rectification_days <= RECTIFICATION_DAYS_MAX:
                raise _refuse(VisitError.DAYS_REQUIRED)
            waits_on = FollowUpWaitsOn(waits_on or FollowUpWaitsOn.ENTERPRISE)
        else:
            rectification_days, waits_on = None, ""
    else:
        if finding or finding_text:
            raise _refuse(VisitError.ABSENT_NO_FINDING)
        attendees, finding, rectification_days, waits_on = "", "", None, ""
    with transaction.atomic():
        locked = _locked_visit(visit)
        if on < locked.visit_on:
            raise _refuse(VisitError.NOT_YET, day=f"{locked.visit_on:%Y-%m-%d}")
        row = locked.attendances.filter(department=department).first()
        if row is None:
            raise _refuse(VisitError.NOT_INVITED, department=department.name)
        before = _attendance_shown(row)
        row.attended, row.attendees, row.finding, row.finding_text = attended, attendees, finding, finding_text
        row.rectification_days, row.waits_on, row.recorded_on, row.recorded_by = rectification_days, waits_on, on, by
        row.save(
            update_fields=[
                "attended",
                "attendees",
                "finding",
                "finding_text",
                "rectification_days",
                "waits_on",
                "recorded_on",
                "recorded_by",
            ]
        )
        entry = audit_record(
            subject=locked,
            actor=by,
            event="visit.attendance_recorded",
            before=before if before["attended"] is not None else None,
            after=_attendance_shown(row),
            on=on,
        )
        live_announce(entry, locked)
    return row


def _attendance_shown(row: VisitAttendance) -> dict:
    attended = None if row.attended is None else ("到场" if row.attended else "未到场")
    return {
        "department": row.department.name,
        "attended": attended,
        "attendees": row.attendees,
        "finding": row.get_finding_display() if row.finding else "",
        "finding_text": row.finding_text,
        "rectification_days": row.rectification_days,
    }


def attendance_missing(visit: JointVisit) -> list[Department]:
    return [a.department for a in visit.attendances.all() if a.attended is None]


def _next_number(kind: str, year: int) -> int:
    """The next sequence of the kind's records of the year. Two records issued at once
    queue on a lock of the pair (PostgreSQL; SQLite runs one writer at a time)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [NUMBER_LOCK[kind], year])
    top = JointVisit.objects.filter(kind=kind, record_year=year).aggregate(top=Max("record_seq"))["top"]
    return (top or 0) + 1


def _snapshot(visit: JointVisit) -> dict:
    return {
        "state": visit.state,
        "record_no": visit.record_no,
        "issued_on": visit.issued_on,
        "passed_on": visit.passed_on,
    }


def _summary(visit: JointVisit) -> str:
    lines = []
    for row in visit.attendances.select_related("department").order_by("department__name"):
        if not row.attended:
            lines.append(f"【{row.department.name}】未到场")
        elif row.finding == FindingKind.RECTIFICATION:
            lines.append(
                f"【{row.department.name}】有整改要求：{row.finding_text}（{row.rectification_days}个工作日内）"
            )
        else:
            lines.append(f"【{row.department.name}】无意见")
    return "\n".join(lines)


def visit_issue(*, visit: JointVisit, by, on: dt.date | None = None) -> JointVisit:
    """Issue the one record of the visit (numbered LK-/LY-YYYY-NNNNN): refused while a
    department's attendance is not recorded. Every rectification becomes a follow-up
    whose working-day clock starts on the issue day; a joint acceptance with every
    department present and nothing to rectify passes at once."""
    on = day_or_today(on)
    day_not_future(on)
    _require_staff(visit.project, by)
    with transaction.atomic():
        locked = _locked_visit(visit)
        missing = attendance_missing(locked)
        if missing:
            raise _refuse(VisitError.ATTENDANCE_MISSING, missing=_names(missing))
        day_not_before(on, locked.visit_on)
        seq = _next_number(locked.kind, on.year)
        summary = _summary(locked)
        entry = transition_audited(
            locked,
            "issue",
            by=by,
            event="visit.issued",
            snapshot=_snapshot,
            on=on,
            args={"on": on, "by": by, "year": on.year, "seq": seq, "summary": summary},
            extra={"summary": summary},
        )
        for row in locked.attendances.filter(finding=FindingKind.RECTIFICATION).select_related("department"):
            follow_up = VisitFollowUp(
                visit=locked,
                department=row.department,
                requirement=row.finding_text,
                waits_on=row.waits_on or FollowUpWaitsOn.ENTERPRISE,
                target_working_days=row.rectification_days,
            )
            clock_start(follow_up, on=on)
            follow_up.save()
            deadlines_sync(follow_up)
        live_announce(entry, locked)
        _acceptance_pass_if_done(locked, by=by, on=on)
    visit.refresh_from_db()
    return visit


def _acceptance_pass_if_done(visit: JointVisit, *, by, on: dt.date) -> bool:
    """A joint acceptance passes once its record is issued, every department came and
    no rectification is open: the milestones its triggers name finish with it."""
    if visit.kind != JointVisitKind.ACCEPTANCE or visit.state != JointVisitState.ISSUED:
        return False
    if visit.attendances.exclude(attended=True).exists() or visit.follow_ups.filter(closed_on__isnull=True).exists():
        return False
    entry = transition_audited(
        visit, "pass_acceptance", by=by, event="visit.acceptance_passed", snapshot=_snapshot, on=on, args={"on": on}
    )
    milestones_follow_work(project=visit.project, event=MilestoneEvent.JOINT_ACCEPTANCE_PASSED, by=by, on=on)
    live_announce(entry, visit)
    return True


def _locked_follow_up(follow_up: VisitFollowUp) -> VisitFollowUp:
    locked = VisitFollowUp.objects.select_for_update(of=("self",)).select_related("visit__project").get(pk=follow_up.pk)
    if locked.closed_on is not None:
        raise _refuse(VisitError.FOLLOW_UP_CLOSED, day=f"{locked.closed_on:%Y-%m-%d}")
    return locked


def _follow_up_day(locked: VisitFollowUp, on: dt.date) -> None:
    day_not_before(on, locked.started_on)
    day_not_before(on, audit_last_day(locked))


def follow_up_close(*, follow_up: VisitFollowUp, note: str, by, on: dt.date | None = None) -> VisitFollowUp:
    """The rectification is done (checked by the agent with the department): the
    clock stops for good; a joint acceptance whose last rectification this was passes."""
    on = day_or_today(on)
    day_not_future(on)
    note = text_required(note, VisitError.NOTE_REQUIRED)
    _require_staff(follow_up.visit.project, by)
    with transaction.atomic():
        locked = _locked_follow_up(follow_up)
        _follow_up_day(locked, on)
        if locked.paused_on is not None:
            clock_pause_end(locked, on=on, by=by)
        locked.closed_on, locked.closed_by, locked.close_note = on, by, note
        locked.save(update_fields=["closed_on", "closed_by", "close_note", "paused_on"])
        entry = audit_record(
            subject=locked,
            actor=by,
            event="visitfollowup.closed",
            after={"closed_on": f"{on:%Y-%m-%d}", "close_note": note},
            on=on,
        )
        deadlines_sync(locked)
        live_announce(entry, locked.visit)
        visit = JointVisit.objects.select_for_update().select_related("project").get(pk=locked.visit_id)
        _acceptance_pass_if_done(visit, by=by, on=on)
    return locked


def follow_up_pause(
    *, follow_up: VisitFollowUp, cause: PauseCause | str, reason: str, by, on: dt.date | None = None
) -> VisitFollowUp:
    """The clock stands still (an expert review, a hearing, the weather…), with whose
    time it is; the deadline moves by the working days it stood still."""
    on = day_or_today(on)
    day_not_future(on)
    reason = text_required(reason, VisitError.REASON_REQUIRED)
    cause = PauseCause(cause)
    _require_staff(follow_up.visit.project, by)
    with transaction.atomic():
        locked = _locked_follow_up(follow_up)
        if locked.paused_on is not None:
            raise _refuse(VisitError.ALREADY_PAUSED, day=f"{locked.paused_on:%Y-%m-%d}")
        _follow_up_day(locked, on)
        clock_stop(locked, cause=cause, reason=reason, on=on, by=by)
        locked.save(update_fields=["paused_on"])
        entry = audit_record(
            subject=locked,
            actor=by,
            event="visitfollowup.paused",
            after={"cause": cause.label, "paused_on": f"{on:%Y-%m-%d}"},
            reason=reason,
            on=on,
        )
        deadlines_sync(locked)
        live_announce(entry, locked.visit)
    return locked


def follow_up_resume(*, follow_up: VisitFollowUp, by, on: dt.date | None = None) -> VisitFollowUp:
    on = day_or_today(on)
    day_not_future(on)
    _require_staff(follow_up.visit.project, by)
    with transaction.atomic():
        locked = _locked_follow_up(follow_up)
        if locked.paused_on is None:
            raise _refuse(VisitError.NOT_PAUSED)
        _follow_up_day(locked, on)
        before = locked.due_date
        clock_restart(locked, on=on, by=by)
        locked.save(update_fields=["paused_on", "paused_working_days", "due_date", "due_provisional"])
        entry = audit_record(
            subject=locked,
            actor=by,
            event="visitfollowup.resumed",
            before={"due_date": f"{before:%Y-%m-%d}"},
            after={"due_date": f"{locked.due_date:%Y-%m-%d}", "resumed_on": f"{on:%Y-%m-%d}"},
            on=on,
        )
        deadlines_sync(locked)
        live_announce(entry, locked.visit)
    return locked
