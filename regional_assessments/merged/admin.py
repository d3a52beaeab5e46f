"""Admin of intermediaries, experts, merged assessments and draws."""

from django.contrib import admin

from crm.admin import ReadOnlyAdmin, ScopedAdmin, every_row, selector_scope
from projects.investment.selectors import projects_visible_to
from regional_assessments.merged.models import Draw, Expert, ExpertConflict, Intermediary, MergedAssessment


@admin.register(Intermediary)
class IntermediaryAdmin(ScopedAdmin):
    scope = every_row
    list_display = ("name", "excluded", "exclusion_reason", "last_drawn_at")
    list_filter = ("excluded", "qualifications")
    search_fields = ("name",)
    filter_horizontal = ("qualifications",)
    readonly_fields = ("last_drawn_at",)


class ExpertConflictInline(admin.TabularInline):
    model = ExpertConflict
    extra = 0
    autocomplete_fields = ("project", "enterprise")


@admin.register(Expert)
class ExpertAdmin(ScopedAdmin):
    scope = every_row
    list_display = ("name", "employer", "active")
    list_filter = ("active", "specialties")
    search_fields = ("name", "employer__name")
    filter_horizontal = ("specialties",)
    inlines = (ExpertConflictInline,)


@admin.register(MergedAssessment)
class MergedAssessmentAdmin(ReadOnlyAdmin):
    scope = selector_scope(projects_visible_to, "project")
    list_display = ("project", "state", "intermediary", "started_on", "due_date", "approval_no")
    list_filter = ("state",)
    search_fields = ("project__name", "project__code", "approval_no")
    list_select_related = ("project", "intermediary")


@admin.register(Draw)
class DrawAdmin(ReadOnlyAdmin):
    scope = selector_scope(projects_visible_to, "assessment__project")
    list_display = ("assessment", "kind", "seed", "chosen_ids", "drawn_on", "drawn_by")
    list_filter = ("kind",)
    list_select_related = ("assessment__project", "drawn_by")
