"""What can be done to an item, by name: one table for the case page's buttons, the
API's transitions and the demo. Each row names the service, the fields it takes and
its label (the state machine's own, so the page and the API say the same)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from crm.actions import Action, transition_labels
from projects.cases.errors import ItemError
from projects.cases.models import ProjectItem
from projects.cases.services import (
    item_accept,
    item_approve,
    item_corrected,
    item_deliver,
    item_pass_prereview,
    item_reject,
    item_request_correction,
    item_resubmit,
    item_return,
    item_start_review,
    item_submit,
    item_verify,
)

_LABELS = transition_labels(ProjectItem)

# Not a state change: the later check of an item approved on commitment.
VERIFY = "verify"

# What follows a decision, said before the user confirms it (a decision cannot be undone).
_APPROVE_FOLLOWS = _(
    "准予许可后不能撤销或改为不予许可：决定文书编号和决定日期记入办理轨迹，部门计时停止，"
    "企业随即收到通知；下一步为送达。"
)
_REJECT_FOLLOWS = _(
    "不予许可后不能撤销或改为准予许可：决定文书编号、日期和说明记入办理轨迹，部门计时停止，"
    "企业随即收到通知；下一步为送达不予许可决定书。"
)
_CONFIRM = {"approve": _APPROVE_FOLLOWS, "reject": _REJECT_FOLLOWS}

# In the order of an item's life (the order the page and GET .../transitions/ list them in).
ITEM_ACTIONS: dict[str, Action] = {
    name: Action(service, fields, _LABELS.get(name, label), confirm=_CONFIRM.get(name, ""))
    for name, service, fields, label in [
        ("request_correction", item_request_correction, ("reason", "materials"), ""),
        ("corrected", item_corrected, (), ""),
        ("pass_prereview", item_pass_prereview, (), ""),
        ("submit", item_submit, (), ""),
        ("accept", item_accept, ("acceptance_no",), ""),
        ("start_review", item_start_review, (), ""),
        ("return_for_correction", item_return, ("reason", "materials"), ""),
        ("resubmit", item_resubmit, (), ""),
        ("approve", item_approve, ("decision_no", "note"), ""),
        ("reject", item_reject, ("decision_no", "note"), ""),
        ("deliver", item_deliver, ("method", "trips", "carrier", "tracking_no"), ""),
        (VERIFY, item_verify, ("note",), _("承诺核查")),
    ]
}


def item_action_perform(*, item: ProjectItem, action: str, by, on: dt.date | None = None, **fields) -> ProjectItem:
    """Run the item action named ``action`` (a transition name) with the fields it takes."""
    if action not in ITEM_ACTIONS:
        raise ValidationError(ItemError.UNKNOWN_ACTION.label, code=ItemError.UNKNOWN_ACTION.value)
    names = ITEM_ACTIONS[action].fields
    data = {name: fields.get(name) or "" for name in names if name != "trips"}
    if "trips" in names:
        data["trips"] = fields.get("trips")
    return ITEM_ACTIONS[action].perform({"item": item}, data, by, on=on)
