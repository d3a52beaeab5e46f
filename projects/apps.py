from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _seed_definitions(sender, **kwargs) -> None:
    """Seeded data an installation cannot work without, back after a flush."""
    from projects.seed import milestone_definitions_seed, review_disciplines_seed

    milestone_definitions_seed(only_if_empty=True)
    review_disciplines_seed(only_if_empty=True)


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("投资项目与事项")

    def ready(self) -> None:
        from crm.audit.events import audit_events_register
        from projects import (
            live,  # noqa: F401  (live updates of audited changes)
            supervision,  # noqa: F401  (registers the clocks)
        )
        from projects.events import AUDIT_EVENTS
        from projects.investment import services  # noqa: F401  (recomputes on calendar changes)

        audit_events_register(*AUDIT_EVENTS)
        post_migrate.connect(_seed_definitions, sender=self, dispatch_uid="projects.seed_definitions")
