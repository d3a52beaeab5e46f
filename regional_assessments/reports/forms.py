"""Forms of the reuse record."""

from django import forms
from django.utils.translation import gettext_lazy as _

from regional_assessments.merged.forms import _fee, _negative


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
