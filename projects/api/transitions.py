"""Item actions by name. ``projects.cases.actions.ITEM_ACTIONS`` says which service
each action calls, which fields it takes and its label; here each action gets the
serializer that checks its body. The services decide whether the move is allowed
and permitted."""

from rest_framework import serializers

from crm.fsm import allowed_transitions, transition_expected, transition_label
from projects.api.serializers import (
    ItemAcceptActionSerializer,
    ItemActionChoiceSerializer,
    ItemActionSerializer,
    ItemApproveActionSerializer,
    ItemDeliverActionSerializer,
    ItemReasonActionSerializer,
    ItemRejectActionSerializer,
    ItemVerifyActionSerializer,
)
from projects.cases.actions import ITEM_ACTIONS, VERIFY, item_action_perform
from projects.models import ItemState, ProjectItem, staff_on_case

# The body of each action of the table, in its order (the order of an item's life).
_SERIALIZERS: dict[str, type[serializers.Serializer]] = {
    "request_correction": ItemReasonActionSerializer,
    "return_for_correction": ItemReasonActionSerializer,
    "accept": ItemAcceptActionSerializer,
    "approve": ItemApproveActionSerializer,
    "reject": ItemRejectActionSerializer,
    "deliver": ItemDeliverActionSerializer,
    VERIFY: ItemVerifyActionSerializer,
}
ACTION_SERIALIZERS: dict[str, type[serializers.Serializer]] = {
    name: _SERIALIZERS.get(name, ItemActionSerializer) for name in ITEM_ACTIONS
}


def item_actions_available(item: ProjectItem, user) -> list[dict]:
    """What this user may do to the item now, with the labels the pages show, in the
    order of the item's life."""
    order = list(ITEM_ACTIONS)
    allowed = sorted(allowed_transitions(item, user=user), key=lambda t: order.index(t.name))
    actions = [{"action": t.name, "label": transition_label(t)} for t in allowed]
    if (
        item.by_commitment
        and item.state in (ItemState.APPROVED, ItemState.DELIVERED)
        and item.verified_on is None
        and staff_on_case(item.case, user)
    ):
        actions.append({"action": VERIFY, "label": ITEM_ACTIONS[VERIFY].label})
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
    transition_expected(item, fields.pop("expected_state", None))
    return item_action_perform(item=item, action=name, by=by, **fields)
