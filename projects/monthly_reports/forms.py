"""Which report: a zone and a month (YYYY-MM), checked before any figure is counted."""

import datetime as dt

from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

FIRST_YEAR = 2000


class MonthField(forms.CharField):
    """A month written YYYY-MM, from 2000-01 to this month; cleans to its first day."""

    default_validators = [RegexValidator(r"^\d{4}-(0[1-9]|1[0-2])$", _("月份的格式为 YYYY-MM，例如 2026-11"))]

    def __init__(self, **kwargs):
        super().__init__(max_length=7, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        first = dt.date(int(value[:4]), int(value[5:]), 1)
        if first.year < FIRST_YEAR:
            raise forms.ValidationError(_("月份不能早于 %(year)s 年"), code="too_early", params={"year": FIRST_YEAR})
        if first > timezone.localdate():
            raise forms.ValidationError(_("月份不能晚于本月"), code="future")
        return first


class ReportForm(forms.Form):
    """The report page, its PDF and a (re)generation: a zone (by number) and a month."""

    zone = forms.IntegerField(label=_("区域"), min_value=1, max_value=2**31 - 1)
    month = MonthField(label=_("月份"))
