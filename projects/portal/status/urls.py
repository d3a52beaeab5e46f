"""Mounted at /status/ (crm/urls.py), namespace "status"."""

from django.urls import path

from projects.portal.status import views

app_name = "status"

urlpatterns = [
    path("", views.lookup, name="lookup"),
    path("projects/<int:pk>/verification-code/", views.verification_code_renew, name="verification_code_renew"),
]
