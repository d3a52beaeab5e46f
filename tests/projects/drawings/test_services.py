"""Joint drawing review (多图联审), through the services every page and API will use."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from crm.audit.models import AuditEntry
from crm.calendar.workdays import workdays_add, workdays_between
from projects.drawings.services import (
    drawing_opinion_give,
    drawing_review_accept,
    drawing_review_consolidate,
    drawing_review_fail,
    drawing_review_pass,
    drawing_review_resubmit,
    drawing_review_return,
    drawing_review_start,
    drawing_review_submit,
    opinions_waiting,
)
from projects.models import (
    DrawingReview,
    DrawingReviewState,
    MilestoneOutcome,
    MilestoneState,
    OpinionVerdict,
    ReviewDiscipline,
    ReviewOpinion,
)
from tests.factories import MON, ProjectFactory, ProxyAgentFactory

pytestmark = pytest.mark.django_db

PASS, OBJECTION = OpinionVerdict.PASS, OpinionVerdict.OBJECTION


@pytest.fixture
def project(agent):
    return ProjectFactory(agent=agent)


@pytest.fixture
def disciplines():
    return list(ReviewDiscipline.objects.filter(is_active=True).order_by("order"))


@pytest.fixture
def review(project, user):
    return drawing_review_submit(project=project, package="一期", by=user, on=MON)


@pytest.fixture
def in_review(review, user):
    drawing_review_accept(review=review, acceptance_no="LS-2026-001", by=user, on=MON)
    return drawing_review_start(review=review, by=user, on=MON)


def milestone(project):
    return project.milestones.get(definition__code="drawing_review")


def all_speak(review, disciplines, user, *, on, objecting=()):
    for discipline in disciplines:
        if discipline.code in objecting:
            drawing_opinion_give(
                review=review, discipline=discipline, verdict=OBJECTION, text="疏散宽度不足，需修改", by=user, on=on
            )
        else:
            drawing_opinion_give(review=review, discipline=discipline, verdict=PASS, by=user, on=on)


def test_five_disciplines_are_seeded_in_chinese(disciplines):
    assert [d.name for d in disciplines] == ["规划", "消防", "人防", "结构安全/施工图审查", "节能"]


def test_round_one_pass_issues_the_certificate_and_finishes_the_milestone_on_time(review, project, user, disciplines):
    assert review.state == DrawingReviewState.SUBMITTED and review.round == 1
    assert list(review.disciplines.order_by("order")) == disciplines
    drawing_review_accept(review=review, acceptance_no="LS-2026-001", by=user, on=MON)
    assert review.state == DrawingReviewState.ACCEPTED and review.started_on == MON
    assert review.target_working_days == 7 and review.due_date == workdays_add(MON, 7).date
    started = milestone(project)
    assert started.state == MilestoneState.RUNNING and started.started_on == MON and started.due_date == review.due_date

    drawing_review_start(review=review, by=user, on=MON)
    assert opinions_names(review) == [d.name for d in disciplines]
    all_speak(review, disciplines, user, on=MON + dt.timedelta(days=1))
    assert opinions_waiting(review) == []
    drawing_review_consolidate(review=review, by=user, on=MON + dt.timedelta(days=2))
    assert review.state == DrawingReviewState.CONSOLIDATED
    assert "【规划】通过" in review.notice_text and "【节能】通过" in review.notice_text

    drawing_review_pass(review=review, certificate_no="SCT-2026-0088", by=user, on=MON + dt.timedelta(days=3))
    review.refresh_from_db()
    assert review.state == DrawingReviewState.PASSED and review.certificate_no == "SCT-2026-0088"
    finished = milestone(project)
    assert finished.state == MilestoneState.COMPLETED and finished.outcome == MilestoneOutcome.ON_TIME
    assert list(
        AuditEntry.objects.filter(subject_id=str(review.pk), event__startswith="drawing.")
        .order_by("pk")
        .values_list("event", flat=True)
    ) == ["drawing.submitted", "drawing.accepted", "drawing.review_started"] + ["drawing.opinion_given"] * 5 + [
        "drawing.consolidated",
        "drawing.passed",
    ]


def opinions_names(review):
    return [d.name for d in opinions_waiting(review)]


def test_return_and_resubmit_extend_the_deadline_by_the_paused_working_days(in_review, project, user, disciplines):
    review = in_review
    all_speak(review, disciplines, user, on=dt.date(2026, 3, 3), objecting={"fire"})
    drawing_review_consolidate(review=review, by=user, on=dt.date(2026, 3, 3))
    assert "【消防】不通过/需修改：疏散宽度不足" in review.notice_text

    returned_on, resubmitted_on = dt.date(2026, 3, 4), dt.date(2026, 3, 9)
    drawing_review_return(review=review, reason="消防意见需修改", by=user, on=returned_on)
    assert review.state == DrawingReviewState.RETURNED and review.paused_on == returned_on
    pause = review.pauses.get()
    assert pause.cause == "correction" and pause.resumed_on is None
    assert milestone(project).state == MilestoneState.PAUSED

    drawing_review_resubmit(review=review, by=user, on=resubmitted_on)
    paused = workdays_between(returned_on, resubmitted_on).days
    assert paused > 0
    review.refresh_from_db()
    assert review.state == DrawingReviewState.RESUBMITTED and review.round == 2
    assert review.paused_working_days == paused and review.due_date == workdays_add(MON, 7 + paused).date
    assert review.pauses.get().working_days == paused
    resumed = milestone(project)
    assert resumed.state == MilestoneState.RUNNING and resumed.due_date == review.due_date

    drawing_review_start(review=review, by=user, on=resubmitted_on)
    assert opinions_names(review) == [d.name for d in disciplines]  # every discipline speaks again in round 2
    all_speak(review, disciplines, user, on=resubmitted_on)
    drawing_review_consolidate(review=review, by=user, on=resubmitted_on)
    assert "第2轮" in review.notice_text
    # On time only because the revision days do not count.
    decided_on = workdays_add(MON, 8).date
    assert decided_on > workdays_add(MON, 7).date
    drawing_review_pass(review=review, certificate_no="SCT-2026-0089", by=user, on=decided_on)
    assert review.state == DrawingReviewState.PASSED
    assert milestone(project).outcome == MilestoneOutcome.ON_TIME


def test_consolidation_waits_for_every_discipline_and_names_the_missing(in_review, user, disciplines):
    all_speak(in_review, disciplines[:3], user, on=MON)
    with pytest.raises(ValidationError) as caught:
        drawing_review_consolidate(review=in_review, by=user, on=MON)
    assert caught.value.code == "drawing_opinions_missing"
    assert "结构安全/施工图审查、节能" in caught.value.messages[0] and "规划" not in caught.value.messages[0]
    in_review.refresh_from_db()
    assert in_review.state == DrawingReviewState.IN_REVIEW


def test_a_discipline_speaks_once_a_round(in_review, user, disciplines):
    fire = disciplines[1]
    drawing_opinion_give(review=in_review, discipline=fire, verdict=PASS, by=user, on=MON)
    with pytest.raises(ValidationError) as caught:
        drawing_opinion_give(review=in_review, discipline=fire, verdict=OBJECTION, text="改主意", by=user, on=MON)
    assert caught.value.code == "drawing_opinion_given"
    assert "消防" in caught.value.messages[0] and "第1轮" in caught.value.messages[0]
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewOpinion.objects.create(
            review=in_review, discipline=fire, round=1, verdict=PASS, reviewer=user, given_on=MON
        )
    assert in_review.opinions.count() == 1


def test_opinions_only_while_in_review_and_objections_say_why(review, user, disciplines):
    with pytest.raises(ValidationError) as caught:
        drawing_opinion_give(review=review, discipline=disciplines[0], verdict=PASS, by=user, on=MON)
    assert caught.value.code == "drawing_not_in_review"
    drawing_review_accept(review=review, acceptance_no="LS-1", by=user, on=MON)
    drawing_review_start(review=review, by=user, on=MON)
    with pytest.raises(ValidationError) as caught:
        drawing_opinion_give(review=review, discipline=disciplines[0], verdict=OBJECTION, text=" ", by=user, on=MON)
    assert caught.value.code == "drawing_objection_text_required"


def test_certificate_refused_with_an_open_objection(in_review, user, disciplines):
    all_speak(in_review, disciplines, user, on=MON, objecting={"civil_defence"})
    drawing_review_consolidate(review=in_review, by=user, on=MON)
    with pytest.raises(ValidationError) as caught:
        drawing_review_pass(review=in_review, certificate_no="SCT-1", by=user, on=MON)
    assert caught.value.code == "drawing_open_objections" and "人防" in caught.value.messages[0]
    in_review.refresh_from_db()
    assert in_review.state == DrawingReviewState.CONSOLIDATED and not in_review.certificate_no


def test_round_two_objection_fails_the_package(in_review, project, user, disciplines):
    review = in_review
    all_speak(review, disciplines, user, on=MON, objecting={"fire"})
    drawing_review_consolidate(review=review, by=user, on=MON)
    with pytest.raises(ValidationError) as caught:  # round 1 objections mean revision, not failure
        drawing_review_fail(review=review, reason="消防不合格", by=user, on=MON)
    assert caught.value.code == "transition_not_allowed" and "退回修改" in caught.value.messages[0]
    drawing_review_return(review=review, reason="消防意见", by=user, on=dt.date(2026, 3, 3))
    drawing_review_resubmit(review=review, by=user, on=dt.date(2026, 3, 5))
    drawing_review_start(review=review, by=user, on=dt.date(2026, 3, 5))
    all_speak(review, disciplines, user, on=dt.date(2026, 3, 6), objecting={"fire"})
    drawing_review_consolidate(review=review, by=user, on=dt.date(2026, 3, 6))
    with pytest.raises(ValidationError) as caught:  # the one revision is spent
        drawing_review_return(review=review, reason="再改一次", by=user, on=dt.date(2026, 3, 6))
    assert caught.value.code == "transition_not_allowed"
    with pytest.raises(ValidationError):
        drawing_review_pass(review=review, certificate_no="SCT-2", by=user, on=dt.date(2026, 3, 6))
    drawing_review_fail(review=review, reason="消防仍不满足规范", by=user, on=dt.date(2026, 3, 6))
    review.refresh_from_db()
    assert review.state == DrawingReviewState.FAILED and review.decided_on == dt.date(2026, 3, 6)
    assert milestone(project).state == MilestoneState.RUNNING  # no certificate, the target is not met


def test_fail_refused_without_objection(in_review, user, disciplines):
    all_speak(in_review, disciplines, user, on=MON)
    drawing_review_consolidate(review=in_review, by=user, on=MON)
    with pytest.raises(ValidationError) as caught:
        drawing_review_return(review=in_review, reason="无", by=user, on=MON)
    assert caught.value.code == "drawing_no_objections"


def test_illegal_transition_lists_what_is_allowed(review, user):
    with pytest.raises(ValidationError) as caught:
        drawing_review_pass(review=review, certificate_no="SCT-1", by=user, on=MON)
    assert caught.value.code == "transition_not_allowed"
    message = caught.value.messages[0]
    assert "已提交" in message and "审查合格，出具合格书" in message and "受理" in message


def test_agent_of_another_centre_is_refused(project, review, user, disciplines):
    outsider = ProxyAgentFactory().user
    with pytest.raises(PermissionDenied):
        drawing_review_submit(project=project, package="二期", by=outsider, on=MON)
    with pytest.raises(PermissionDenied):
        drawing_review_accept(review=review, acceptance_no="LS-1", by=outsider, on=MON)
    drawing_review_accept(review=review, acceptance_no="LS-1", by=user, on=MON)
    drawing_review_start(review=review, by=user, on=MON)
    with pytest.raises(PermissionDenied):
        drawing_opinion_give(review=review, discipline=disciplines[0], verdict=PASS, by=outsider, on=MON)
    review.refresh_from_db()
    assert review.state == DrawingReviewState.IN_REVIEW and not review.opinions.exists()


def test_same_package_twice_is_refused(project, review, user):
    with pytest.raises(ValidationError) as caught:
        drawing_review_submit(project=project, package="一期", by=user, on=MON)
    assert caught.value.code == "drawing_package_taken"


def test_milestone_finishes_late_when_the_certificate_comes_after_the_deadline(in_review, project, user, disciplines):
    late = workdays_add(MON, 9).date
    all_speak(in_review, disciplines, user, on=late)
    drawing_review_consolidate(review=in_review, by=user, on=late)
    drawing_review_pass(review=in_review, certificate_no="SCT-9", by=user, on=late)
    finished = milestone(project)
    assert finished.state == MilestoneState.COMPLETED and finished.outcome == MilestoneOutcome.LATE
    assert finished.finished_on == late


def test_milestone_waits_for_every_package(project, user, disciplines):
    first = drawing_review_submit(project=project, package="一期", by=user, on=MON)
    second = drawing_review_submit(project=project, package="二期", by=user, on=MON)
    for review in (first, second):
        drawing_review_accept(review=review, acceptance_no=f"LS-{review.pk}", by=user, on=MON)
        drawing_review_start(review=review, by=user, on=MON)
        all_speak(review, disciplines, user, on=MON)
        drawing_review_consolidate(review=review, by=user, on=MON)
    drawing_review_pass(review=first, certificate_no="SCT-A", by=user, on=MON)
    assert milestone(project).state == MilestoneState.RUNNING
    drawing_review_pass(review=second, certificate_no="SCT-B", by=user, on=MON)
    assert milestone(project).state == MilestoneState.COMPLETED


def test_stale_copy_is_refused(review, user):
    drawing_review_accept(review=review, acceptance_no="LS-1", by=user, on=MON)
    mine, theirs = DrawingReview.objects.get(pk=review.pk), DrawingReview.objects.get(pk=review.pk)
    drawing_review_start(review=theirs, by=user, on=MON)
    with pytest.raises(ValidationError) as caught:
        drawing_review_start(review=mine, by=user, on=MON)
    assert caught.value.code == "concurrent_change"
    assert AuditEntry.objects.filter(subject_id=str(review.pk), event="drawing.review_started").count() == 1
