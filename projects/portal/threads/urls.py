from django.urls import path

from projects.portal.threads import views

urlpatterns = [
    path("cases/<int:pk>/messages/", views.case_message, name="case_message"),
]
