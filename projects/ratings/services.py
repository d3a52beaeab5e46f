import datetime as dt
import math
import random
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agents.models import ProxyAgent
from agents.selectors import supervisors_of_centres
from crm.accounts.roles import Role, has_role
from crm.audit.models import AuditEntry
from crm.audit.services import audit_record
from crm.calendar.services import clock_start, day_not_future
from crm.fsm import transition_apply, transition_save
from crm.supervision.services import deadlines_sync
from crm.validation import text_required
from projects.live import live_announce
from projects.models import (
    RATING_DIMENSIONS,
    Callback,
    CallbackDraw,
    CallbackKind,
    CallbackOutcome,
    CaseState,
    ProxyCase,
    Rating,
    RatingLevel,
    callback_staff,
)
from projects.ratings.errors import CallbackError, RatingError

T = TypeVar("T")


DIMENSION_NAMES = frozenset(name for name, _label in RATING_DIMENSIONS)


def rates_case(case: ProxyCase, user) -> bool:
    """Only a contact of the case's own enterprise rates it."""
    if not has_role(user, Role.ENTERPRISE):
        return False
    contact = getattr(user, "enterprise_contact", None)
    return contact is not None and contact.enterprise_id == case.enterprise_id


def _level(value, error=RatingError.LEVEL_INVALID) -> int:
    try:
        level = int(value)
    except (TypeError, ValueError):
        level = None
    if level not in RatingLevel.values:
        raise ValidationError(error.label, code=error.value)
    return level


def case_rate(
    *,
    case: ProxyCase,
    level: RatingLevel | int,
    by,
    comment: str = "",
    dimensions: Mapping[str, int | None] | None = None,
    on: dt.date | None = None,
) -> Rating:
    """The enterprise rates a closed case, once. Dissatisfaction (below 满意, overall
    or on any dimension) opens a callback to the centre's supervisor."""
    on = on or timezone.localdate()
    day_not_future(on)
    if not rates_case(case, by):
        raise PermissionDenied(RatingError.NOT_RATER.label)
    level = _level(level)
    dimensions = dict(dimensions or {})
    unknown = set(dimensions) - DIMENSION_NAMES
    if unknown:
        raise ValueError(f"unknown rating dimensions: {sorted(unknown)}")
    dimensions = {name: None if value in (None, "") else _level(value) for name, value in dimensions.items()}
    with transaction.atomic():
        # The lock makes "once per case" hold against a double submit, before the
        # database's unique constraint has to.
        locked = ProxyCase.objects.select_for_update().select_related("agent").get(pk=case.pk)
        if locked.state != CaseState.CLOSED:
            raise ValidationError(RatingError.NOT_CLOSED.label, code=RatingError.NOT_CLOSED.value)
        if Rating.objects.filter(case=locked).exists():
            raise ValidationError(RatingError.ALREADY_RATED.label, code=RatingError.ALREADY_RATED.value)
        if on < locked.closed_on:
            raise ValidationError(RatingError.BEFORE_CLOSURE.label, code=RatingError.BEFORE_CLOSURE.value)
        rating = Rating.objects.create(
            case=locked, level=level, comment=(comment or "").strip(), rated_on=on, rated_by=by, **dimensions
        )
        entry = audit_record(
            subject=rating,
            actor=by,
            event="rating.submitted",
            on=on,
            after={"case": locked.number, "level": level, **dimensions, "comment": rating.comment},
        )
        live_announce(entry, rating)
        if rating.is_unsatisfied():
            callback, opened = _callback_open(case=locked, kind=CallbackKind.UNSATISFIED, rating=rating, by=by, on=on)
            deadlines_sync(callback)
            live_announce(opened, callback)
    return rating


def _supervisors_by_centre(centre_ids: Iterable[int]) -> dict[int, ProxyAgent]:
    """The supervisor who gets each centre's callbacks (the lowest employee number
    among the active ones), in one query."""
    found: dict[int, ProxyAgent] = {}
    for supervisor in supervisors_of_centres(centre_ids).select_related("user"):
        found.setdefault(supervisor.centre_id, supervisor)
    return found


def callback_assignee(case: ProxyCase) -> ProxyAgent:
    """A supervisor of the case agent's centre; the case's agent when it has none."""
    return _supervisors_by_centre([case.agent.centre_id]).get(case.agent.centre_id, case.agent)


def _callback_open(
    *,
    case: ProxyCase,
    kind: CallbackKind,
    by,
    on: dt.date,
    rating: Rating | None = None,
    draw: CallbackDraw | None = None,
    assignee: ProxyAgent | None = None,
) -> tuple[Callback, AuditEntry]:
    """The new callback (its clock started) and its audit entry; the caller syncs
    the deadline and announces it, in its transaction."""
    callback = Callback(
        case=case,
        kind=kind,
        rating=rating,
        draw=draw,
        assigned_to=assignee or callback_assignee(case),
        target_working_days=settings.CALLBACK_RECTIFICATION_WORKING_DAYS,
    )
    clock_start(callback, on=on)
    callback.save()
    entry = audit_record(
        subject=callback,
        actor=by,
        event="callback.opened",
        on=on,
        after={
            "kind": kind,
            "state": callback.state,
            "assigned_to": str(callback.assigned_to),
            "due_date": callback.due_date,
            "due_provisional": callback.due_provisional,
        },
    )
    return callback, entry


def _snapshot(callback: Callback) -> dict:
    return {
        "state": callback.state,
        "called_on": callback.called_on,
        "called_person": callback.called_person,
        "call_summary": callback.call_summary,
        "rectified_on": callback.rectified_on,
        "rectification": callback.rectification,
        "outcome": callback.outcome,
        "closed_on": callback.closed_on,
    }


def _require_callback_staff(callback: Callback, by) -> None:
    if not callback_staff(callback, by):
        raise PermissionDenied(CallbackError.NOT_ALLOWED.label)


def _callback_date(callback: Callback, on: dt.date | None) -> dt.date:
    if on is None:
        raise ValidationError(CallbackError.DATE_REQUIRED.label, code=CallbackError.DATE_REQUIRED.value)
    day_not_future(on)
    if on < callback.started_on:
        raise ValidationError(CallbackError.DATE_BEFORE_OPENING.label, code=CallbackError.DATE_BEFORE_OPENING.value)
    return on


def _callback_move(callback: Callback, name: str, *, by, event: str, on: dt.date, args: dict) -> AuditEntry:
    """The audited transition alone; the public service writes what it causes."""
    with transaction.atomic():
        before = _snapshot(callback)
        transition_apply(callback, name, user=by, **args)
        transition_save(callback)
        after = _snapshot(callback)
        changed = [key for key in after if before[key] != after[key]]
        return audit_record(
            subject=callback,
            actor=by,
            event=event,
            on=on,
            before={key: before[key] for key in changed},
            after={key: after[key] for key in changed},
        )


def callback_call_record(*, callback: Callback, on: dt.date | None, person: str, summary: str, by) -> Callback:
    """The call: when, whom, what the enterprise said."""
    _require_callback_staff(callback, by)
    on = _callback_date(callback, on)
    person = text_required(person, CallbackError.PERSON_REQUIRED)
    summary = text_required(summary, CallbackError.SUMMARY_REQUIRED)
    with transaction.atomic():
        entry = _callback_move(
            callback,
            "record_call",
            by=by,
            event="callback.called",
            on=on,
            args={"on": on, "person": person, "summary": summary},
        )
        deadlines_sync(callback)
        live_announce(entry, callback)
    return callback


def callback_rectification_record(*, callback: Callback, on: dt.date | None, rectification: str, by) -> Callback:
    """What was put right (整改); "无需整改" and why, when the call found nothing."""
    _require_callback_staff(callback, by)
    on = _callback_date(callback, on)
    rectification = text_required(rectification, CallbackError.RECTIFICATION_REQUIRED)
    with transaction.atomic():
        entry = _callback_move(
            callback,
            "record_rectification",
            by=by,
            event="callback.rectified",
            on=on,
            args={"on": on, "rectification": rectification},
        )
        deadlines_sync(callback)
        live_announce(entry, callback)
    return callback


def callback_missing(callback: Callback, outcome: str | None) -> list[str]:
    """What a callback still lacks before it may close, in words."""
    missing = []
    if not (callback.called_on and callback.called_person and callback.call_summary):
        missing.append(_("回访记录（日期、对象、情况）"))
    if not (callback.rectified_on and callback.rectification):
        missing.append(_("整改情况"))
    if outcome not in CallbackOutcome.values:
        missing.append(_("回访结果（企业是否满意）"))
    return missing


def callback_close(
    *, callback: Callback, outcome: CallbackOutcome | str | None, by, on: dt.date | None = None
) -> Callback:
    """Close with the enterprise's verdict after rectification; refused, naming what
    is missing, until the call and the rectification are on record."""
    _require_callback_staff(callback, by)
    on = _callback_date(callback, on or timezone.localdate())
    missing = callback_missing(callback, outcome)
    if missing:
        raise ValidationError(
            CallbackError.INCOMPLETE.label, code=CallbackError.INCOMPLETE.value, params={"missing": "、".join(missing)}
        )
    with transaction.atomic():
        entry = _callback_move(
            callback, "close", by=by, event="callback.closed", on=on, args={"on": on, "outcome": str(outcome)}
        )
        deadlines_sync(callback)
        live_announce(entry, callback)
    return callback


def sample_pick(population: Sequence[T], *, share: Decimal, seed: str) -> list[T]:
    """``ceil(share × N)`` members of ``population``, chosen by ``random.Random(seed)``
    and returned in population order: the same seed and population give the same
    pick, and every member is equally likely to be chosen. Rounding up means a
    quiet month with a few closed cases still gets at least one call."""
    size = min(len(population), math.ceil(Decimal(len(population)) * share))
    chosen = set(random.Random(seed).sample(range(len(population)), size))
    return [member for index, member in enumerate(population) if index in chosen]


def _share(value) -> Decimal:
    try:
        share = Decimal(str(value))
    except InvalidOperation:
        share = Decimal(-1)
    if not Decimal(0) < share <= Decimal(1):
        raise ValidationError(CallbackError.SHARE_RANGE.label, code=CallbackError.SHARE_RANGE.value)
    return share


def callbacks_sample_draw(
    *, share: Decimal, seed: str, by, closed_since: dt.date, closed_until: dt.date
) -> CallbackDraw:
    """Draw ``share`` of the cases closed in the period that have no callback yet
    (ordered by id, picked with ``random.Random(seed)``) and open a phone callback
    for each. The seed and the drawn case numbers go into the audit trail, so anyone
    can redo the draw. Drawing again with a seed already used for the same period
    returns that draw unchanged (the monthly task may run twice)."""
    if by is not None and not has_role(by, Role.ADMINISTRATOR):
        raise PermissionDenied(CallbackError.DRAW_NOT_ALLOWED.label)
    share = _share(share)
    seed = text_required(seed, CallbackError.SEED_REQUIRED)
    if closed_since > closed_until:
        raise ValidationError(CallbackError.PERIOD_INVALID.label, code=CallbackError.PERIOD_INVALID.value)
    existing = CallbackDraw.objects.filter(seed=seed).first()
    if existing is not None:
        return _same_draw(existing, closed_since, closed_until)
    today = timezone.localdate()
    try:
        with transaction.atomic():
            population = list(
                ProxyCase.objects.filter(
                    state=CaseState.CLOSED,
                    closed_on__gte=closed_since,
                    closed_on__lte=closed_until,
                    callbacks__isnull=True,
                )
                .select_related("agent")
                .order_by("pk")
            )
            drawn = sample_pick(population, share=share, seed=seed)
            # Created first: a concurrent run with the same seed waits here on the
            # unique seed, then fails and returns the draw that won.
            draw = CallbackDraw.objects.create(
                seed=seed,
                share=share,
                closed_since=closed_since,
                closed_until=closed_until,
                population=len(population),
                drawn_by=by if getattr(by, "is_authenticated", False) else None,
            )
            entry = audit_record(
                subject=draw,
                actor=by,
                event="callback.sample_drawn",
                on=today,
                after={
                    "seed": seed,
                    "share": share,
                    "closed_since": closed_since,
                    "closed_until": closed_until,
                    "population": len(population),
                    "cases": [case.number for case in drawn],
                },
            )
            live_announce(entry, draw)
            supervisors = _supervisors_by_centre(case.agent.centre_id for case in drawn)
            for case in drawn:
                callback, opened = _callback_open(
                    case=case,
                    kind=CallbackKind.SAMPLE,
                    draw=draw,
                    by=by,
                    on=today,
                    assignee=supervisors.get(case.agent.centre_id, case.agent),
                )
                deadlines_sync(callback)
                live_announce(opened, callback)
    except IntegrityError:
        existing = CallbackDraw.objects.filter(seed=seed).first()
        if existing is None:
            raise
        return _same_draw(existing, closed_since, closed_until)
    return draw


def _same_draw(draw: CallbackDraw, closed_since: dt.date, closed_until: dt.date) -> CallbackDraw:
    if (draw.closed_since, draw.closed_until) != (closed_since, closed_until):
        raise ValidationError(CallbackError.SEED_USED.label, code=CallbackError.SEED_USED.value)
    return draw


def month_period(month: str) -> tuple[dt.date, dt.date]:
    """First and last day of a month written "YYYY-MM"."""
    first = dt.datetime.strptime(month, "%Y-%m").date()
    following = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return first, following - dt.timedelta(days=1)


def previous_month(today: dt.date) -> str:
    """ "YYYY-MM" of the month before ``today``: the monthly draw's period and seed."""
    last_of_previous = today.replace(day=1) - dt.timedelta(days=1)
    return f"{last_of_previous:%Y-%m}"
