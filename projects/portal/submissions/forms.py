"""The forms of the submissions pages: the enterprise's upload (or reuse) and the agent's review."""

from django import forms
from django.utils.translation import gettext_lazy as _

from crm.uploads import SCAN_KINDS, upload_form_field
from projects.models import EnterpriseMaterial, ItemPause, Material


class SubmissionForm(forms.Form):
    """One material of one request (the notice: no ``pause``; a correction: its
    pause): a new file, or a copy from the material library."""

    material = forms.ModelChoiceField(label=_("材料"), queryset=Material.objects.all(), widget=forms.HiddenInput)
    pause = forms.ModelChoiceField(
        label=_("补正要求"), queryset=ItemPause.objects.none(), required=False, widget=forms.HiddenInput
    )
    file = upload_form_field(_("选择文件"), kinds=SCAN_KINDS)
    library_copy = forms.ModelChoiceField(
        label=_("材料库副本"), queryset=EnterpriseMaterial.objects.none(), required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pause"].queryset = ItemPause.objects.filter(item__case=case)
        self.fields["library_copy"].queryset = EnterpriseMaterial.objects.filter(enterprise_id=case.enterprise_id)


class ReviewForm(forms.Form):
    ACCEPT, AGAIN = "accept", "again"

    decision = forms.ChoiceField(label=_("审核"), choices=[(ACCEPT, _("收取")), (AGAIN, _("要求重新提交"))])
    reason = forms.CharField(label=_("重新提交的原因"), max_length=300, required=False)
