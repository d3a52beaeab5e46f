"""Admin of the joint drawing review."""

from django.contrib import admin

from crm.admin import (
    ReadOnlyAdmin,
    ReadOnlyInline,
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


class ReviewOpinionInline(ReadOnlyInline):
    model = ReviewOpinion
    fields = ("round", "discipline", "verdict", "text", "reviewer", "given_on")


class DrawingReviewPauseInline(ReadOnlyInline):
    model = DrawingReviewPause
    fields = ("cause", "reason", "paused_on", "paused_by", "resumed_on", "resumed_by", "working_days")


@admin.register(DrawingReview)
class DrawingReviewAdmin(ReadOnlyAdmin):
    """Read-only: reviews move through their services, which check the rules and
    audit every change."""

    scope = selector_scope(projects_visible_to, "project")

    list_display = ("project", "package", "state", "round", "acceptance_no", "due_date", "certificate_no")
    list_filter = ("state", "round")
    search_fields = ("project__code", "project__name", "package", "acceptance_no", "certificate_no")
    list_select_related = ("project",)
    inlines = [ReviewOpinionInline, DrawingReviewPauseInline]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "disciplines"]


@admin.register(ReviewOpinion)
class ReviewOpinionAdmin(ReadOnlyAdmin):
    scope = selector_scope(projects_visible_to, "review__project")
    list_display = ("review", "discipline", "round", "verdict", "reviewer", "given_on")
    list_filter = ("verdict", "round", "discipline")
    search_fields = ("review__project__code", "review__package", "text")
    list_select_related = ("review__project", "discipline", "reviewer")
