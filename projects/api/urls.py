from django.urls import re_path
from rest_framework.routers import SimpleRouter

from projects.api.views import CaseViewSet, ItemViewSet, NotFoundView, ProjectViewSet

app_name = "api"

router = SimpleRouter(use_regex_path=False)
router.register("projects", ProjectViewSet, basename="project")
router.register("cases", CaseViewSet, basename="case")
router.register("items", ItemViewSet, basename="item")

urlpatterns = [*router.urls, re_path(r"^(?P<path>[\s\S]*)\Z", NotFoundView.as_view(), name="not_found")]
