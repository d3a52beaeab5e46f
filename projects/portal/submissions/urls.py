from django.urls import path

from projects.portal.submissions import views

urlpatterns = [
    path("cases/<int:pk>/materials/", views.case_submissions, name="case_submissions"),
    path("cases/<int:pk>/materials/submit/", views.submission_new, name="submission_new"),
    path("cases/<int:pk>/materials/<int:submission_pk>/review/", views.submission_review, name="submission_review"),
    path("submissions/<int:pk>/file/", views.submission_file, name="submission_file"),
]
