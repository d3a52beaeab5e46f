"""The registry of the clock kinds, and recomputing them after the working-day calendar changed."""

import datetime as dt
from collections.abc import Callable, Iterable

from django.db import transaction
from django.db.models import Q

from crm.audit.services import audit_record
from crm.calendar.clock import DeadlineClock
from crm.live.services import live_announce_change
from crm.supervision.services import deadlines_refresh

# model -> its own recompute (``recompute(years=...)`` returning how many moved), or None
# for the plain one. Filled by each app's AppConfig.ready.
_CLOCKS: dict[type[DeadlineClock], Callable[..., int] | None] = {}


def clock_register(model: type[DeadlineClock], *, recompute: Callable[..., int] | None = None) -> None:
    """Declare a clock kind, recomputed after every calendar change: by
    ``recompute(years=...)`` when it needs more than its due date computed again
    (milestones judge finished ones again), else by ``clock_model_recompute``, which
    announces each clock whose due date moved through its app's live announcer."""
    if model._meta.abstract or not issubclass(model, DeadlineClock):
        raise TypeError(f"{model.__name__} is not a concrete DeadlineClock")
    _CLOCKS[model] = recompute


def clock_models() -> list[type[DeadlineClock]]:
    return list(_CLOCKS)


def clock_recompute(*, years: Iterable[int] | None) -> int:
    """Every registered clock after the calendar changed for ``years`` (None: only
    the provisional deadlines). Returns how many moved."""
    years = None if years is None else sorted(set(years))
    return sum(
        recompute(years=years) if recompute is not None else clock_model_recompute(model, years=years)
        for model, recompute in _CLOCKS.items()
    )


def calendar_change_scope(years: Iterable[int] | None) -> tuple[Q, str]:
    """The clocks a change of ``years`` may move, and the reason their audit entries give."""
    if years is None:
        return Q(due_provisional=True), "节假日安排更新"
    years = sorted(set(years))
    touches = Q(started_on__lte=dt.date(years[-1], 12, 31), due_date__gte=dt.date(years[0], 1, 1))
    return touches | Q(due_provisional=True), "节假日安排变更（{}年）".format("、".join(map(str, years)))


def clock_model_recompute(model: type[DeadlineClock], *, years: Iterable[int] | None, chunk: int = 500) -> int:
    """The running or paused clocks of ``model`` the change may move: the due date
    computed again from its start, target and paused days; audited when it moves;
    its supervision deadline refreshed (the warning day moves with the holidays
    too). Returns how many moved."""
    scope, reason = calendar_change_scope(years)
    manager = model._default_manager
    ids = list(
        manager.filter(scope, started_on__isnull=False, due_date__isnull=False)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    changed = 0
    for start in range(0, len(ids), chunk):
        moved = []
        with transaction.atomic():
            batch = [
                clock
                for clock in manager.select_for_update(of=("self",)).filter(pk__in=ids[start : start + chunk])
                if clock.clock_running() or clock.clock_paused()
            ]
            for clock in batch:
                before = {"due_date": clock.due_date, "due_provisional": clock.due_provisional}
                clock.compute_due()
                after = {"due_date": clock.due_date, "due_provisional": clock.due_provisional}
                if after != before:
                    manager.filter(pk=clock.pk).update(**after)
                    entry = audit_record(
                        subject=clock,
                        actor=None,
                        event=f"{model._meta.model_name}.deadline_recomputed",
                        before=before,
                        after=after,
                        reason=reason,
                    )
                    moved.append((entry, clock))
                    changed += 1
            deadlines_refresh(batch)
            for entry, clock in moved:
                live_announce_change(entry, clock)
    return changed
