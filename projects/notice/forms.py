"""Forms of the one-time notice."""

from django import forms
from django.utils.translation import gettext_lazy as _

from projects.models import (
    OneTimeNotice,
)


class NoticeSupplementForm(forms.Form):
    # Not required here: the service says why a supplement needs a reason.
    reason = forms.CharField(
        label=_("补充告知原因"),
        max_length=OneTimeNotice._meta.get_field("reason").max_length,
        required=False,
        widget=forms.TextInput(attrs={"size": 60, "required": True}),
    )
