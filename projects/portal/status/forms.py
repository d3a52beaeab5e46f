"""The lookup form: the project code and the verification code from the contact card."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from projects.models import VERIFICATION_ALPHABET, VERIFICATION_LENGTH

CODE_MAX = 24  # Project.code
VERIFY_MAX = 40  # before spaces and dashes are dropped
_SPACING = re.compile(r"[\s\-]+")
_VERIFICATION = re.compile(rf"[{VERIFICATION_ALPHABET}]{{{VERIFICATION_LENGTH}}}")


class LookupForm(forms.Form):
    # The page writes the inputs out itself (templates/projects/portal/status/lookup.html).
    code = forms.CharField(
        label=_("投资项目代码"),
        max_length=CODE_MAX,
    )
    verify = forms.CharField(
        label=_("查询验证码"),
        max_length=VERIFY_MAX,
    )

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip()

    def clean_verify(self) -> str:
        """Upper case, spaces and dashes dropped (as read off the card); the shape is
        checked here, the value only against the project's, in constant time."""
        value = _SPACING.sub("", self.cleaned_data["verify"]).upper()
        if not _VERIFICATION.fullmatch(value):
            raise ValidationError("malformed")  # never shown: every wrong pair reads the same
        return value
