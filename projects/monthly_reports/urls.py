from django.urls import path

from projects.monthly_reports.views import (
    monthly_report_file,
    monthly_report_page,
    monthly_report_pdf_view,
    monthly_report_regenerate,
    monthly_reports,
)

urlpatterns = [
    path("", monthly_reports, name="monthly_reports"),
    path("report/", monthly_report_page, name="monthly_report"),
    path("report/pdf/", monthly_report_pdf_view, name="monthly_report_pdf"),
    path("generate/", monthly_report_regenerate, name="monthly_report_regenerate"),
    path("<int:pk>/file/", monthly_report_file, name="monthly_report_file"),
]
