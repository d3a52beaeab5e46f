"""Root URLs. Apps are included by dotted path (strings), so the spine imports none
of them."""

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cms.views import site_home, site_page
from crm.feeds.views import calendar_ics, calendar_page
from crm.health.views import admin_home, healthz
from crm.notifications.views import notification_list, notification_open, notifications_read_all

urlpatterns = [
    path("", site_home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("system/", admin_home, name="admin_home"),
    path("notifications/", notification_list, name="notifications"),
    path("notifications/<int:pk>/open/", notification_open, name="notification_open"),
    path("notifications/read/", notifications_read_all, name="notifications_read_all"),
    path("calendar/", calendar_page, name="calendar_feed"),
    path("calendar/<slug:token>.ics", calendar_ics, name="calendar_feed_ics"),
    path("admin/", admin.site.urls),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("projects/<int:pk>/assessments/", include("regional_assessments.merged.urls")),
    path("projects/", include("projects.urls")),
    path("zone/", include("regional_assessments.reports.urls")),
    path("status/", include("projects.portal.status.urls")),
    path("editor/", include("cms.urls")),
    path("api/v1/", include("projects.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    # Swagger UI's script is a separate file here (the split view), so no inline script is needed;
    # its React components set style attributes, allowed on this page only.
    path(
        "api/docs/",
        csp_update({"style-src": [UNSAFE_INLINE]})(SpectacularSwaggerSplitView.as_view(url_name="api_schema")),
        name="api_docs",
    ),
    # Notices issued before form templates moved link here; nothing is served from
    # MEDIA_ROOT directly (crm/uploads.py serves every upload).
    path(
        "media/forms/<path:path>",
        RedirectView.as_view(url="/projects/forms/legacy/%(path)s"),
        name="form_template_legacy",
    ),
    path("sitemap.xml", sitemap, name="sitemap"),
    # Wagtail's page serving without its second sign-in page (private pages send
    # visitors to /login/: WAGTAIL_FRONTEND_LOGIN_URL).
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        wagtail_views.authenticate_with_password,
        name="wagtailcore_authenticate_with_password",
    ),
    # Last: every other address is a page of the public site (cached for the public: cms/cache.py).
    re_path(r"^(?P<path>(?:[\w\-]+/)*)$", site_page, name="wagtail_serve"),
]

# Errors in the public site's look (cms/views.py).
handler404 = "cms.views.page_not_found"
handler500 = "cms.views.server_error"
