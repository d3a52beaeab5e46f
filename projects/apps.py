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
        from crm.supervision.services import clock_register
        from projects.investment import services  # noqa: F401  (recomputes on calendar changes)
        from projects.models import Callback, DrawingReview, Milestone, ProjectItem
        from projects.supervision import callback_facts, drawing_facts, item_facts, milestone_facts

        # The clocks whose deadlines the supervision table keeps (their services sync them).
        clock_register(Milestone, milestone_facts)
        clock_register(ProjectItem, item_facts)
        clock_register(DrawingReview, drawing_facts)
        clock_register(Callback, callback_facts)

        post_migrate.connect(_seed_definitions, sender=self, dispatch_uid="projects.seed_definitions")
