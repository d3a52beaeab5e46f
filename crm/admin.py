"""The Django admin of the CRM models, scoped like the pages: every model admin
declares ``scope``, the rule (from the selectors) for which rows a non-administrator
sees, and ``ScopedAdminMixin`` applies it to the list, the change, history and
delete views, the autocomplete endpoint, the choices of related fields, the list
filters and exports. Admins third-party apps register are for administrators only
(``third_party_admins_scope``)."""

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from functools import wraps
from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path, label_for_field, lookup_field
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.forms import ModelChoiceField, ModelMultipleChoiceField
from django.http import Http404, JsonResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils.formats import number_format
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin

from crm.accounts.models import User
from crm.accounts.roles import Role, has_role
from crm.audit.edits import audit_admin_edit, audit_deletion
from crm.audit.events import audit_event_label
from crm.audit.models import AuditEntry
from crm.calendar.models import CalendarDay, CalendarYear
from crm.calendar.services import calendar_changed
from crm.calendar.sheets import CalendarDaySheet
from crm.imports.admin import SheetImportMixin
from crm.imports.services import sheet_import_rows_done
from crm.models import Alert, Deadline, Delivery, FeedToken, Notification, SheetImport
from crm.organisation.models import Department, Zone
from crm.organisation.sheets import DepartmentSheet, ZoneSheet
from crm.spreadsheets import xlsx_response

admin.site.site_header = _("投资项目代办服务系统 · 后台管理")
admin.site.site_title = _("代办服务后台")
admin.site.index_title = _("基础数据与配置")


# --- scoping ---------------------------------------------------------------------------------

Scope = Callable[[Any], Q | None]


def is_administrator(user) -> bool:
    return has_role(user, Role.ADMINISTRATOR)


def every_row(user) -> None:
    """Reference data (catalogues, zones, calendars): every row, for whoever holds
    the model permission."""


def administrators_only(user) -> Q:
    """Accounts, messages, the audit trail and system tables: administrators only,
    whatever model permissions a group was given."""
    return Q(pk__in=[])


def selector_scope(selector: Callable[[Any], QuerySet], field: str = "pk") -> Scope:
    """The scope of a page's selector (user → the rows they may open): the rows
    whose ``field`` is one of the selector's rows."""

    def scope(user) -> Q:
        return Q(**{f"{field}__in": selector(user).values("pk")})

    return scope


def scoped_rows(model_admin, user, rows: QuerySet) -> QuerySet:
    """``rows`` narrowed to what ``user`` may see through ``model_admin`` (its
    declared scope; administrators see everything)."""
    if is_administrator(user):
        return rows
    condition = type(model_admin).scope(user)
    return rows if condition is None else rows.filter(condition)


class ScopedAdminMixin:
    """A model admin that shows a non-administrator only the rows of its ``scope``
    (a function of the user returning a condition on the model, None for every
    row; ``administrators_only`` hides the model from everyone else). Out-of-scope
    rows are absent from the list, exports and autocomplete, and their change,
    history and delete views answer as for a row that does not exist. Related-field
    choices (selects, autocomplete validation) hold only the rows the user may see
    through the related model's admin, plus the value already on the row so an
    unchanged form still saves."""

    scope: Scope

    def get_queryset(self, request):
        return scoped_rows(self, request.user, super().get_queryset(request))

    def _usable_by(self, request, obj=None) -> bool:
        if is_administrator(request.user):
            return True
        if type(self).scope is administrators_only:
            return False
        return obj is None or scoped_rows(self, request.user, self.model._default_manager.filter(pk=obj.pk)).exists()

    def has_module_permission(self, request):
        return self._usable_by(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._usable_by(request, obj) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return self._usable_by(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return self._usable_by(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._usable_by(request, obj) and super().has_delete_permission(request, obj)

    def get_list_filter(self, request):
        """Filters on a related model offer only the values of the user's rows
        (never, say, the names of every centre)."""
        filters = super().get_list_filter(request)
        if is_administrator(request.user):
            return filters
        return [
            (item, admin.RelatedOnlyFieldListFilter)
            if isinstance(item, str) and get_fields_from_path(self.model, item)[-1].is_relation
            else item
            for item in filters
        ]

    STANDARD_URL_SUFFIXES = ("_changelist", "_add", "_history", "_delete", "_change")

    def get_urls(self):
        """The extra pages an admin adds besides Django's own (taggit's merge-tags, a
        file, an import) are closed to whoever may not use the model here: their
        views do not always check a permission themselves."""
        return [
            pattern
            if pattern.name is None or pattern.name.endswith(self.STANDARD_URL_SUFFIXES)
            else URLPattern(pattern.pattern, self._usable_only(pattern.callback), pattern.default_args, pattern.name)
            for pattern in super().get_urls()
        ]

    def _usable_only(self, view):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            usable = self.has_module_permission(request) and any(self.get_model_perms(request).values())
            if request.user.is_active and request.user.is_staff and not usable:
                raise PermissionDenied  # (Django's module permission is the app's: any model of it)
            return view(request, *args, **kwargs)

        return guarded

    def get_field_queryset(self, db, db_field, request):
        queryset = super().get_field_queryset(db, db_field, request)
        related_admin = self.admin_site._registry.get(db_field.remote_field.model)
        if not isinstance(related_admin, ScopedAdminMixin):
            return queryset
        rows = queryset if queryset is not None else db_field.remote_field.model._default_manager.using(db).all()
        return scoped_rows(related_admin, request.user, rows)

    def _keep_current_choices(self, form_fields: dict, obj: Model | None) -> None:
        if obj is None or obj.pk is None:
            return
        for name, form_field in form_fields.items():
            if isinstance(form_field, ModelMultipleChoiceField) or not isinstance(form_field, ModelChoiceField):
                continue
            current = getattr(obj, f"{name}_id", None)
            if current is not None:
                rows = form_field.queryset
                form_field.queryset = rows | rows.model._default_manager.filter(pk=current)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if not is_administrator(request.user):
            self._keep_current_choices(form.base_fields, obj)
        return form

    def get_actions(self, request):
        """Every changelist exports the rows chosen (all pages with "select all") as a
        spreadsheet with the list's columns: never a row outside the user's scope, since
        the action receives the scoped list's rows."""
        actions = super().get_actions(request)
        if actions is not None and self.has_view_permission(request):
            actions["changelist_export"] = (changelist_export, "changelist_export", changelist_export.short_description)
        return actions

    def delete_model(self, request, obj):
        audit_deletion(obj, request.user)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            audit_deletion(obj, request.user)
        super().delete_queryset(request, queryset)


def _admin_cell(model_admin, obj: Model, name: str):
    """One changelist cell as the list shows it: a choice's label, yes/no, a related
    row's name, many related rows joined, an admin column's text without its markup."""
    try:
        field, _attr, value = lookup_field(name, obj, model_admin)
    except ObjectDoesNotExist:
        return ""
    if field is not None and getattr(field, "flatchoices", None):
        value = dict(field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if value is None or isinstance(value, (int, float, Decimal, dt.date)):
        return value
    if hasattr(value, "all") and callable(value.all):  # a many-to-many manager
        return "、".join(str(row) for row in value.all())
    return strip_tags(str(value))


@admin.action(description=_("导出所选为 Excel"))
def changelist_export(model_admin, request, queryset):
    names = [name for name in model_admin.get_list_display(request) if name != "action_checkbox"]
    model = model_admin.model
    headers = [strip_tags(str(label_for_field(name, model, model_admin))) for name in names]
    return xlsx_response(
        str(model._meta.verbose_name_plural),
        headers,
        ([_admin_cell(model_admin, obj, name) for name in names] for obj in queryset.iterator(chunk_size=2000)),
    )


class ScopedAdmin(ScopedAdminMixin, admin.ModelAdmin):
    pass


class AuditedEditsMixin:
    """For admins that save rows themselves: every addition and change is audited."""

    def save_model(self, request, obj, form, change):
        stored = type(obj)._default_manager.filter(pk=obj.pk).first() if change else None
        super().save_model(request, obj, form, change)
        audit_admin_edit(stored, obj, form.changed_data, request.user)

    def save_formset(self, request, form, formset, change):
        """Inline rows too: each new, changed and deleted one."""
        kept = [f.instance.pk for f in formset.forms if f.instance.pk]
        stored = {row.pk: row for row in formset.model._default_manager.filter(pk__in=kept)}
        for deleted in formset.deleted_forms:
            if deleted.instance.pk:
                audit_deletion(deleted.instance, request.user)
        super().save_formset(request, form, formset, change)
        for obj, changed in formset.changed_objects:
            audit_admin_edit(stored.get(obj.pk), obj, changed, request.user)
        for obj in formset.new_objects:
            audit_admin_edit(None, obj, [f.name for f in obj._meta.concrete_fields], request.user)


def form_changes(form, editable: tuple[str, ...]) -> dict:
    """What an admin form changed among the fields a service may change (the
    services write and audit them; the admin saves nothing itself)."""
    return {name: form.cleaned_data[name] for name in form.changed_data if name in editable}


class SheetImportAdmin(ScopedAdminMixin, SheetImportMixin, admin.ModelAdmin):
    """A scoped admin that imports sheets (``resource_classes``: one ``SheetResource``):
    import needs add and change permission, and reaches only the user's rows."""

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)


class ScopedImportExportAdmin(ScopedAdminMixin, SheetImportMixin, ImportExportModelAdmin):
    """Import needs add and change permission, export view permission (the
    package's default lets any staff member do both), and exports hold only the
    rows of the user's scope."""

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_valid_export_item_pks(self, request):
        return self.get_queryset(request).values_list("pk", flat=True)


# Apps whose own admins (accounts and groups, API tokens, beat schedules, tags, the
# CMS's documents and images, sign-in lockouts) are for administrators only.
THIRD_PARTY_ADMINISTRATOR_APPS = (
    "auth",
    "authtoken",
    "axes",
    "django_celery_beat",
    "taggit",
    "wagtaildocs",
    "wagtailimages",
)


def third_party_admins_scope(site: admin.AdminSite) -> None:
    """Re-register the admins of ``THIRD_PARTY_ADMINISTRATOR_APPS`` as
    administrators-only (called once every app's admin module is loaded)."""
    for model, model_admin in list(site._registry.items()):
        if isinstance(model_admin, ScopedAdminMixin) or model._meta.app_label not in THIRD_PARTY_ADMINISTRATOR_APPS:
            continue
        base = type(model_admin)
        scoped = type(
            base.__name__, (ScopedAdminMixin, base), {"scope": administrators_only, "__module__": base.__module__}
        )
        site.unregister(model)
        site.register(model, scoped)


@admin.register(User)
class UserAdmin(ScopedAdminMixin, BaseUserAdmin):
    scope = administrators_only
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
class ZoneAdmin(SheetImportAdmin):
    scope = every_row
    resource_classes = [ZoneSheet]
    list_display = ("name", "kind", "division_code", "parent", "committee_name")
    list_filter = ("kind",)
    search_fields = ("name", "division_code")


@admin.register(Department)
class DepartmentAdmin(SheetImportAdmin):
    scope = every_row
    resource_classes = [DepartmentSheet]
    list_display = ("name", "short_name", "zone", "window", "phone")
    list_filter = ("zone",)
    search_fields = ("name", "short_name")


def _calendar_year(row: CalendarDay | CalendarYear) -> int:
    return row.year if isinstance(row, CalendarYear) else row.date.year


class CalendarChangesMixin:
    """Each save or deletion of a calendar row here is a calendar change: the years
    it touches (before and after an edit) have their deadlines recomputed."""

    def save_model(self, request, obj, form, change):
        stored = type(obj)._default_manager.filter(pk=obj.pk).first() if change else None
        super().save_model(request, obj, form, change)
        calendar_changed(years={_calendar_year(row) for row in (stored, obj) if row is not None})

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        calendar_changed(years=[_calendar_year(obj)])

    def delete_queryset(self, request, queryset):
        years = {_calendar_year(row) for row in queryset}
        super().delete_queryset(request, queryset)
        calendar_changed(years=years)


@admin.register(CalendarYear)
class CalendarYearAdmin(CalendarChangesMixin, ScopedAdmin):
    scope = every_row
    list_display = ("year", "source", "published", "updated_at")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self.message_user(request, _("已安排重新计算涉及%(year)s年的未完成期限。") % {"year": obj.year})


@admin.register(CalendarDay)
class CalendarDayAdmin(CalendarChangesMixin, ScopedImportExportAdmin):
    scope = every_row
    resource_classes = [CalendarDaySheet]
    list_display = ("date", "kind", "name", "note")
    list_filter = ("kind",)
    date_hierarchy = "date"
    search_fields = ("name",)


class ReadOnlyAdmin(ScopedAdmin):
    """Rows written only by services (transitions, the sweep, the outbox, the audit
    trail); shown for inspection, never added, changed or deleted here."""

    def get_readonly_fields(self, request, obj=None):
        # Concrete fields only: a relation without a column (the working-day ordinals of an
        # item's dates, crm.calendar.ordinals) is no value of the row.
        return [f.name for f in self.model._meta.concrete_fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AuditEventFilter(admin.SimpleListFilter):
    """The events in the trail, by their labels (the codes stay in the address)."""

    title = _("事件")
    parameter_name = "event"

    def lookups(self, request, model_admin):
        codes = model_admin.get_queryset(request).order_by("event").values_list("event", flat=True).distinct()
        return [(code, audit_event_label(code)) for code in codes]

    def queryset(self, request, queryset):
        return queryset.filter(event=self.value()) if self.value() else queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """Read-only everywhere: no add, change or delete, for anybody. Administrators
    only: the others read the trail on the pages of its subjects (a project's or a
    case's history), which are scoped."""

    scope = administrators_only

    list_display = ("at", "actor_label", "event_label", "subject_type", "subject_label", "reason")
    list_filter = (AuditEventFilter, "subject_type")
    search_fields = ("subject_label", "actor_label", "reason", "event")
    date_hierarchy = "at"

    @admin.display(description=_("事件"), ordering="event")
    def event_label(self, entry: AuditEntry) -> str:
        return audit_event_label(entry.event)


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
    scope = administrators_only
    list_display = ("title", "kind_label", "owner", "state", "due_date", "warn_on", "level", "sequence")
    list_filter = ("state", "level", "kind_label")
    search_fields = ("title",)
    date_hierarchy = "due_date"


@admin.register(Alert)
class AlertAdmin(ReadOnlyAdmin):
    scope = administrators_only
    list_display = ("deadline", "level", "due_date", "raised_at", "acknowledged_by", "acknowledged_at")
    list_filter = ("level",)
    list_select_related = ("deadline", "acknowledged_by")


class DeliveryInline(ReadOnlyInline):
    model = Delivery
    fields = ("channel", "state", "attempts", "next_attempt_at", "sent_at", "last_error")


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    scope = administrators_only
    list_display = ("title", "recipient", "kind", "created_at", "read_at")
    list_filter = ("kind",)
    search_fields = ("title", "recipient__username", "recipient__full_name")
    inlines = [DeliveryInline]


@admin.action(description=_("停用所选订阅地址"))
def feed_tokens_revoke(modeladmin, request, queryset):
    from crm.feeds.services import feed_token_revoke

    for token in queryset.filter(revoked_at__isnull=True).select_related("user"):
        feed_token_revoke(user=token.user)


@admin.register(FeedToken)
class FeedTokenAdmin(ReadOnlyAdmin):
    scope = administrators_only
    list_display = ("user", "created_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("user__username", "user__full_name")
    actions = [feed_tokens_revoke]
    exclude = ("token",)  # the address is a secret; administrators only revoke it

    def get_readonly_fields(self, request, obj=None):
        return ("user", "created_at", "revoked_at")

    def has_change_permission(self, request, obj=None):
        return obj is None and super(ReadOnlyAdmin, self).has_change_permission(request)


# --- Imports run in the background: each user's own, their progress and outcome ------------


def own_imports(user) -> Q:
    return Q(by=user)


@admin.register(SheetImport)
class SheetImportRecordAdmin(ReadOnlyAdmin):
    """The imports a user ran in the background, newest first (administrators: every
    user's). Opening one shows its progress while it runs (the page reloads itself) and
    then its outcome: the counts, or every problem when nothing was imported. No model
    permission is needed to see one's own: whoever may import may follow the import."""

    scope = own_imports
    list_display = ("file_name", "kind_label", "state", "rows_shown", "queued_at", "by")
    actions = None
    list_filter = ("state", "kind_label")
    list_select_related = ("by",)
    search_fields = ("file_name",)

    def _staff(self, request) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_module_permission(self, request):
        return self._staff(request)

    def has_view_permission(self, request, obj=None):
        return self._staff(request) and (obj is None or self._record(request, obj.pk) is not None)

    @admin.display(description=_("行数"))
    def rows_shown(self, record: SheetImport) -> str:
        return number_format(record.rows_total, force_grouping=True)

    def _record(self, request, object_id) -> SheetImport | None:
        text = str(object_id)
        if not (text.isascii() and text.isdigit()) or len(text) > 18:
            return None
        return self.get_queryset(request).select_related("by").filter(pk=int(text)).first()

    def get_urls(self):
        return [
            path(
                "<path:object_id>/progress/",
                self.admin_site.admin_view(self.progress_view),
                name="crm_sheetimport_progress",
            ),
            *super().get_urls(),
        ]

    def _figures(self, record: SheetImport) -> dict:
        done = sheet_import_rows_done(record)
        return {
            "state": record.state,
            "state_label": record.get_state_display(),
            "rows_done": done,
            "rows_total": record.rows_total,
            "percent": 100 if not record.is_open else (done * 100 // record.rows_total if record.rows_total else 0),
            "created": record.created,
            "updated": record.updated,
            "unchanged": record.unchanged,
            "problems": len(record.problems),
        }

    def progress_view(self, request, object_id):
        """The figures of the progress page as JSON, for a page that polls them."""
        record = self._record(request, object_id) if self._staff(request) else None
        if record is None:
            raise Http404
        return JsonResponse(self._figures(record))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        record = self._record(request, object_id) if self._staff(request) else None
        if record is None:
            raise Http404
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": str(record),
            "record": record,
            "figures": self._figures(record),
            "problems": [{"row": row, "column": column, "reason": reason} for row, column, reason in record.problems],
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/imports/sheet_import.html", context)
