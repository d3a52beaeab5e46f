"""Forms of a project's assessment page: what a reuse saved and the merged
assessment's moves. Bounds come from the model fields; a value outside them gets
the same sentence the service would give."""

from django import forms
from django.utils.translation import gettext_lazy as _

from regional_assessments.errors import MergedAssessmentError, ZoneReportError
from regional_assessments.models import MergedAssessment, MergedAssessmentPause, MergedAssessmentState, ReportReuse

_fee = ReportReuse._meta.get_field("fee_saved")
_negative = {"min_value": ZoneReportError.SAVINGS_NEGATIVE.label}

# Experts on a joint review panel unless the agent asks for another number.
DEFAULT_PANEL_SIZE = 5
# No pool has more experts than this; a larger panel is a typing slip.
MAX_PANEL_SIZE = 99


class ReuseSavingsForm(forms.Form):
    days_saved = forms.IntegerField(
        label=_("节省工作日"),
        min_value=0,
        max_value=32767,
        error_messages=_negative,  # PositiveSmallIntegerField
    )
    fee_saved = forms.DecimalField(
        label=_("节省费用（元）"),
        min_value=0,
        max_digits=_fee.max_digits,
        decimal_places=_fee.decimal_places,
        error_messages=_negative,
    )


class MergedMoveForm(forms.Form):
    """The page's state when the button was pressed, so a move someone else made
    meanwhile is not made twice."""

    expected_state = forms.ChoiceField(label=_("页面状态"), choices=MergedAssessmentState.choices, required=False)


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
