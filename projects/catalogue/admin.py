"""Admin of the item catalogue."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from crm.admin import (
    ScopedAdmin,
    SheetImportAdmin,
    every_row,
)
from projects.catalogue.sheets import ApprovalItemSheet, ItemBundleSheet
from projects.models import (
    MAX_PROCESS_STEPS,
    ApprovalItem,
    ItemBundle,
    Material,
    MaterialRequirement,
    ProcessStep,
    ProjectType,
)


class ApprovalItemForm(forms.ModelForm):
    project_types = forms.TypedMultipleChoiceField(
        label=_("通常需要的项目类型"),
        choices=ProjectType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("为这些类型的项目选择事项时预先勾选；不选表示不预选"),
    )

    class Meta:
        model = ApprovalItem
        fields = "__all__"


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
class ApprovalItemAdmin(SheetImportAdmin):
    scope = every_row
    resource_classes = [ApprovalItemSheet]
    form = ApprovalItemForm
    list_display = (
        "code",
        "name",
        "department",
        "stage",
        "kind",
        "statutory_days",
        "committed_days",
        "fee",
        "online_level",
        "proxiable",
    )
    list_filter = ("stage", "department", "kind", "online_level", "proxiable", "notification_commitment", "is_active")
    search_fields = ("code", "name", "legal_basis")
    autocomplete_fields = ("parent",)
    inlines = [ProcessStepInline, MaterialRequirementInline]
    fieldsets = (
        (None, {"fields": ("code", "name", "parent", "department", "legal_basis")}),
        (_("时限与收费"), {"fields": ("kind", "statutory_days", "committed_days", "fee", "fee_basis")}),
        (_("办理方式"), {"fields": ("online_level", "proxiable", "notification_commitment", "is_active")}),
        (_("选择事项时"), {"fields": ("stage", "project_types", "new_enterprise")}),
    )


@admin.register(ItemBundle)
class ItemBundleAdmin(SheetImportAdmin):
    scope = every_row
    resource_classes = [ItemBundleSheet]
    list_display = ("name", "is_active")
    search_fields = ("name",)
    filter_horizontal = ("items",)


@admin.register(Material)
class MaterialAdmin(ScopedAdmin):
    scope = every_row
    list_display = ("name", "source", "reusable")
    list_filter = ("source", "reusable")
    search_fields = ("name",)
