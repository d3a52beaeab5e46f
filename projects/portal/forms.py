from django import forms
from django.utils.translation import gettext_lazy as _

TRIP_CHOICES = [(0, _("不需要，没有跑现场（零跑动）")), (1, _("需要，到现场一次（如窗口领取）"))]


class ReceiptForm(forms.Form):
    """The enterprise's confirmation of a delivered result: did it have to go anywhere in person?"""

    trips = forms.TypedChoiceField(
        label=_("为取得结果，贵企业是否到现场？"),
        choices=TRIP_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("请选择是否到现场"),
            "invalid_choice": _("请选择是否到现场：0次（零跑动）或1次（最多跑一次）"),
        },
    )
    back = forms.ChoiceField(choices=[("home", ""), ("case", "")], required=False, widget=forms.HiddenInput)
