"""Forms of the project page (milestone events, pauses)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from crm.forms import DateInput
from projects.investment.events import MilestoneEvent
from projects.models import (
    PauseCause,
)


class EventForm(forms.Form):
    event = forms.ChoiceField(label=_("事件"), choices=MilestoneEvent.choices)
    on = forms.DateField(label=_("发生日期"), widget=DateInput)


class PauseForm(forms.Form):
    cause = forms.ChoiceField(label=_("暂停类型"), choices=PauseCause.choices)
    reason = forms.CharField(label=_("暂停原因"), max_length=300)
    on = forms.DateField(label=_("暂停日期"), widget=DateInput)


class ResumeForm(forms.Form):
    on = forms.DateField(label=_("恢复日期"), widget=DateInput)
