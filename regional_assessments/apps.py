from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _seed_types(sender, **kwargs) -> None:
    """The assessment types and rules, back after a flush."""
    from regional_assessments.seed import assessment_types_seed

    assessment_types_seed(only_if_empty=True)


class RegionalAssessmentsConfig(AppConfig):
    name = "regional_assessments"
    verbose_name = _("区域评估")

    def ready(self) -> None:
        from crm.audit.events import audit_events_register
        from crm.calendar.recompute import clock_register
        from crm.live.services import live_announcer_register
        from crm.supervision.services import deadline_register
        from projects.live import live_announce
        from regional_assessments.merged.events import MergedAssessmentEvent
        from regional_assessments.merged.models import MergedAssessment
        from regional_assessments.merged.supervision import merged_facts
        from regional_assessments.reports.events import RegionalReportEvent

        clock_register(MergedAssessment)
        deadline_register(MergedAssessment, merged_facts)  # its services sync the deadline
        audit_events_register(MergedAssessmentEvent, RegionalReportEvent)

        live_announcer_register(self.label, live_announce)  # recomputed due dates, admin edits and deletions
        post_migrate.connect(_seed_types, sender=self, dispatch_uid="regional_assessments.seed_types")
