"""Admin of projects and milestones."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from crm.admin import (
    ReadOnlyAdmin,
    ReadOnlyInline,
    ScopedAdmin,
    every_row,
    form_changes,
    selector_scope,
)
from projects.investment.selectors import projects_visible_to
from projects.investment.services import PROJECT_EDITABLE_FIELDS, project_code_change, project_create, project_update
from projects.models import (
    Milestone,
    MilestoneDefinition,
    MilestonePause,
    Project,
    ProjectCodeChange,
    ProjectType,
)


class MilestoneInline(ReadOnlyInline):
    model = Milestone
    fields = (
        "definition",
        "state",
        "started_on",
        "due_date",
        "due_provisional",
        "paused_working_days",
        "finished_on",
        "outcome",
    )


class ProjectCodeChangeInline(ReadOnlyInline):
    model = ProjectCodeChange
    fields = ("old_code", "new_code", "changed_at", "changed_by", "reason")


class ProjectAdminForm(forms.ModelForm):
    code_change_reason = forms.CharField(
        label=_("代码变更原因"),
        required=False,
        max_length=200,
        help_text=_("修改投资项目代码时必填，原代码将保留在变更记录中"),
    )

    class Meta:
        model = Project
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and "code" in self.changed_data and not cleaned.get("code_change_reason"):
            self.add_error("code_change_reason", ValidationError(_("修改投资项目代码时必须填写变更原因")))
        return cleaned


@admin.register(Project)
class ProjectAdmin(ScopedAdmin):
    """Edits go through the services, so they reach the audit trail."""

    scope = selector_scope(projects_visible_to)
    form = ProjectAdminForm
    list_display = ("code", "name", "enterprise", "zone", "project_type", "investment_amount", "agent")
    list_filter = ("zone", "project_type", "industry")
    search_fields = ("code", "name", "enterprise__name", "enterprise__credit_code", "code_changes__old_code")
    autocomplete_fields = ("enterprise", "agent")
    inlines = [MilestoneInline, ProjectCodeChangeInline]

    def save_model(self, request, obj, form, change):
        if not change:
            project_create(project=obj, by=request.user)
            return
        if "code" in form.changed_data:
            new_code, obj.code = obj.code, form.initial["code"]
            project_code_change(
                project=obj, new_code=new_code, reason=form.cleaned_data["code_change_reason"], by=request.user
            )
        project_update(project=obj, changes=form_changes(form, PROJECT_EDITABLE_FIELDS), by=request.user)


class MilestoneDefinitionForm(forms.ModelForm):
    project_types = forms.TypedMultipleChoiceField(
        label=_("适用项目类型"),
        choices=ProjectType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("不选表示适用于全部项目类型"),
    )

    class Meta:
        model = MilestoneDefinition
        fields = "__all__"


@admin.register(MilestoneDefinition)
class MilestoneDefinitionAdmin(ScopedAdmin):
    scope = every_row
    form = MilestoneDefinitionForm
    list_display = (
        "name",
        "code",
        "target_working_days",
        "start_event",
        "end_event",
        "early_warning_days",
        "order",
        "is_active",
    )
    list_editable = ("order",)


class MilestonePauseInline(ReadOnlyInline):
    model = MilestonePause
    fields = ("cause", "reason", "paused_on", "paused_by", "resumed_on", "resumed_by", "working_days")


@admin.register(Milestone)
class MilestoneAdmin(ReadOnlyAdmin):
    """Read-only: milestones move through their services (pages, events), which
    audit every change; the admin shows them."""

    scope = selector_scope(projects_visible_to, "project")

    list_display = ("project", "definition", "state", "started_on", "due_date", "due_provisional", "outcome")
    list_filter = ("state", "definition", "due_provisional", "outcome")
    search_fields = ("project__code", "project__name", "project__enterprise__name")
    list_select_related = ("project", "definition")
    inlines = [MilestonePauseInline]
