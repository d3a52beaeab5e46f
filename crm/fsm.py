"""Applying django-fsm transitions with errors a user can act on: an illegal move
says what is allowed instead; a lost race says someone else got there first."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransition, ConcurrentTransitionMixin, can_proceed, has_transition_perm


def transition_label(transition) -> str:
    return str(transition.custom.get("label", transition.name))


def condition(reason):
    """A transition condition that can say why it is not met: the page shows the
    transition disabled with ``reason`` beside it, and the refusal says it. A condition
    without a reason chooses between paths (the first or the last round): a transition
    it stops is not offered at all."""

    def mark(check):
        check.reason = reason
        return check

    return mark


def _declared(instance: models.Model, field_name: str) -> list:
    """The transitions declared from the instance's current state, in the order the
    model declares them (the order of the process)."""
    field = instance._meta.get_field(field_name)
    current = getattr(instance, field_name)
    order = {name: i for i, name in enumerate(vars(type(instance)))}
    found = []
    for method in field.transitions[type(instance)].values():
        declared = method._django_fsm.get_transition(current)
        if declared is not None:
            found.append(declared)
    return sorted(found, key=lambda t: order.get(t.name, len(order)))


def unmet_reason(instance: models.Model, transition) -> str | None:
    """Why ``transition`` cannot be taken now: "" if it can, the reason of its first
    unmet condition, or None if an unmet condition gives no reason (not offered)."""
    for check in transition.conditions or ():
        if not check(instance):
            reason = getattr(check, "reason", None)
            return None if reason is None else str(reason)
    return ""


def transition_options(instance: models.Model, *, user, field_name: str = "state") -> list[tuple]:
    """What ``user`` may do to ``instance`` from its state, in process order: each
    transition with the reason it cannot be taken now ("" if it can). Transitions the
    user is not permitted, and paths a reasonless condition rules out, are left out."""
    options = []
    for declared in _declared(instance, field_name):
        if not declared.has_perm(instance, user):
            continue
        reason = unmet_reason(instance, declared)
        if reason is not None:
            options.append((declared, reason))
    return options


def allowed_transitions(instance: models.Model, field_name: str = "state", user=None) -> list:
    """Transitions possible now (and permitted to ``user``), in the order the model
    declares them, which is the order of the process."""
    if user is not None:
        found = getattr(instance, f"get_available_user_{field_name}_transitions")(user)
    else:
        found = getattr(instance, f"get_available_{field_name}_transitions")()
    order = {name: i for i, name in enumerate(vars(type(instance)))}
    return sorted(found, key=lambda t: order.get(t.name, len(order)))


def transition_apply(instance: models.Model, name: str, *, user=None, field_name: str = "state", **kwargs: Any) -> None:
    """Run transition ``name`` on ``instance`` (in memory), or raise a ValidationError
    naming the current state and the transitions that are allowed from it."""
    method = getattr(instance, name)
    meta = method._django_fsm
    declared = next(iter(meta.transitions.values()))
    # Who may act at all comes first: someone outside the rule learns nothing of the state.
    if user is not None and not declared.has_perm(instance, user):
        raise PermissionDenied(_("您没有执行该操作的权限"))
    if not can_proceed(method):
        current = meta.get_transition(getattr(instance, field_name))
        reason = unmet_reason(instance, current) if current is not None else None
        if reason:
            raise ValidationError(reason, code="transition_condition")
        allowed = "、".join(transition_label(t) for t in allowed_transitions(instance, field_name, user)) or _("无")
        label = declared.custom.get("label", name)
        raise ValidationError(
            _("当前状态为“%(state)s”，不能执行“%(action)s”。当前可执行的操作：%(allowed)s"),
            code="transition_not_allowed",
            params={
                "state": getattr(instance, f"get_{field_name}_display")(),
                "action": label,
                "allowed": allowed,
            },
        )
    if user is not None and not has_transition_perm(method, user):
        raise PermissionDenied(_("您没有执行该操作的权限"))
    method(**kwargs)


CONCURRENT_CHANGE = _("该记录已被其他人修改，请刷新页面后重试")


def transition_save(instance: models.Model, **kwargs: Any) -> None:
    """Save after a transition; a concurrent transition by someone else becomes a
    message the user can act on (the surrounding transaction rolls back)."""
    try:
        instance.save(**kwargs)
    except ConcurrentTransition as error:
        raise ValidationError(CONCURRENT_CHANGE, code="concurrent_change") from error


def transition_expected(instance: models.Model, expected: str | None, field_name: str = "state") -> None:
    """Refuse a move asked for from a page or client that saw another state (``expected``,
    when given) than the record has now: someone else moved it meanwhile, and the
    move must not be made twice or applied to a state the user never saw."""
    if expected and expected != getattr(instance, field_name):
        raise ValidationError(CONCURRENT_CHANGE, code="concurrent_change")


def transition_lock(instance: models.Model, state_before: str, field_name: str = "state") -> None:
    """Lock the row (inside the caller's transaction) and refuse a stale copy before
    anything that goes with the move is written. Without it, the loser of a race
    writes its pause rows first and then trips over the winner's (a unique open
    pause, a pause already closed) instead of being told someone else got there."""
    current = (
        type(instance)
        ._default_manager.select_for_update()
        .filter(pk=instance.pk)
        .values_list(field_name, flat=True)
        .first()
    )
    if current != state_before:
        raise ValidationError(CONCURRENT_CHANGE, code="concurrent_change")


class StateMachineMixin(ConcurrentTransitionMixin):
    """For models with a protected ``state`` FSMField: concurrent transitions are
    refused (optimistic, on the state), and ``full_clean()`` leaves the state alone —
    only transitions ever set it, and the protected field refuses clean_fields()'
    re-assignment."""

    def clean_fields(self, exclude=None) -> None:
        super().clean_fields(exclude={*(exclude or ()), "state"})


def transition_audited(
    instance: models.Model,
    name: str,
    *,
    by,
    event: str,
    snapshot,
    on=None,
    reason: str = "",
    args: dict | None = None,
    then=None,
    extra: dict | None = None,
):
    """One audited move of a state machine, in one transaction: check it is allowed
    and permitted, let ``then`` add what goes with it, save against a concurrent
    change, and record what ``snapshot`` shows changed (plus ``extra``). A step dated
    ``on`` cannot come before the subject's previous dated step. Returns the audit
    entry, for the effects the caller's service writes next."""
    from django.db import transaction

    from crm.audit.services import audit_changes, audit_last_day, audit_record
    from crm.calendar.services import day_not_before

    with transaction.atomic():
        before = snapshot(instance)
        state_before = instance.state
        transition_apply(instance, name, user=by, **(args or {}))
        transition_lock(instance, state_before)
        if on is not None:
            day_not_before(on, audit_last_day(instance))
        if then is not None:
            then()
        transition_save(instance)
        old, new = audit_changes(before, snapshot(instance))
        return audit_record(
            subject=instance, actor=by, event=event, before=old, after={**new, **(extra or {})}, reason=reason, on=on
        )
