from django.urls import path

from projects.portal.access import views

urlpatterns = [
    path("enterprise/access/", views.enterprise_access, name="enterprise_access"),
    path("enterprise/access/invite/", views.access_invite, name="access_invite"),
    path("enterprise/access/<int:contact_pk>/revoke/", views.access_revoke_view, name="access_revoke"),
    path("cases/<int:pk>/access/invite/", views.case_invite, name="case_invite"),
    path("cases/<int:pk>/access/<int:contact_pk>/revoke/", views.case_access_revoke, name="case_access_revoke"),
    path("invitation/<str:token>/", views.invitation_accept_view, name="invitation_accept"),
]
