from django.urls import path

from regional_assessments.merged.views import (
    merged_move,
    merged_start,
    project_assessments,
    reuse_record,
    reuse_savings,
)

urlpatterns = [
    path("", project_assessments, name="project_assessments"),
    path("reuse/", reuse_record, name="project_reuse_record"),
    path("reuse/<int:reuse_pk>/savings/", reuse_savings, name="project_reuse_savings"),
    path("merged/", merged_start, name="project_merged_start"),
    path("merged/<int:assessment_pk>/<slug:action>/", merged_move, name="project_merged_move"),
]
