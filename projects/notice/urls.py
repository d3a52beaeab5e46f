from django.urls import path

from projects.notice.views import notice_detail, notice_issue, notice_page, notice_pdf, notice_supplement

urlpatterns = [
    path("", notice_page, name="notice_page"),
    path("issue/", notice_issue, name="notice_issue"),
    path("supplement/", notice_supplement, name="notice_supplement"),
    path("<int:notice_pk>/", notice_detail, name="notice_detail"),
    path("<int:notice_pk>/pdf/", notice_pdf, name="notice_pdf"),
]
