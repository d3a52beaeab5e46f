from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crm.admin import ReadOnlyAdmin
from crm.models import Zone
from crm.roles import Role, has_role
from projects.models import Industry
from regional_assessments import services
from regional_assessments.models import (
    AssessmentRule,
    AssessmentType,
    Draw,
    Expert,
    ExpertConflict,
    Intermediary,
    MergedAssessment,
    ReportReuse,
    ZoneReport,
    ZoneReportStatus,
)


def _industry_field(label, help_text) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, choices=Industry.choices, required=False, widget=forms.CheckboxSelectMultiple, help_text=help_text
    )


@admin.register(AssessmentType)
class AssessmentTypeAdmin(admin.ModelAdmin):
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
class AssessmentRuleAdmin(admin.ModelAdmin):
    form = AssessmentRuleForm
    list_display = ("name", "project_type", "min_land_area", "min_investment", "active")
    list_filter = ("project_type", "active")
    filter_horizontal = ("assessment_types",)


def _committee_zone_ids(request) -> list[int] | None:
    """None for administrators (every zone); a committee member's zones otherwise."""
    if request.user.is_superuser or has_role(request.user, Role.ADMINISTRATOR):
        return None
    return request.user.zone.ids_within() if request.user.zone_id else []


class ZoneReportForm(forms.ModelForm):
    excluded_industries = _industry_field(_("不适用的行业"), _("勾选的行业的项目不能复用本报告"))
    withdraw_reason = forms.CharField(
        label=_("撤回原因"), max_length=300, required=False, help_text=_("填写后保存即撤回本报告；已登记的复用保留")
    )
    withdraw_on = forms.DateField(label=_("撤回日期"), required=False, help_text=_("留空为今天"))

    class Meta:
        model = ZoneReport
        exclude = ("status", "withdrawn_on", "withdrawal_reason")


@admin.register(ZoneReport)
class ZoneReportAdmin(admin.ModelAdmin):
    form = ZoneReportForm
    list_display = ("title", "zone", "approval_no", "valid_from", "valid_until", "status")
    list_filter = ("status", "zone")
    search_fields = ("title", "approval_no", "issuing_body")
    filter_horizontal = ("assessment_types",)
    readonly_fields = ("status", "withdrawn_on", "withdrawal_reason")
    date_hierarchy = "valid_until"

    def get_queryset(self, request):
        reports = super().get_queryset(request).select_related("zone")
        zone_ids = _committee_zone_ids(request)
        return reports if zone_ids is None else reports.filter(zone_id__in=zone_ids)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "zone":
            zone_ids = _committee_zone_ids(request)
            if zone_ids is not None:
                kwargs["queryset"] = Zone.objects.filter(pk__in=zone_ids)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        if obj is None or obj.status == ZoneReportStatus.WITHDRAWN:
            fields = [f for f in fields if f not in ("withdraw_reason", "withdraw_on")]
        return fields

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        reason = form.cleaned_data.get("withdraw_reason", "")
        if change and reason:
            try:
                services.zone_report_withdraw(
                    report=form.instance, by=request.user, on=form.cleaned_data.get("withdraw_on") or timezone.localdate(),
                    reason=reason,
                )
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), level="error")


class ReportReuseForm(forms.ModelForm):
    class Meta:
        model = ReportReuse
        fields = ("days_saved", "fee_saved")


@admin.register(ReportReuse)
class ReportReuseAdmin(admin.ModelAdmin):
    """Reuses are written by the matching service; here only the savings change."""

    form = ReportReuseForm
    list_display = ("project", "assessment_type", "report", "reused_on", "days_saved", "fee_saved")
    list_filter = ("assessment_type", "report__zone")
    search_fields = ("project__name", "project__code", "report__title")
    list_select_related = ("project", "assessment_type", "report")
    readonly_fields = ("project", "report", "assessment_type", "reused_on", "recorded_by")

    def get_queryset(self, request):
        reuses = super().get_queryset(request)
        zone_ids = _committee_zone_ids(request)
        return reuses if zone_ids is None else reuses.filter(report__zone_id__in=zone_ids)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        services.reuse_savings_update(
            reuse=obj, by=request.user, days_saved=form.cleaned_data["days_saved"], fee_saved=form.cleaned_data["fee_saved"]
        )


# --- Merged assessment (多评合一): the pools; assessments and draws are read-only here --------


@admin.register(Intermediary)
class IntermediaryAdmin(admin.ModelAdmin):
    list_display = ("name", "excluded", "exclusion_reason", "last_drawn_at")
    list_filter = ("excluded", "qualifications")
    search_fields = ("name",)
    filter_horizontal = ("qualifications",)
    readonly_fields = ("last_drawn_at",)


class ExpertConflictInline(admin.TabularInline):
    model = ExpertConflict
    extra = 0
    autocomplete_fields = ("project", "enterprise")


@admin.register(Expert)
class ExpertAdmin(admin.ModelAdmin):
    list_display = ("name", "employer", "active")
    list_filter = ("active", "specialties")
    search_fields = ("name", "employer__name")
    filter_horizontal = ("specialties",)
    inlines = (ExpertConflictInline,)


@admin.register(MergedAssessment)
class MergedAssessmentAdmin(ReadOnlyAdmin):
    list_display = ("project", "state", "intermediary", "started_on", "due_date", "approval_no")
    list_filter = ("state",)
    search_fields = ("project__name", "project__code", "approval_no")
    list_select_related = ("project", "intermediary")


@admin.register(Draw)
class DrawAdmin(ReadOnlyAdmin):
    list_display = ("assessment", "kind", "seed", "chosen_ids", "drawn_on", "drawn_by")
    list_filter = ("kind",)
    list_select_related = ("assessment__project", "drawn_by")
