from django import forms
from django.utils.translation import gettext_lazy as _

from projects.models import MESSAGE_MAX


class MessageForm(forms.Form):
    # Not required here: the service says why an empty message is refused.
    body = forms.CharField(
        label=_("留言"), max_length=MESSAGE_MAX, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
