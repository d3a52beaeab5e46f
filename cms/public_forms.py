"""The public site's forms: the query strings of its lists and the status lookup.
(Apart from cms/forms.py, which Wagtail's upload forms need and which models may not
import.)"""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

SPECIALITY_SEPARATORS = "、，,；;"


def specialities(texts) -> list[str]:
    """The distinct specialities named in agents' "擅长领域" texts, in order of first mention."""
    found: dict[str, None] = {}
    for text in texts:
        for sep in SPECIALITY_SEPARATORS:
            text = text.replace(sep, "\n")
        found.update(dict.fromkeys(part.strip() for part in text.splitlines() if part.strip()))
    return list(found)


class DirectoryFilterForm(forms.Form):
    """The agent directory's query string: zone and speciality."""

    zone = forms.ModelChoiceField(label=_("区域"), queryset=None, required=False, empty_label=_("全部区域"))
    speciality = forms.ChoiceField(label=_("擅长领域"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from agents.selectors import agent_directory
        from crm.organisation.models import Zone

        agents = agent_directory()
        self.fields["zone"].queryset = Zone.objects.filter(pk__in={agent.zone_id for agent in agents})
        self.fields["speciality"].choices = [
            ("", _("全部领域")),
            *((name, name) for name in specialities(agent.specialties for agent in agents)),
        ]


class CatalogueFilterForm(forms.Form):
    """The catalogue's query string: department and a search text."""

    department = forms.ModelChoiceField(label=_("实施部门"), queryset=None, required=False, empty_label=_("全部部门"))
    q = forms.CharField(label=_("搜索事项"), max_length=50, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from cms.selectors import catalogue_departments

        self.fields["department"].queryset = catalogue_departments()


class StatusLookupForm(forms.Form):
    """The home page's lookup of a project's status, answered by /status/."""

    code = forms.CharField(label=_("项目代码"), max_length=40)
    verify = forms.CharField(label=_("查询验证码"), max_length=20)


# A mainland mobile number, or a landline with its area code (and an extension).
PHONE = re.compile(r"^(?:1[3-9][0-9]{9}|0[1-9][0-9]{1,2}-?[0-9]{7,8}(?:-[0-9]{1,6})?)$")


class ContactRequestForm(forms.Form):
    """ "请这位代办员联系我"."""

    enterprise_name = forms.CharField(label=_("企业名称"), max_length=200)
    contact_name = forms.CharField(label=_("联系人"), max_length=50)
    phone = forms.CharField(
        label=_("联系电话"), max_length=30, help_text=_("手机号码，或带区号的固定电话，例如 0515-88880000")
    )
    plan = forms.CharField(label=_("拟办事项"), max_length=300, widget=forms.Textarea(attrs={"rows": 4}))

    def clean_phone(self) -> str:
        phone = re.sub(r"[\s()（）]", "", self.cleaned_data["phone"])
        if not PHONE.fullmatch(phone):
            raise forms.ValidationError(
                _("请填写有效的电话号码：11位手机号码，或带区号的固定电话，例如 0515-88880000"), code="invalid"
            )
        return phone


class SearchForm(forms.Form):
    q = forms.CharField(label=_("搜索"), max_length=50, required=False)
