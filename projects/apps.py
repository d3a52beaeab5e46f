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
        from crm.calendar.recompute import clock_register
        from crm.live.services import live_announcer_register
        from crm.supervision.services import deadline_register
        from projects.events import AUDIT_EVENTS
        from projects.investment.services import milestones_recompute
        from projects.live import live_announce
        from projects.models import Callback, DrawingReview, Milestone, ProjectItem, VisitFollowUp
        from projects.supervision import (
            callback_facts,
            drawing_facts,
            item_facts,
            milestone_facts,
            visit_follow_up_facts,
        )

        # The clocks: recomputed when the calendar changes (finished milestones are judged
        # again too), and kept in the supervision's deadline table (their services sync them).
        clock_register(Milestone, recompute=milestones_recompute)
        clock_register(ProjectItem)
        clock_register(DrawingReview)
        clock_register(Callback)
        clock_register(VisitFollowUp)
        deadline_register(Milestone, milestone_facts)
        deadline_register(ProjectItem, item_facts)
        deadline_register(DrawingReview, drawing_facts)
        deadline_register(Callback, callback_facts)
        deadline_register(VisitFollowUp, visit_follow_up_facts)
        audit_events_register(*AUDIT_EVENTS)

        live_announcer_register(self.label, live_announce)  # recomputed due dates, admin edits and deletions
        post_migrate.connect(_seed_definitions, sender=self, dispatch_uid="projects.seed_definitions")
