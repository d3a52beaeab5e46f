"""Admin of the joint drawing review."""

from django.contrib import admin

from crm.admin import (
    ScopedAdmin,
    every_row,
    selector_scope,
)
from projects.investment.selectors import projects_visible_to
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
