"""The clocks the deadline table keeps are registered by their apps at start-up, and
nothing syncs behind a save: the services that move a clock call the sync."""

from django.db.models.signals import post_save

from crm.supervision.services import CLOCKS
from projects.models import Callback, DrawingReview, Milestone, ProjectItem, VisitFollowUp
from regional_assessments.merged.models import MergedAssessment


def test_every_clock_is_registered_and_no_save_of_one_has_a_receiver():
    assert set(CLOCKS) == {Milestone, ProjectItem, DrawingReview, Callback, MergedAssessment, VisitFollowUp}
    assert not [model.__name__ for model in CLOCKS if post_save.has_listeners(model)]


def test_the_audit_trail_sends_no_signal():
    from crm.audit import services

    assert not hasattr(services, "audit_recorded")
