"""Admin of projects and milestones."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from crm.admin import (
    AuditedEditsMixin,
    ReadOnlyAdmin,
    ReadOnlyInline,
    ScopedAdmin,
    SheetImportAdmin,
    every_row,
    form_changes,
    selector_scope,
)
from projects.investment.selectors import projects_visible_to
from projects.investment.services import PROJECT_EDITABLE_FIELDS, project_code_change, project_create, project_update
from projects.investment.sheets import ProjectSheet
from projects.models import (
    Milestone,
    MilestoneDefinition,
    MilestonePause,
    MilestoneTrigger,
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
class ProjectAdmin(SheetImportAdmin):
    """Edits go through the services, so they reach the audit trail."""

    scope = selector_scope(projects_visible_to)
    resource_classes = [ProjectSheet]
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


class MilestoneTriggerFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        seen = {}
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not data.get("event"):
                continue
            key = (data["event"], data.get("approval_item"))
            if key in seen and seen[key] != data.get("move"):
                raise ValidationError(_("同一事件不能既开始又完成同一个里程碑"), code="same_event")
            seen[key] = data.get("move")
        if self.instance.is_active and not any(move == "start" for move in seen.values()):
            raise ValidationError(_("启用的里程碑至少需要一个开始计时的事件"), code="no_start")
        if self.instance.is_active and not any(move == "finish" for move in seen.values()):
            raise ValidationError(_("启用的里程碑至少需要一个完成事件"), code="no_finish")


class MilestoneTriggerInline(admin.TabularInline):
    """Which events start and finish the milestone: the work the system records (an
    item accepted, approved, delivered; the drawing review; the merged assessment;
    the joint acceptance) and the events an agent records by hand."""

    model = MilestoneTrigger
    formset = MilestoneTriggerFormSet
    fields = ("move", "event", "approval_item")
    autocomplete_fields = ("approval_item",)
    extra = 0


@admin.register(MilestoneDefinition)
class MilestoneDefinitionAdmin(AuditedEditsMixin, ScopedAdmin):
    scope = every_row
    form = MilestoneDefinitionForm
    inlines = [MilestoneTriggerInline]
    list_display = (
        "name",
        "code",
        "target_working_days",
        "starts_with",
        "finishes_with",
        "early_warning_days",
        "order",
        "is_active",
    )
    list_editable = ("order",)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("triggers__approval_item")

    def _events(self, definition, move) -> str:
        return "；".join(t.event_label() for t in definition.triggers.all() if t.move == move) or "—"

    @admin.display(description=_("开始计时事件"))
    def starts_with(self, definition):
        return self._events(definition, "start")

    @admin.display(description=_("完成事件"))
    def finishes_with(self, definition):
        return self._events(definition, "finish")


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
