from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from crm.accounts.roles import Role, has_role
from projects.investment.selectors import projects_visible_to
from projects.models import (
    DRAWING_REVIEW_OPEN,
    DrawingReview,
    DrawingReviewState,
    ReviewDiscipline,
    ReviewOpinion,
)

# What an open package waits for, by state (in review: the disciplines, or consolidation).
NEXT_STEP = {
    DrawingReviewState.SUBMITTED: _("待登记受理"),
    DrawingReviewState.ACCEPTED: _("待开始联合审查"),
    DrawingReviewState.RESUBMITTED: _("待开始第二轮审查"),
    DrawingReviewState.CONSOLIDATED: _("待出具合格书或退回修改"),
    DrawingReviewState.RETURNED: _("待申请人修改后重新提交"),
}


@dataclass(frozen=True)
class ReviewerTask:
    review: DrawingReview
    discipline: ReviewDiscipline
    earlier: list[ReviewOpinion]  # this discipline's opinions of earlier rounds


def reviewer_queue(user) -> list[ReviewerTask]:
    """Packages in joint review awaiting an opinion from a discipline the user reviews
    for, oldest deadline first."""
    if not has_role(user, Role.REVIEWER):
        return []
    disciplines = list(ReviewDiscipline.objects.filter(reviewers=user).order_by("order", "code"))
    if not disciplines:
        return []
    reviews = (
        DrawingReview.objects.filter(state=DrawingReviewState.IN_REVIEW, disciplines__in=disciplines)
        .distinct()
        .select_related("project__enterprise", "project__zone")
        .prefetch_related(
            "disciplines",
            Prefetch("opinions", queryset=ReviewOpinion.objects.select_related("discipline").order_by("round")),
        )
        .order_by("due_date", "pk")
    )
    tasks = []
    for review in reviews:
        taking_part = {d.pk for d in review.disciplines.all()}
        for discipline in disciplines:
            opinions = [o for o in review.opinions.all() if o.discipline_id == discipline.pk]
            if discipline.pk in taking_part and not any(o.round == review.round for o in opinions):
                tasks.append(ReviewerTask(review=review, discipline=discipline, earlier=opinions))
    return tasks


def staff_queue(user) -> list[DrawingReview]:
    """Open packages of the projects the user may see, each with ``waiting`` (the
    disciplines not yet heard this round) and ``next_step``; overdue first."""
    reviews = list(
        DrawingReview.objects.filter(project__in=projects_visible_to(user), state__in=DRAWING_REVIEW_OPEN)
        .select_related("project__enterprise")
        .prefetch_related("disciplines", "opinions")
        .order_by("due_date", "pk")
    )
    for review in reviews:
        heard = {o.discipline_id for o in review.opinions.all() if o.round == review.round}
        review.waiting = [d for d in review.disciplines.all() if d.pk not in heard]
        if review.state == DrawingReviewState.IN_REVIEW:
            review.next_step = _("待各专业出具意见") if review.waiting else _("意见已齐，待汇总")
        else:
            review.next_step = NEXT_STEP.get(review.state, "")
    return reviews
