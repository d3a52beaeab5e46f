"""Forms of the case pages and the workbench."""

from django import forms
from django.utils.translation import gettext_lazy as _

from crm.forms import DateInput, PageForm
from crm.uploads import SCAN_KINDS, upload_form_field
from projects.cases.handover.selectors import projects_linkable
from projects.cases.selectors import centre_item_load
from projects.models import (
    ApprovalItem,
    ContactChannel,
    DeliveryMethod,
    Enterprise,
    Industry,
    ItemBundle,
    ItemState,
    Material,
    MilestoneDefinition,
    Project,
)


class FirstContactForm(forms.Form):
    """A first contact: an enterprise already known (by credit code) or a new one."""

    credit_code = forms.CharField(
        label=_("统一社会信用代码"),
        max_length=18,
        required=False,
        help_text=_("已登记企业填写代码即可；设立中的企业可不填"),
    )
    enterprise_name = forms.CharField(label=_("企业名称"), max_length=200, required=False)
    zone = forms.ModelChoiceField(label=_("所在区域"), queryset=None, required=False)
    industry = forms.ChoiceField(label=_("所属行业"), choices=[("", "—"), *Industry.choices], required=False)
    channel = forms.ChoiceField(label=_("接洽方式"), choices=ContactChannel.choices)
    on = forms.DateField(label=_("接洽日期"), widget=DateInput)
    summary = forms.CharField(label=_("企业诉求"), max_length=300, widget=forms.Textarea(attrs={"rows": 3}))
    contact_name = forms.CharField(label=_("联系人"), max_length=50, required=False)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from crm.organisation.models import Zone

        self.fields["zone"].queryset = Zone.objects.all()

    def clean(self):
        cleaned = super().clean()
        code = (cleaned.get("credit_code") or "").strip().upper()
        cleaned["credit_code"] = code
        if code:
            enterprise = Enterprise.objects.filter(credit_code=code).first()
            if enterprise is not None:
                cleaned["enterprise"] = enterprise
                return cleaned
        missing = [
            str(self.fields[name].label) for name in ("enterprise_name", "zone", "industry") if not cleaned.get(name)
        ]
        if missing:
            raise forms.ValidationError(
                _("未找到该代码的企业；新企业请填写：%(fields)s") % {"fields": "、".join(missing)},
                code="enterprise_missing",
            )
        return cleaned


class ItemsChooseForm(forms.Form):
    items = forms.ModelMultipleChoiceField(
        label=_("审批事项"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    bundle = forms.ModelChoiceField(label=_("或选择套餐（一件事）"), queryset=None, required=False)
    by_commitment = forms.ModelMultipleChoiceField(
        label=_("按告知承诺制办理"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        active = (
            ApprovalItem.objects.filter(is_active=True)
            .select_related("department")
            .order_by("department__name", "code")
        )
        self.fields["items"].queryset = active
        self.fields["bundle"].queryset = ItemBundle.objects.filter(is_active=True)
        self.fields["by_commitment"].queryset = active.filter(notification_commitment=True)

    def chosen(self) -> list:
        chosen = list(self.cleaned_data["items"])
        if self.cleaned_data.get("bundle"):
            chosen += list(self.cleaned_data["bundle"].items.filter(is_active=True))
        return chosen

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("items") and not cleaned.get("bundle"):
            raise forms.ValidationError(_("请选择事项或套餐"))
        return cleaned


class PickerSearchForm(forms.Form):
    """The case page's query string: the item picker's search."""

    q = forms.CharField(label=_("搜索事项"), max_length=100, required=False)


class ProjectLinkForm(forms.Form):
    """Only the projects the case's agent may link directly are offered; others are
    asked for by code (``HandoverRequestForm``) without being shown."""

    project = forms.ModelChoiceField(label=_("本企业的投资项目"), queryset=None)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects_linkable(case).order_by("code")


class ProjectCaptureForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = ["code", "name", "zone", "location", "industry", "project_type", "investment_amount", "land_area"]


class AuthorisationForm(forms.Form):
    signed_on = forms.DateField(label=_("签订日期"), widget=DateInput)
    signatory = forms.CharField(label=_("委托人"), max_length=50)
    scope = forms.CharField(label=_("委托事项"), widget=forms.Textarea(attrs={"rows": 2}))
    document = upload_form_field(_("委托书扫描件"), kinds=SCAN_KINDS)


class CommitmentForm(forms.Form):
    content = forms.CharField(label=_("承诺内容"), max_length=300)
    working_days = forms.IntegerField(label=_("承诺时限（工作日）"), min_value=0, max_value=250)
    on = forms.DateField(label=_("承诺日期"), widget=DateInput)


class ContactLogForm(forms.Form):
    channel = forms.ChoiceField(label=_("方式"), choices=ContactChannel.choices)
    on = forms.DateField(label=_("日期"), widget=DateInput)
    summary = forms.CharField(label=_("内容（含线下办理环节）"), max_length=500)


class AgentLoadChoiceField(forms.ModelChoiceField):
    """An agent with the load they carry now, so a supervisor hands a case to whoever
    has room: open cases, open items, overdue items."""

    def __init__(self, *args, load: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.load = load

    def label_from_instance(self, obj) -> str:
        cases, items, overdue = self.load.get(obj.pk, (0, 0, 0))
        words = _("%(agent)s（在办案件 %(cases)s 件 · 未办结办件 %(items)s 件") % {
            "agent": obj,
            "cases": cases,
            "items": items,
        }
        if overdue:
            words += _(" · 超时 %(n)s 件") % {"n": overdue}
        return words + "）"


class ReassignForm(forms.Form):
    to = AgentLoadChoiceField(label=_("改派给"), queryset=None, load={}, widget=forms.RadioSelect, empty_label=None)
    reason = forms.CharField(label=_("改派原因"), max_length=300)

    def __init__(self, *args, centre, exclude, today, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["to"]
        field.queryset = centre.agents.filter(is_active=True).exclude(pk=exclude).select_related("user")
        field.load = centre_item_load(centre, today)


class ItemActionForm(forms.Form):
    """The fields any item action may take; each action uses its own subset."""

    on = forms.DateField(label=_("日期"), widget=DateInput)
    reason = forms.CharField(label=_("原因"), max_length=300, required=False)
    acceptance_no = forms.CharField(label=_("受理编号"), max_length=60, required=False)
    decision_no = forms.CharField(label=_("决定文书编号"), max_length=60, required=False)
    note = forms.CharField(label=_("说明"), max_length=300, required=False)
    method = forms.ChoiceField(label=_("送达方式"), choices=DeliveryMethod.choices, required=False)
    trips = forms.TypedChoiceField(
        label=_("企业跑动次数"), choices=[(0, _("0（零跑动）")), (1, _("1（最多跑一次）"))], coerce=int, required=False
    )
    carrier = forms.CharField(label=_("快递公司"), max_length=30, required=False)
    tracking_no = forms.CharField(label=_("快递单号"), max_length=40, required=False)
    materials = forms.ModelMultipleChoiceField(
        label=_("须补正的材料"), queryset=Material.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )


class WorkbenchFilterForm(PageForm):
    """The workbench's query string: filters, search, whose items, page."""

    zone = forms.ModelChoiceField(label=_("区域"), queryset=None, required=False)
    department = forms.ModelChoiceField(label=_("部门"), queryset=None, required=False)
    milestone = forms.ModelChoiceField(label=_("里程碑"), queryset=None, to_field_name="code", required=False)
    state = forms.ChoiceField(
        label=_("状态"),
        choices=[("", "—"), *((v, l) for v, l in ItemState.choices if v != ItemState.DELIVERED)],
        required=False,
    )
    q = forms.CharField(label=_("搜索"), max_length=100, required=False)
    mine = forms.BooleanField(label=_("只看我的"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from crm.organisation.models import Department, Zone

        self.fields["zone"].queryset = Zone.objects.all()
        self.fields["department"].queryset = Department.objects.all()
        self.fields["milestone"].queryset = MilestoneDefinition.objects.filter(is_active=True)
