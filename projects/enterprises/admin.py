"""Admin of enterprises, their contacts and materials on file."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path

from crm.accounts.roles import Role, has_role
from crm.admin import (
    ScopedAdmin,
    SheetImportAdmin,
    audit_admin_edit,
    form_changes,
    selector_scope,
)
from crm.uploads import file_response
from projects.enterprises.services import (
    ENTERPRISE_EDITABLE_FIELDS,
    enterprise_contact_remove,
    enterprise_contact_save,
    enterprise_register,
    enterprise_update,
)
from projects.enterprises.sheets import EnterpriseSheet
from projects.models import (
    Enterprise,
    EnterpriseContact,
    EnterpriseMaterial,
)
from projects.notice.services import material_on_file_record
from projects.ratings.selectors import enterprises_card_visible_to


class EnterpriseContactInline(admin.TabularInline):
    model = EnterpriseContact
    extra = 0
    fields = ("name", "position", "phone", "email", "is_primary", "user")
    autocomplete_fields = ("user",)


@admin.register(Enterprise)
class EnterpriseAdmin(SheetImportAdmin):
    """Edits go through the services, so they reach the audit trail."""

    scope = selector_scope(enterprises_card_visible_to)
    resource_classes = [EnterpriseSheet]
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
            enterprise_update(enterprise=obj, changes=form_changes(form, ENTERPRISE_EDITABLE_FIELDS), by=request.user)
            return
        registered = enterprise_register(
            name=obj.name,
            zone=obj.zone,
            industry=obj.industry,
            credit_code=obj.credit_code or "",
            agent=obj.assigned_agent,
            by=request.user,
        )
        rest = {
            name: form.cleaned_data[name]
            for name in ("legal_representative", "registered_address", "registered_capital", "responsible_leader")
        }
        enterprise_update(enterprise=registered, changes=rest, by=request.user)
        obj.pk = registered.pk
        obj._state.adding = False

    def save_formset(self, request, form, formset, change):
        """Contacts (and the accounts that sign in for the enterprise) change through
        the service, so each addition, correction and removal is audited."""
        if formset.model is not EnterpriseContact:
            return super().save_formset(request, form, formset, change)
        for contact in formset.save(commit=False):
            enterprise_contact_save(contact=contact, by=request.user)
        for contact in formset.deleted_objects:
            enterprise_contact_remove(contact=contact, by=request.user)


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
        held = material_on_file_record(
            enterprise=obj.enterprise,
            material=obj.material,
            received_on=obj.received_on,
            valid_until=obj.valid_until,
            file=obj.file,
            note=obj.note,
            by=request.user,
        )
        obj.pk = held.pk
