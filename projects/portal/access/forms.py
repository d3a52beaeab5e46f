"""Forms of enterprise access: every value a page sends goes through one."""

from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.core.validators import RegexValidator
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
    # The link goes out by SMS: a mainland mobile number (11 digits from 13… to 19…).
    phone = forms.CharField(
        label=_("手机号码"),
        max_length=_max("phone"),
        required=False,
        validators=[RegexValidator(r"^1[3-9][0-9]{9}$", _("请输入11位手机号码，例如 13912345678"))],
    )
    email = forms.EmailField(label=_("电子邮箱"), max_length=_max("email"), required=False)

    def __init__(self, *args, enterprise_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = contacts_without_access(enterprise_id)


class PasswordSetForm(SetPasswordForm):
    """Django's own: the two passwords must match and pass the password validators."""
