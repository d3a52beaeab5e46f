"""A project's assessments, mounted under /projects/<pk>/assessments/ by the root URLs."""

from django.urls import path

from regional_assessments import views_project

urlpatterns = [
    path("", views_project.project_assessments, name="project_assessments"),
    path("reuse/", views_project.reuse_record, name="project_reuse_record"),
    path("reuse/<int:reuse_pk>/savings/", views_project.reuse_savings, name="project_reuse_savings"),
    path("merged/", views_project.merged_start, name="project_merged_start"),
    path("merged/<int:assessment_pk>/<slug:action>/", views_project.merged_move, name="project_merged_move"),
]
