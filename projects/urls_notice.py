"""The one-time notice under a case: /projects/cases/<case_pk>/notice/…
(included by projects/urls.py, so the names live in the ``projects`` namespace)."""

from django.urls import path

from projects import views_notice

urlpatterns = [
    path("", views_notice.notice_page, name="notice_page"),
    path("issue/", views_notice.notice_issue, name="notice_issue"),
    path("supplement/", views_notice.notice_supplement, name="notice_supplement"),
    path("<int:notice_pk>/", views_notice.notice_detail, name="notice_detail"),
    path("<int:notice_pk>/pdf/", views_notice.notice_pdf, name="notice_pdf"),
]
