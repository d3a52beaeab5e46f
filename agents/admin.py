from django.contrib import admin

from agents.models import ProxyAgent, ServiceCentre
from agents.selectors import agents_visible_to, centres_visible_to
from agents.sheets import ProxyAgentSheet, ServiceCentreSheet
from crm.admin import AuditedEditsMixin, SheetImportAdmin, selector_scope


class ProxyAgentInline(admin.TabularInline):
    model = ProxyAgent
    extra = 0
    fields = ("user", "employee_no", "title", "phone", "is_active")
    autocomplete_fields = ("user",)


@admin.register(ServiceCentre)
class ServiceCentreAdmin(AuditedEditsMixin, SheetImportAdmin):
    """Centres and their agents: an agent's centre decides whose cases and projects
    it sees, so every edit here is audited."""

    scope = selector_scope(centres_visible_to)
    resource_classes = [ServiceCentreSheet]
    list_display = ("name", "zone", "phone", "address")
    search_fields = ("name",)
    inlines = [ProxyAgentInline]


@admin.register(ProxyAgent)
class ProxyAgentAdmin(AuditedEditsMixin, SheetImportAdmin):
    scope = selector_scope(agents_visible_to)
    resource_classes = [ProxyAgentSheet]
    list_display = ("employee_no", "user", "centre", "title", "phone", "is_active")
    list_filter = ("centre", "is_active")
    search_fields = ("employee_no", "user__full_name", "user__username", "phone")
    autocomplete_fields = ("user",)
