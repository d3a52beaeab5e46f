"""The dashboards' filters: zone, department, period (a month, or a range of dates),
and which chart's figures to download."""

import datetime as dt

from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crm.organisation.models import Department, Zone
from projects.dashboards.sections import figure_section_keys

EXPORTS = [
    ("", ""),
    ("league", _("部门办件时效排名")),
    ("items", _("事项办件时效")),
    ("compliance", _("“3550”里程碑达标情况")),
    ("service", _("办件方式")),
    ("ratings", _("好差评与回访")),
    ("overdue", _("超时在办件数趋势")),
    ("days", _("政府用时与企业用时")),
]
FIRST_YEAR = 2000
MAX_DAYS = 731  # two years: a period is read month by month


class DepartmentChoiceField(forms.ModelChoiceField):
    """A department by its full name, as the dashboard's tables name it."""

    def label_from_instance(self, obj) -> str:
        return obj.name


class DashboardForm(forms.Form):
    zone = forms.ModelChoiceField(label=_("区域"), queryset=Zone.objects.none(), required=False, empty_label=_("全部"))
    department = DepartmentChoiceField(
        label=_("审批部门"), queryset=Department.objects.order_by("name"), required=False, empty_label=_("全部")
    )
    month = forms.CharField(
        label=_("月份"),
        required=False,
        max_length=7,
        validators=[RegexValidator(r"^\d{4}-(0[1-9]|1[0-2])$", _("月份的格式为 YYYY-MM，例如 2026-04"))],
        help_text=_("不填起止日期时按月统计，默认本月"),
    )
    start = forms.DateField(label=_("起始日期"), required=False, input_formats=["%Y-%m-%d"])
    end = forms.DateField(label=_("截止日期"), required=False, input_formats=["%Y-%m-%d"])
    export = forms.ChoiceField(label=_("导出"), choices=EXPORTS, required=False)

    def __init__(self, *args, zones, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zone"].queryset = zones
        # The sections of the apps above projects (``sections.figure_section_keys``),
        # named by their key here: the page's links carry them, no one picks them.
        self.fields["export"].choices = EXPORTS + [(key, key) for key in figure_section_keys()]

    def _year_allowed(self, day: dt.date) -> bool:
        return FIRST_YEAR <= day.year <= timezone.localdate().year + 1

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        start, end, month = data.get("start"), data.get("end"), data.get("month")
        if start or end:
            if month:
                raise forms.ValidationError(_("请选择月份或起止日期之一，不要同时填写"), code="both_periods")
            if not (start and end):
                raise forms.ValidationError(_("按日期统计时起始日期和截止日期都要填写"), code="half_range")
            if end < start:
                raise forms.ValidationError(_("截止日期不能早于起始日期"), code="reversed")
            if (end - start).days >= MAX_DAYS:
                raise forms.ValidationError(_("统计期间最长两年"), code="too_long")
        else:
            if month:
                year, number = map(int, month.split("-"))
                start = dt.date(year, number, 1)
            else:
                start = timezone.localdate().replace(day=1)
            end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        if not (self._year_allowed(start) and self._year_allowed(end)):
            raise forms.ValidationError(
                _("统计期间须在 %(first)s 年至 %(last)s 年之间"),
                code="out_of_range",
                params={"first": FIRST_YEAR, "last": timezone.localdate().year + 1},
            )
        data["period_start"], data["period_end"] = start, end
        return data
