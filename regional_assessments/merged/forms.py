"""Forms of the merged assessment."""

from django import forms
from django.utils.translation import gettext_lazy as _

from crm.forms import StepDateForm
from regional_assessments.merged.errors import MergedAssessmentError
from regional_assessments.merged.models import MergedAssessment, MergedAssessmentPause, MergedAssessmentState
from regional_assessments.reports.errors import ZoneReportError
from regional_assessments.reports.models import ReportReuse

_fee = ReportReuse._meta.get_field("fee_saved")


_negative = {"min_value": ZoneReportError.SAVINGS_NEGATIVE.label}


# Experts on a joint review panel unless the agent asks for another number.
DEFAULT_PANEL_SIZE = 5


# No pool has more experts than this; a larger panel is a typing slip.
MAX_PANEL_SIZE = 99


class MergedMoveForm(StepDateForm):
    """The page's state when the button was pressed, so a move someone else made
    meanwhile is not made twice."""

    expected_state = forms.ChoiceField(label=_("页面状态"), choices=MergedAssessmentState.choices, required=False)


class MergedStartForm(StepDateForm):
    """Starting the merged assessment (or completing it by reuse alone) on the day it happened."""


class ExpertsDrawForm(MergedMoveForm):
    count = forms.IntegerField(
        label=_("专家人数"),
        min_value=1,
        max_value=MAX_PANEL_SIZE,
        required=False,
        error_messages={"min_value": MergedAssessmentError.COUNT_INVALID.label},
    )


class RevisionForm(MergedMoveForm):
    # Not required here: the service says why a revision needs a reason.
    reason = forms.CharField(
        label=_("修改意见"), max_length=MergedAssessmentPause._meta.get_field("reason").max_length, required=False
    )


class ApproveForm(MergedMoveForm):
    approval_no = forms.CharField(
        label=_("批复文号"), max_length=MergedAssessment._meta.get_field("approval_no").max_length, required=False
    )
