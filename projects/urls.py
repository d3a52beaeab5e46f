from django.urls import path

from projects import views

app_name = "projects"

urlpatterns = [
    path("agent/", views.agent_home, name="agent_home"),
    path("centre/", views.supervisor_home, name="supervisor_home"),
    path("enterprise/", views.enterprise_home, name="enterprise_home"),
    path("<int:pk>/", views.project_detail, name="project_detail"),
    path("<int:pk>/events/", views.project_event, name="project_event"),
    path("<int:pk>/milestones/<int:milestone_pk>/pause/", views.milestone_pause, name="milestone_pause"),
    path("<int:pk>/milestones/<int:milestone_pk>/resume/", views.milestone_resume, name="milestone_resume"),
]
