from django.urls import path

from projects.dashboards.views import centre_dashboard, overall_dashboard, zone_dashboard

urlpatterns = [
    path("centre/", centre_dashboard, name="dashboard_centre"),
    path("zone/", zone_dashboard, name="dashboard_zone"),
    path("all/", overall_dashboard, name="dashboard_all"),
]
