"""The enterprise's pages, one include per topic (the names join the ``projects`` namespace)."""

from django.urls import include, path

from projects.portal.views import item_receipt

urlpatterns = [
    path("", include("projects.portal.access.urls")),
    path("", include("projects.portal.threads.urls")),
    path("", include("projects.portal.submissions.urls")),
    path("enterprise/items/<int:pk>/receipt/", item_receipt, name="item_receipt"),
]
