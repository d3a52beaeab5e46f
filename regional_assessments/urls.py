from django.urls import path

from regional_assessments import views

app_name = "regional_assessments"

urlpatterns = [
    path("", views.committee_home, name="committee_home"),
]
