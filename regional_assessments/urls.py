from django.urls import path

from regional_assessments import views

app_name = "regional_assessments"

urlpatterns = [
    path("", views.committee_home, name="committee_home"),
    path("figures/", views.figures, name="figures"),
    path("reports/", views.report_list, name="report_list"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/file/", views.report_file, name="report_file"),
]
