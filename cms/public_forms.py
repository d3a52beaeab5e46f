"""The public site's forms: the query strings of its lists and the status lookup.
(Apart from cms/forms.py, which Wagtail's upload forms need and which models may not
import.)"""

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


class ContactRequestForm(forms.Form):
    """ "请这位代办员联系我"."""

    enterprise_name = forms.CharField(label=_("企业名称"), max_length=200)
    contact_name = forms.CharField(label=_("联系人"), max_length=50)
    phone = forms.RegexField(
        label=_("联系电话"),
        max_length=30,
        regex=r"^[0-9+\-() ]{7,30}$",
        error_messages={"invalid": _("请填写有效的电话号码（数字，可含区号和“-”）")},
    )
    plan = forms.CharField(label=_("拟办事项"), max_length=1000, widget=forms.Textarea(attrs={"rows": 4}))


class SearchForm(forms.Form):
    q = forms.CharField(label=_("搜索"), max_length=50, required=False)
