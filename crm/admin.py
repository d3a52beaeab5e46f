from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets
from import_export.admin import ImportExportModelAdmin

from crm.models import (
    Alert,
    AuditEntry,
    CalendarDay,
    CalendarDayKind,
    CalendarYear,
    Deadline,
    Delivery,
    Department,
    FeedToken,
    Notification,
    User,
    Zone,
)

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


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written only by services (transitions, the sweep, the outbox, the audit
    trail); shown for inspection, never added, changed or deleted here."""

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """Read-only everywhere: no add, change or delete, for anybody."""

    list_display = ("at", "actor_label", "event", "subject_type", "subject_label", "reason")
    list_filter = ("event", "subject_type")
    search_fields = ("subject_label", "actor_label", "reason", "event")
    date_hierarchy = "at"


class ReadOnlyInline(admin.TabularInline):
    """Related rows shown for reference; they change only through their services."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return self.fields


# --- Electronic supervision: read-only views of what the sweep and the outbox did ----------


@admin.register(Deadline)
class DeadlineAdmin(ReadOnlyAdmin):
    list_display = ("title", "kind_label", "owner", "state", "due_date", "warn_on", "level", "sequence")
    list_filter = ("state", "level", "kind_label")
    search_fields = ("title",)
    date_hierarchy = "due_date"


@admin.register(Alert)
class AlertAdmin(ReadOnlyAdmin):
    list_display = ("deadline", "level", "due_date", "raised_at", "acknowledged_by", "acknowledged_at")
    list_filter = ("level",)
    list_select_related = ("deadline", "acknowledged_by")


class DeliveryInline(ReadOnlyInline):
    model = Delivery
    fields = ("channel", "state", "attempts", "next_attempt_at", "sent_at", "last_error")


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("title", "recipient", "kind", "created_at", "read_at")
    list_filter = ("kind",)
    search_fields = ("title", "recipient__username", "recipient__full_name")
    inlines = [DeliveryInline]


@admin.action(description=_("停用所选订阅地址"))
def feed_tokens_revoke(modeladmin, request, queryset):
    from crm.feeds import feed_token_revoke

    for token in queryset.filter(revoked_at__isnull=True).select_related("user"):
        feed_token_revoke(user=token.user)


@admin.register(FeedToken)
class FeedTokenAdmin(ReadOnlyAdmin):
    list_display = ("user", "created_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("user__username", "user__full_name")
    actions = [feed_tokens_revoke]
    exclude = ("token",)  # the address is a secret; administrators only revoke it

    def get_readonly_fields(self, request, obj=None):
        return ("user", "created_at", "revoked_at")

    def has_change_permission(self, request, obj=None):
        return obj is None and super(ReadOnlyAdmin, self).has_change_permission(request)
