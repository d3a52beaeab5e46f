"""Admin of assessment types, rules, zone reports and reuse."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crm.admin import ScopedAdmin, SheetImportAdmin, every_row, form_changes, selector_scope
from crm.organisation.models import Zone
from projects.models import Industry
from regional_assessments.reports.models import (
    AssessmentRule,
    AssessmentType,
    ReportReuse,
    ZoneReport,
    ZoneReportStatus,
)
from regional_assessments.reports.selectors import committee_zone_ids, zone_reports_visible_to
from regional_assessments.reports.services import (
    ZONE_REPORT_EDITABLE_FIELDS,
    reuse_savings_update,
    zone_report_register,
    zone_report_update,
    zone_report_withdraw,
)
from regional_assessments.reports.sheets import ZoneReportSheet


def _industry_field(label, help_text) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, choices=Industry.choices, required=False, widget=forms.CheckboxSelectMultiple, help_text=help_text
    )


@admin.register(AssessmentType)
class AssessmentTypeAdmin(ScopedAdmin):
    scope = every_row
    list_display = ("order", "name", "code", "default_days_saved", "default_fee_saved")
    list_display_links = ("name",)
    list_editable = ("default_days_saved", "default_fee_saved")
    search_fields = ("name", "code")


class AssessmentRuleForm(forms.ModelForm):
    industries = _industry_field(_("适用行业"), _("不勾选表示所有行业"))

    class Meta:
        model = AssessmentRule
        fields = "__all__"


@admin.register(AssessmentRule)
class AssessmentRuleAdmin(ScopedAdmin):
    scope = every_row
    form = AssessmentRuleForm
    list_display = ("name", "project_type", "min_land_area", "min_investment", "active")
    list_filter = ("project_type", "active")
    filter_horizontal = ("assessment_types",)


class ZoneReportForm(forms.ModelForm):
    excluded_industries = _industry_field(_("不适用的行业"), _("勾选的行业的项目不能复用本报告"))
    withdraw_reason = forms.CharField(
        label=_("撤回原因"), max_length=300, required=False, help_text=_("填写后保存即撤回本报告；已登记的复用保留")
    )
    withdraw_on = forms.DateField(label=_("撤回日期"), required=False, help_text=_("留空为今天"))
    withdraw_confirm = forms.BooleanField(
        label=_("确认撤回"),
        required=False,
        help_text=_("撤回不能恢复：本报告此后不再供新项目复用（已登记的复用保留），撤回记入审计轨迹"),
    )

    class Meta:
        model = ZoneReport
        exclude = ("status", "withdrawn_on", "withdrawal_reason")

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("withdraw_reason") or "").strip() and not cleaned.get("withdraw_confirm"):
            self.add_error("withdraw_confirm", _("撤回后不能恢复：请勾选“确认撤回”后再保存"))
        return cleaned


@admin.register(ZoneReport)
class ZoneReportAdmin(SheetImportAdmin):
    """Registration and edits go through the services, so they reach the audit trail;
    so do the rows of an imported sheet (``ZoneReportSheet``)."""

    scope = selector_scope(zone_reports_visible_to)
    form = ZoneReportForm
    resource_classes = [ZoneReportSheet]
    list_display = ("title", "zone", "approval_no", "valid_from", "valid_until", "status")
    list_filter = ("status", "zone")
    search_fields = ("title", "approval_no", "issuing_body")
    filter_horizontal = ("assessment_types",)
    readonly_fields = ("status", "withdrawn_on", "withdrawal_reason")
    date_hierarchy = "valid_until"
    list_select_related = ("zone",)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "zone":
            zone_ids = committee_zone_ids(request.user)
            if zone_ids is not None:
                kwargs["queryset"] = Zone.objects.filter(pk__in=zone_ids)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _rows_for(self, request, model):
        """A committee imports reports of its own zones only, as it registers them."""
        rows = super()._rows_for(request, model)
        zone_ids = committee_zone_ids(request.user)
        if model is Zone and zone_ids is not None:
            rows = rows.filter(pk__in=zone_ids)
        return rows

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        if obj is None or obj.status == ZoneReportStatus.WITHDRAWN:
            fields = [f for f in fields if f not in ("withdraw_reason", "withdraw_on", "withdraw_confirm")]
        return fields

    def save_model(self, request, obj, form, change):
        if change:
            zone_report_update(report=obj, changes=form_changes(form, ZONE_REPORT_EDITABLE_FIELDS), by=request.user)
            return
        zone_report_register(report=obj, assessment_types=form.cleaned_data["assessment_types"], by=request.user)

    def save_related(self, request, form, formsets, change):
        """The covered assessments were saved, audited, by the service."""
        reason = form.cleaned_data.get("withdraw_reason", "")
        if change and reason:
            try:
                zone_report_withdraw(
                    report=form.instance,
                    by=request.user,
                    on=form.cleaned_data.get("withdraw_on") or timezone.localdate(),
                    reason=reason,
                )
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), level="error")


class ReportReuseForm(forms.ModelForm):
    class Meta:
        model = ReportReuse
        fields = ("days_saved", "fee_saved")


@admin.register(ReportReuse)
class ReportReuseAdmin(ScopedAdmin):
    """Reuses are written by the matching service; here only the savings change."""

    scope = selector_scope(zone_reports_visible_to, "report")

    form = ReportReuseForm
    list_display = ("project", "assessment_type", "report", "reused_on", "days_saved", "fee_saved")
    list_filter = ("assessment_type", "report__zone")
    search_fields = ("project__name", "project__code", "report__title")
    list_select_related = ("project", "assessment_type", "report")
    readonly_fields = ("project", "report", "assessment_type", "reused_on", "recorded_by")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        reuse_savings_update(
            reuse=obj,
            by=request.user,
            days_saved=form.cleaned_data["days_saved"],
            fee_saved=form.cleaned_data["fee_saved"],
        )
