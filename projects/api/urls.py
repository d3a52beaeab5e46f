from rest_framework.routers import SimpleRouter

from projects.api.views import CaseViewSet, ItemViewSet, ProjectViewSet

app_name = "api"

router = SimpleRouter()
router.register("projects", ProjectViewSet, basename="project")
router.register("cases", CaseViewSet, basename="case")
router.register("items", ItemViewSet, basename="item")

urlpatterns = router.urls
