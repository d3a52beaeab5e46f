"""Forms of joint surveys and acceptances: every value a page sends goes through one."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crm.calendar.clock import PauseCause
from crm.forms import DateInput
from crm.organisation.models import Department
from projects.models import FindingKind, FollowUpWaitsOn, JointVisit, JointVisitKind, VisitAttendance
from projects.visits.selectors import visit_department_choices
from projects.visits.services import RECTIFICATION_DAYS_MAX

# How far ahead a visit may be arranged: a year (and the working-day calendar reaches it).
SCHEDULE_AHEAD_DAYS = 366
TEXT_MAX = 2000
NOTE_MAX = 1000


class TimeInput(forms.TimeInput):
    input_type = "time"


class VisitScheduleForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=JointVisitKind.choices)
    visit_on = forms.DateField(label=_("现场日期"), widget=DateInput)
    visit_time = forms.TimeField(label=_("时间"), widget=TimeInput)
    # Not required here: the service says why a place is needed.
    place = forms.CharField(label=_("地点"), max_length=JointVisit._meta.get_field("place").max_length, required=False)
    departments = forms.ModelMultipleChoiceField(
        label=_("邀请部门"),
        queryset=Department.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departments"].queryset = visit_department_choices(project)

    def clean_visit_on(self):
        day = self.cleaned_data["visit_on"]
        today = timezone.localdate()
        if day < today:
            raise forms.ValidationError(_("现场日期不能早于今天"))
        if day > today + dt.timedelta(days=SCHEDULE_AHEAD_DAYS):
            raise forms.ValidationError(_("现场日期最多安排在一年以内"))
        return day


class AttendanceForm(forms.Form):
    department = forms.ModelChoiceField(label=_("部门"), queryset=Department.objects.none())
    attended = forms.TypedChoiceField(
        label=_("到场情况"),
        choices=[("yes", _("到场")), ("no", _("未到场"))],
        coerce=lambda value: value == "yes",
    )
    attendees = forms.CharField(
        label=_("到场人员"), max_length=VisitAttendance._meta.get_field("attendees").max_length, required=False
    )
    finding = forms.ChoiceField(label=_("意见"), choices=[("", "—"), *FindingKind.choices], required=False)
    finding_text = forms.CharField(label=_("意见内容"), max_length=TEXT_MAX, required=False)
    rectification_days = forms.IntegerField(
        label=_("整改期限（工作日）"), min_value=1, max_value=RECTIFICATION_DAYS_MAX, required=False
    )
    waits_on = forms.ChoiceField(
        label=_("由谁整改"), choices=FollowUpWaitsOn.choices, required=False, initial=FollowUpWaitsOn.ENTERPRISE
    )
    on = forms.DateField(label=_("登记日期"), widget=DateInput)

    def __init__(self, *args, visit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(visit_attendances__visit=visit)


class IssueForm(forms.Form):
    on = forms.DateField(label=_("出具日期"), widget=DateInput)


class FollowUpCloseForm(forms.Form):
    note = forms.CharField(label=_("办结说明"), max_length=NOTE_MAX, required=False)
    on = forms.DateField(label=_("办结日期"), widget=DateInput)


class FollowUpPauseForm(forms.Form):
    cause = forms.ChoiceField(label=_("暂停类型"), choices=PauseCause.choices)
    reason = forms.CharField(label=_("暂停原因"), max_length=300, required=False)
    on = forms.DateField(label=_("暂停日期"), widget=DateInput)


class FollowUpResumeForm(forms.Form):
    on = forms.DateField(label=_("恢复日期"), widget=DateInput)
