from django import forms
from django.utils.translation import gettext_lazy as _

from crm.forms import DateInput
from projects.models import RATING_DIMENSIONS, CallbackOutcome, RatingLevel

_NOT_RATED = [("", _("不评"))]


class RatingForm(forms.Form):
    level = forms.TypedChoiceField(
        label=_("总体评价"), choices=RatingLevel.choices, coerce=int, widget=forms.RadioSelect, required=False
    )
    comment = forms.CharField(
        label=_("意见建议（选填）"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in RATING_DIMENSIONS:
            self.fields[name] = forms.TypedChoiceField(
                label=label,
                choices=_NOT_RATED + list(RatingLevel.choices),
                coerce=int,
                empty_value=None,
                required=False,
            )

    def dimensions(self) -> dict:
        return {name: self.cleaned_data.get(name) for name, _label in RATING_DIMENSIONS}


class CallForm(forms.Form):
    on = forms.DateField(label=_("回访日期"), widget=DateInput, required=False)
    person = forms.CharField(label=_("回访对象"), max_length=50, required=False)
    summary = forms.CharField(
        label=_("回访情况"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RectificationForm(forms.Form):
    on = forms.DateField(label=_("整改日期"), widget=DateInput, required=False)
    rectification = forms.CharField(
        label=_("整改情况"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("回访结果"), choices=[("", "—")] + list(CallbackOutcome.choices), required=False
    )
    on = forms.DateField(label=_("办结日期"), widget=DateInput, required=False)
