from django.urls import path

from regional_assessments.reports.views import committee_home, figures, report_detail, report_file, report_list

app_name = "regional_assessments"


urlpatterns = [
    path("", committee_home, name="committee_home"),
    path("figures/", figures, name="figures"),
    path("reports/", report_list, name="report_list"),
    path("reports/<int:pk>/", report_detail, name="report_detail"),
    path("reports/<int:pk>/file/", report_file, name="report_file"),
]
