"""Forms of the joint drawing review."""

from django import forms
from django.utils.translation import gettext_lazy as _

from crm.forms import StepDateForm
from projects.models import (
    DrawingReview,
    DrawingReviewPause,
    OpinionVerdict,
    ReviewDiscipline,
)

# A reason is kept on the review's pause (and quoted, shortened if need be, on the milestone's).
REASON_MAX = DrawingReviewPause._meta.get_field("reason").max_length


OPINION_TEXT_MAX = 2000


class DrawingSubmitForm(StepDateForm):
    # Text fields are not required here where the service says why they are needed.
    package = forms.CharField(
        label=_("图纸包名称"), max_length=DrawingReview._meta.get_field("package").max_length, required=False
    )


class DrawingAcceptForm(StepDateForm):
    acceptance_no = forms.CharField(
        label=_("受理编号"), max_length=DrawingReview._meta.get_field("acceptance_no").max_length, required=False
    )


class DrawingPassForm(StepDateForm):
    certificate_no = forms.CharField(
        label=_("施工图审查合格书编号"),
        max_length=DrawingReview._meta.get_field("certificate_no").max_length,
        required=False,
    )


class DrawingReasonForm(StepDateForm):
    reason = forms.CharField(label=_("原因"), max_length=REASON_MAX, required=False)


class DrawingMoveForm(StepDateForm):
    """The moves that take nothing but the button."""


class OpinionForm(StepDateForm):
    """A discipline's opinion from the reviewer's queue (the discipline is in the address)."""

    verdict = forms.ChoiceField(label=_("审查结论"), choices=OpinionVerdict.choices)
    text = forms.CharField(label=_("审查意见"), max_length=OPINION_TEXT_MAX, required=False)


class StaffOpinionForm(OpinionForm):
    """The same, recorded by the case staff on a discipline's behalf."""

    discipline = forms.ModelChoiceField(label=_("专业"), queryset=ReviewDiscipline.objects.all())
