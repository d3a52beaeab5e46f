"""Forms of the hand-over request."""

from django import forms
from django.utils.translation import gettext_lazy as _


class HandoverRequestForm(forms.Form):
    project_code = forms.CharField(
        label=_("项目代码"),
        max_length=40,
        help_text=_(
            "由其他代办员或代办中心负责的项目，请填写企业提供的投资项目代码，向该项目所属代办中心负责人申请移交"
        ),
    )
    note = forms.CharField(label=_("申请说明"), max_length=300, required=False)


class HandoverRefuseForm(forms.Form):
    reason = forms.CharField(label=_("拒绝理由"), max_length=300)
