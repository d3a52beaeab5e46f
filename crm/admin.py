from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets
from import_export.admin import ImportExportModelAdmin

from crm.models import AuditEntry, CalendarDay, CalendarDayKind, CalendarYear, Department, User, Zone

admin.site.site_header = _("投资项目代办服务系统 · 后台管理")
admin.site.site_title = _("代办服务后台")
admin.site.index_title = _("基础数据与配置")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("代办系统"), {"fields": ("full_name", "phone", "zone")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("代办系统"), {"fields": ("full_name", "phone", "zone", "groups")}),
    )
    list_display = ("username", "full_name", "phone", "zone", "is_staff", "is_active")
    search_fields = ("username", "full_name", "phone")


@admin.register(Zone)
class ZoneAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "division_code", "parent", "committee_name")
    list_filter = ("kind",)
    search_fields = ("name", "division_code")


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "zone", "window", "phone")
    list_filter = ("zone",)
    search_fields = ("name", "short_name")


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ("year", "source", "published", "updated_at")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self.message_user(request, _("已安排重新计算涉及%(year)s年的未完成期限。") % {"year": obj.year})


class CalendarDayResource(resources.ModelResource):
    """Import/export of holidays and adjusted working days (CSV or Excel):
    columns 日期 (YYYY-MM-DD), 类型 (holiday/working_day or their Chinese labels),
    名称, 备注. Rows are matched on the date, so re-importing a year updates it."""

    date = fields.Field(attribute="date", column_name="日期", widget=widgets.DateWidget("%Y-%m-%d"))
    kind = fields.Field(attribute="kind", column_name="类型")
    name = fields.Field(attribute="name", column_name="名称")
    note = fields.Field(attribute="note", column_name="备注")

    class Meta:
        model = CalendarDay
        import_id_fields = ("date",)
        fields = ("date", "kind", "name", "note")
        skip_unchanged = True
        report_skipped = False
        clean_model_instances = True
        use_transactions = True  # whatever IMPORT_EXPORT_USE_TRANSACTIONS says

    def import_data(self, dataset, *args, rollback_on_validation_errors=True, **kwargs):
        """All or nothing. django-import-export rolls back a file with an error row (a
        date it cannot parse) but by default keeps the valid rows of a file with an
        invalid one (unknown 类型, empty 名称): half a holiday schedule is worse than none."""
        return super().import_data(
            dataset, *args, rollback_on_validation_errors=rollback_on_validation_errors, **kwargs
        )

    def before_import_row(self, row, **kwargs):
        labels = {str(label): value for value, label in CalendarDayKind.choices}
        labels.update({"休": CalendarDayKind.HOLIDAY, "班": CalendarDayKind.WORKING_DAY})
        kind = str(row.get("类型") or "").strip()
        row["类型"] = labels.get(kind, kind)
        if row.get("备注") is None:
            row["备注"] = ""


@admin.register(CalendarDay)
class CalendarDayAdmin(ImportExportModelAdmin):
    resource_classes = [CalendarDayResource]
    list_display = ("date", "kind", "name", "note")
    list_filter = ("kind",)
    date_hierarchy = "date"
    search_fields = ("name",)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only everywhere: no add, change or delete, for anybody."""

    list_display = ("at", "actor_label", "event", "subject_type", "subject_label", "reason")
    list_filter = ("event", "subject_type")
    search_fields = ("subject_label", "actor_label", "reason", "event")
    date_hierarchy = "at"
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    """Related rows shown for reference; they change only through their services."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return self.fields
