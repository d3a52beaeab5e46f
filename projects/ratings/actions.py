"""What can be done to a callback, by name: one table for the callbacks page (its
buttons, the form each reads) and any other caller. Each row names the service, the
fields it takes and the state machine's label for the move."""

from crm.actions import Action, transition_labels
from projects.ratings.forms import CallForm, CloseForm, RectificationForm
from projects.ratings.models import Callback
from projects.ratings.services import callback_call_record, callback_close, callback_rectification_record

_LABELS = transition_labels(Callback)

# In the order of a callback.
CALLBACK_ACTIONS: dict[str, Action] = {
    "call": Action(callback_call_record, ("on", "person", "summary"), _LABELS["record_call"], CallForm),
    "rectification": Action(
        callback_rectification_record, ("on", "rectification"), _LABELS["record_rectification"], RectificationForm
    ),
    "close": Action(callback_close, ("outcome", "on"), _LABELS["close"], CloseForm),
}
