from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("投资项目与事项")

    def ready(self) -> None:
        from projects import services  # noqa: F401  (connects the calendar-change receiver)
