"""Forms of enterprise access: every value a page sends goes through one."""

from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext_lazy as _

from projects.models import EnterpriseContact
from projects.portal.access.selectors import contacts_without_access


def _max(name: str) -> int:
    return EnterpriseContact._meta.get_field(name).max_length


class InviteForm(forms.Form):
    """Invite a registered contact without an account, or a new one (the service says
    what a new one needs)."""

    contact = forms.ModelChoiceField(
        label=_("已登记的联系人"),
        queryset=EnterpriseContact.objects.none(),
        required=False,
        empty_label=_("（新联系人，填写下方信息）"),
    )
    name = forms.CharField(label=_("姓名"), max_length=_max("name"), required=False)
    position = forms.CharField(label=_("职务"), max_length=_max("position"), required=False)
    phone = forms.CharField(label=_("手机号码"), max_length=_max("phone"), required=False)
    email = forms.EmailField(label=_("电子邮箱"), max_length=_max("email"), required=False)

    def __init__(self, *args, enterprise_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = contacts_without_access(enterprise_id)


class PasswordSetForm(SetPasswordForm):
    """Django's own: the two passwords must match and pass the password validators."""
