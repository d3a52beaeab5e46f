"""The enterprise's pages, one include per topic (the names join the ``projects`` namespace)."""

from django.urls import include, path

urlpatterns = [
    path("", include("projects.portal.access.urls")),
    path("", include("projects.portal.threads.urls")),
    path("", include("projects.portal.submissions.urls")),
]
