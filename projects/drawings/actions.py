"""What can be done to a drawing review, by name: one table for the drawings page
(its buttons, the form each reads) and any other caller. Each row names the service,
the fields it takes and its label (the state machine's own where it is a move)."""

from django.utils.translation import gettext_lazy as _

from crm.actions import Action, transition_labels
from projects.drawings.forms import (
    DrawingAcceptForm,
    DrawingMoveForm,
    DrawingPassForm,
    DrawingReasonForm,
    StaffOpinionForm,
)
from projects.drawings.models import DrawingReview
from projects.drawings.services import (
    drawing_opinion_give,
    drawing_review_accept,
    drawing_review_consolidate,
    drawing_review_fail,
    drawing_review_pass,
    drawing_review_resubmit,
    drawing_review_return,
    drawing_review_start,
)

_LABELS = transition_labels(DrawingReview)

# The page's names (in its addresses) for each move, in the order of a review.
DRAWING_ACTIONS: dict[str, Action] = {
    "accept": Action(drawing_review_accept, ("acceptance_no", "on"), _LABELS["accept"], DrawingAcceptForm),
    "start": Action(drawing_review_start, ("on",), _LABELS["start_review"], DrawingMoveForm),
    # Not a move: the case staff record a discipline's opinion on its behalf.
    "opinion": Action(drawing_opinion_give, ("discipline", "verdict", "text", "on"), _("出具意见"), StaffOpinionForm),
    "consolidate": Action(drawing_review_consolidate, ("on",), _LABELS["consolidate"], DrawingMoveForm),
    "pass": Action(drawing_review_pass, ("certificate_no", "on"), _LABELS["pass_review"], DrawingPassForm),
    "return": Action(drawing_review_return, ("reason", "on"), _LABELS["return_for_revision"], DrawingReasonForm),
    "resubmit": Action(drawing_review_resubmit, ("on",), _LABELS["resubmit"], DrawingMoveForm),
    "fail": Action(drawing_review_fail, ("reason", "on"), _LABELS["fail"], DrawingReasonForm),
}
