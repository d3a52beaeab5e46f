"""Item actions by name. ``ITEM_ACTIONS`` says which service each action
calls and which fields it takes; here each action gets the serializer that checks
its body. The services decide whether the move is allowed and permitted."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from crm.fsm import allowed_transitions, transition_label
from projects.api.serializers import (
    ACTION_CHOICES,
    VERIFY,
    ItemAcceptActionSerializer,
    ItemActionChoiceSerializer,
    ItemActionSerializer,
    ItemApproveActionSerializer,
    ItemDeliverActionSerializer,
    ItemReasonActionSerializer,
    ItemRejectActionSerializer,
    ItemVerifyActionSerializer,
)
from projects.cases.services import item_action_perform, item_verify
from projects.models import ItemState, ProjectItem, staff_on_case

# In the order of an item's life (the order GET .../transitions/ lists them in).
ACTION_SERIALIZERS: dict[str, type[serializers.Serializer]] = {
    "request_correction": ItemReasonActionSerializer,
    "corrected": ItemActionSerializer,
    "pass_prereview": ItemActionSerializer,
    "submit": ItemActionSerializer,
    "accept": ItemAcceptActionSerializer,
    "start_review": ItemActionSerializer,
    "return_for_correction": ItemReasonActionSerializer,
    "resubmit": ItemActionSerializer,
    "approve": ItemApproveActionSerializer,
    "reject": ItemRejectActionSerializer,
    "deliver": ItemDeliverActionSerializer,
    # Not a state change: the later check of an item approved on commitment.
    VERIFY: ItemVerifyActionSerializer,
}

# The sentence crm.fsm gives for a lost race, so both kinds of staleness read alike.
STALE = _("该记录已被其他人修改，请刷新页面后重试")


def item_actions_available(item: ProjectItem, user) -> list[dict]:
    """What this user may do to the item now, with the labels the pages show, in the
    order of the item's life."""
    order = list(ACTION_SERIALIZERS)
    allowed = sorted(allowed_transitions(item, user=user), key=lambda t: order.index(t.name))
    actions = [{"action": t.name, "label": transition_label(t)} for t in allowed]
    if (
        item.by_commitment
        and item.state in (ItemState.APPROVED, ItemState.DELIVERED)
        and item.verified_on is None
        and staff_on_case(item.case, user)
    ):
        actions.append({"action": VERIFY, "label": dict(ACTION_CHOICES)[VERIFY]})
    return actions


def item_action_apply(*, item: ProjectItem, by, data) -> ProjectItem:
    """Check the body against the action's serializer, then call its service.

    ``expected_state`` lets a client say which state it last saw: if the item has
    moved on since, the action is refused as a concurrent change rather than applied
    to a state the client never saw."""
    chosen = ItemActionChoiceSerializer(data=data)
    chosen.is_valid(raise_exception=True)
    name = chosen.validated_data["action"]
    body = ACTION_SERIALIZERS[name](data=data)
    body.is_valid(raise_exception=True)
    fields = dict(body.validated_data)
    fields.pop("action")
    expected = fields.pop("expected_state", None)
    if expected is not None and expected != item.state:
        raise ValidationError(STALE, code="concurrent_change")
    if name == VERIFY:
        return item_verify(item=item, by=by, **fields)
    return item_action_perform(item=item, action=name, by=by, **fields)
