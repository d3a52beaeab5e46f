from django.contrib import admin

from agents.models import ProxyAgent, ServiceCentre


class ProxyAgentInline(admin.TabularInline):
    model = ProxyAgent
    extra = 0
    fields = ("user", "employee_no", "title", "phone", "is_active")
    autocomplete_fields = ("user",)


@admin.register(ServiceCentre)
class ServiceCentreAdmin(admin.ModelAdmin):
    list_display = ("name", "zone", "phone", "address")
    search_fields = ("name",)
    inlines = [ProxyAgentInline]


@admin.register(ProxyAgent)
class ProxyAgentAdmin(admin.ModelAdmin):
    list_display = ("employee_no", "user", "centre", "title", "phone", "is_active")
    list_filter = ("centre", "is_active")
    search_fields = ("employee_no", "user__full_name", "user__username", "phone")
    autocomplete_fields = ("user",)
