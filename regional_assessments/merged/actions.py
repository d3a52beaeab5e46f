"""What can be done to a merged assessment, by name: one table for the assessments
page (its buttons, the form each reads) and any other caller. Each row names the
service, the fields it takes and the state machine's label for the move."""

import secrets

from crm.actions import Action, transition_labels
from regional_assessments.merged.forms import (
    DEFAULT_PANEL_SIZE,
    ApproveForm,
    ExpertsDrawForm,
    MergedMoveForm,
    RevisionForm,
)
from regional_assessments.merged.models import MergedAssessment
from regional_assessments.merged.services import (
    experts_draw,
    intermediary_draw,
    merged_assessment_approve,
    merged_compiling_start,
    merged_resubmit,
    merged_revision_request,
)

_LABELS = transition_labels(MergedAssessment)


# Seeds come from the server's random source and are logged with the draw.
def _intermediary_draw(*, assessment: MergedAssessment, by, on=None):
    return intermediary_draw(assessment=assessment, seed=secrets.randbits(48), by=by, on=on)


def _experts_draw(*, assessment: MergedAssessment, count: int | None, by, on=None):
    return experts_draw(
        assessment=assessment, seed=secrets.randbits(48), count=count or DEFAULT_PANEL_SIZE, by=by, on=on
    )


# The page's names (in its addresses) for each move, in the order of an assessment.
MERGED_MOVES: dict[str, Action] = {
    "draw-intermediary": Action(_intermediary_draw, ("on",), _LABELS["draw_intermediary"], MergedMoveForm),
    "start-compiling": Action(merged_compiling_start, ("on",), _LABELS["start_compiling"], MergedMoveForm),
    "draw-experts": Action(_experts_draw, ("count", "on"), _LABELS["start_joint_review"], ExpertsDrawForm),
    "request-revision": Action(merged_revision_request, ("reason", "on"), _LABELS["request_revision"], RevisionForm),
    "resubmit": Action(merged_resubmit, ("on",), _LABELS["resubmit"], MergedMoveForm),
    "approve": Action(merged_assessment_approve, ("approval_no", "on"), _LABELS["approve"], ApproveForm),
}
