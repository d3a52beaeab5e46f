from functools import partial

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext_lazy as _

from crm.admin import (
    ReadOnlyAdmin,
    ReadOnlyInline,
    ScopedAdmin,
    administrators_only,
    audit_admin_edit,
    every_row,
    form_changes,
    selector_scope,
)
from crm.roles import Role, has_role
from crm.uploads import file_response
from projects import (
    admin_ratings,  # noqa: F401  (registers the rating and callback admins)
    services,
    services_notice,
)
from projects.models import (
    MAX_PROCESS_STEPS,
    ApprovalItem,
    CaseContact,
    Enterprise,
    EnterpriseContact,
    EnterpriseMaterial,
    ItemBundle,
    Material,
    MaterialRequirement,
    Milestone,
    MilestoneDefinition,
    MilestonePause,
    OneTimeNotice,
    ProcessStep,
    Project,
    ProjectCodeChange,
    ProjectItem,
    ProjectType,
    ProxyCase,
)
from projects.selectors import case_scope, projects_visible_to
from projects.selectors_ratings import enterprises_card_visible_to


class EnterpriseContactInline(admin.TabularInline):
    model = EnterpriseContact
    extra = 0
    fields = ("name", "position", "phone", "email", "is_primary", "user")
    autocomplete_fields = ("user",)


@admin.register(Enterprise)
class EnterpriseAdmin(ScopedAdmin):
    """Edits go through the services, so they reach the audit trail."""

    scope = selector_scope(enterprises_card_visible_to)
    list_display = ("name", "credit_code", "zone", "industry", "assigned_agent", "responsible_leader")
    list_filter = ("zone", "industry")
    search_fields = ("name", "credit_code", "legal_representative")
    autocomplete_fields = ("assigned_agent",)
    inlines = [EnterpriseContactInline]

    def has_change_permission(self, request, obj=None):
        """Seen is not owned: a supervisor sees the enterprises its agents ever served
        (the contact card's rule) but corrects only those its centre is responsible
        for now — assigned to one of its agents, or unassigned in its zone."""
        allowed = super().has_change_permission(request, obj)
        if not allowed or obj is None or has_role(request.user, Role.ADMINISTRATOR):
            return allowed
        profile = getattr(request.user, "agent_profile", None)
        if profile is None:
            return False
        if obj.assigned_agent_id is not None:
            return obj.assigned_agent.centre_id == profile.centre_id
        return obj.zone_id in profile.centre.zone.ids_within()

    def save_model(self, request, obj, form, change):
        if change:
            services.enterprise_update(
                enterprise=obj, changes=form_changes(form, services.ENTERPRISE_EDITABLE_FIELDS), by=request.user
            )
            return
        registered = services.enterprise_register(
            name=obj.name, zone=obj.zone, industry=obj.industry, credit_code=obj.credit_code or "",
            agent=obj.assigned_agent, by=request.user,
        )
        rest = {name: form.cleaned_data[name] for name in ("legal_representative", "registered_address",
                                                          "registered_capital", "responsible_leader")}
        services.enterprise_update(enterprise=registered, changes=rest, by=request.user)
        obj.pk = registered.pk
        obj._state.adding = False

    def save_formset(self, request, form, formset, change):
        """Contacts (and the accounts that sign in for the enterprise) change through
        the service, so each addition, correction and removal is audited."""
        if formset.model is not EnterpriseContact:
            return super().save_formset(request, form, formset, change)
        for contact in formset.save(commit=False):
            services.enterprise_contact_save(contact=contact, by=request.user)
        for contact in formset.deleted_objects:
            services.enterprise_contact_remove(contact=contact, by=request.user)


class ProcessStepInline(admin.TabularInline):
    model = ProcessStep
    extra = 0
    max_num = MAX_PROCESS_STEPS
    validate_max = True


class MaterialRequirementInline(admin.TabularInline):
    model = MaterialRequirement
    extra = 0
    fields = ("order", "material", "form", "copies", "required", "form_template", "note")
    autocomplete_fields = ("material",)


@admin.register(ApprovalItem)
class ApprovalItemAdmin(ScopedAdmin):
    scope = every_row
    list_display = ("code", "name", "department", "kind", "statutory_days", "committed_days", "fee", "online_level", "proxiable")
    list_filter = ("department", "kind", "online_level", "proxiable", "notification_commitment", "is_active")
    search_fields = ("code", "name", "legal_basis")
    autocomplete_fields = ("parent",)
    inlines = [ProcessStepInline, MaterialRequirementInline]
    fieldsets = (
        (None, {"fields": ("code", "name", "parent", "department", "legal_basis")}),
        (_("时限与收费"), {"fields": ("kind", "statutory_days", "committed_days", "fee", "fee_basis")}),
        (_("办理方式"), {"fields": ("online_level", "proxiable", "notification_commitment", "is_active")}),
    )


@admin.register(ItemBundle)
class ItemBundleAdmin(ScopedAdmin):
    scope = every_row
    list_display = ("name", "is_active")
    search_fields = ("name",)
    filter_horizontal = ("items",)


@admin.register(Material)
class MaterialAdmin(ScopedAdmin):
    scope = every_row
    list_display = ("name", "source", "reusable")
    list_filter = ("source", "reusable")
    search_fields = ("name",)


class MilestoneInline(ReadOnlyInline):
    model = Milestone
    fields = ("definition", "state", "started_on", "due_date", "due_provisional", "paused_working_days", "finished_on", "outcome")


class ProjectCodeChangeInline(ReadOnlyInline):
    model = ProjectCodeChange
    fields = ("old_code", "new_code", "changed_at", "changed_by", "reason")


class ProjectAdminForm(forms.ModelForm):
    code_change_reason = forms.CharField(
        label=_("代码变更原因"), required=False, max_length=200, help_text=_("修改投资项目代码时必填，原代码将保留在变更记录中")
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
            services.project_create(project=obj, by=request.user)
            return
        if "code" in form.changed_data:
            new_code, obj.code = obj.code, form.initial["code"]
            services.project_code_change(
                project=obj, new_code=new_code, reason=form.cleaned_data["code_change_reason"], by=request.user
            )
        services.project_update(
            project=obj, changes=form_changes(form, services.PROJECT_EDITABLE_FIELDS), by=request.user
        )


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
    list_display = ("name", "code", "target_working_days", "start_event", "end_event", "early_warning_days", "order", "is_active")
    list_editable = ("order",)


class MilestonePauseInline(ReadOnlyInline):
    model = MilestonePause
    fields = ("cause", "reason", "paused_on", "paused_by", "resumed_on", "resumed_by", "working_days")


@admin.register(Milestone)
class MilestoneAdmin(ScopedAdmin):
    """Read-only: milestones move through their services (pages, events), which
    audit every change; the admin shows them."""

    scope = selector_scope(projects_visible_to, "project")

    list_display = ("project", "definition", "state", "started_on", "due_date", "due_provisional", "outcome")
    list_filter = ("state", "definition", "due_provisional", "outcome")
    search_fields = ("project__code", "project__name", "project__enterprise__name")
    list_select_related = ("project", "definition")
    readonly_fields = [f.name for f in Milestone._meta.fields]
    inlines = [MilestonePauseInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(EnterpriseMaterial)
class EnterpriseMaterialAdmin(ScopedAdmin):
    """Materials on file (材料库). New ones go through the service (permission and
    audit); corrections to a row are plain edits."""

    scope = selector_scope(enterprises_card_visible_to, "enterprise")

    list_display = ("enterprise", "material", "received_on", "valid_until", "note", "recorded_by")
    list_filter = ("material",)
    search_fields = ("enterprise__name", "enterprise__credit_code", "material__name")
    autocomplete_fields = ("enterprise", "material")
    list_select_related = ("enterprise", "material", "recorded_by")
    exclude = ("recorded_by",)
    readonly_fields = ("file_name",)
    date_hierarchy = "received_on"

    def get_urls(self):
        view = self.admin_site.admin_view(self.file_view)
        return [path("<int:pk>/file/", view, name="projects_enterprisematerial_file"), *super().get_urls()]

    def file_view(self, request, pk: int):
        """The held file, to whoever may see the row here."""
        held = get_object_or_404(EnterpriseMaterial.objects.exclude(file=""), pk=pk)
        if not self.has_view_or_change_permission(request, held):
            raise PermissionDenied
        return file_response(held.file, download_name=held.file_name)

    def save_model(self, request, obj, form, change):
        if change:
            stored = EnterpriseMaterial.objects.get(pk=obj.pk)
            super().save_model(request, obj, form, change)
            audit_admin_edit(stored, obj, form.changed_data, request.user)
            return
        held = services_notice.material_on_file_record(
            enterprise=obj.enterprise,
            material=obj.material,
            received_on=obj.received_on,
            valid_until=obj.valid_until,
            file=obj.file,
            note=obj.note,
            by=request.user,
        )
        obj.pk = held.pk


@admin.register(OneTimeNotice)
class OneTimeNoticeAdmin(ReadOnlyAdmin):
    """Read-only: what an enterprise was told cannot be changed or taken back."""

    scope = partial(case_scope, prefix="case__")

    list_display = ("number", "case", "kind", "issued_on", "issued_by")
    list_filter = ("kind",)
    search_fields = ("number", "case__number", "case__enterprise__name")
    list_select_related = ("case__enterprise", "issued_by")


class CaseContactInline(ReadOnlyInline):
    model = CaseContact
    fields = ("on", "channel", "summary", "recorded_by", "recorded_at")


class ProjectItemInline(ReadOnlyInline):
    model = ProjectItem
    fields = ("approval_item", "state", "acceptance_no", "started_on", "due_date", "due_provisional", "decision_no", "delivered_on")


@admin.register(ProxyCase)
class ProxyCaseAdmin(ScopedAdmin):
    """Read-only: cases move through their pages and services, which check the rules
    and audit every change; reassignment is on the case page."""

    scope = case_scope

    list_display = ("number", "enterprise", "project", "agent", "state", "first_contact_on", "closed_on")
    list_filter = ("state", "first_contact_channel", "agent__centre")
    search_fields = ("number", "enterprise__name", "enterprise__credit_code", "project__code")
    list_select_related = ("enterprise", "project", "agent__user")
    readonly_fields = [f.name for f in ProxyCase._meta.fields]
    inlines = [CaseContactInline, ProjectItemInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ProjectItem)
class ProjectItemAdmin(ScopedAdmin):
    scope = partial(case_scope, prefix="case__")
    list_display = ("case", "approval_item", "state", "due_date", "due_provisional", "delivery_method", "trips")
    list_filter = ("state", "approval_item__department", "delivery_method", "by_commitment")
    search_fields = ("case__number", "approval_item__name", "acceptance_no", "decision_no", "tracking_no")
    list_select_related = ("case", "approval_item")
    readonly_fields = [f.name for f in ProjectItem._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- joint drawing review (多图联审) ------------------------------------------------------

from projects.models import DrawingReview, DrawingReviewPause, ReviewDiscipline, ReviewOpinion


@admin.register(ReviewDiscipline)
class ReviewDisciplineAdmin(ScopedAdmin):
    scope = every_row
    list_display = ("name", "code", "order", "is_active")
    list_editable = ("order", "is_active")
    search_fields = ("name", "code")
    filter_horizontal = ("reviewers",)


class ReviewOpinionInline(admin.TabularInline):
    model = ReviewOpinion
    extra = 0
    fields = ("round", "discipline", "verdict", "text", "reviewer", "given_on")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class DrawingReviewPauseInline(admin.TabularInline):
    model = DrawingReviewPause
    extra = 0
    fields = ("cause", "reason", "paused_on", "paused_by", "resumed_on", "resumed_by", "working_days")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(DrawingReview)
class DrawingReviewAdmin(ScopedAdmin):
    """Read-only: reviews move through their services, which check the rules and
    audit every change."""

    scope = selector_scope(projects_visible_to, "project")

    list_display = ("project", "package", "state", "round", "acceptance_no", "due_date", "certificate_no")
    list_filter = ("state", "round")
    search_fields = ("project__code", "project__name", "package", "acceptance_no", "certificate_no")
    list_select_related = ("project",)
    readonly_fields = [f.name for f in DrawingReview._meta.fields] + ["disciplines"]
    inlines = [ReviewOpinionInline, DrawingReviewPauseInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReviewOpinion)
class ReviewOpinionAdmin(ScopedAdmin):
    scope = selector_scope(projects_visible_to, "review__project")
    list_display = ("review", "discipline", "round", "verdict", "reviewer", "given_on")
    list_filter = ("verdict", "round", "discipline")
    search_fields = ("review__project__code", "review__package", "text")
    list_select_related = ("review__project", "discipline", "reviewer")
    readonly_fields = [f.name for f in ReviewOpinion._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- hand-over requests (移交申请) ------------------------------------------------------

from projects.models import HandoverRequest


@admin.register(HandoverRequest)
class HandoverRequestAdmin(ReadOnlyAdmin):
    """Hand-over requests are made on the case page and decided on the centre page (which
    shows each supervisor its own centre's); here administrators inspect them."""

    scope = administrators_only

    list_display = ("case", "project", "centre", "state", "requested_at", "decided_by", "decided_at")
    list_filter = ("state", "centre")
    search_fields = ("case__number", "project__code")
    list_select_related = ("case__enterprise", "project", "centre", "decided_by")
