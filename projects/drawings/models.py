"""The joint drawing review (多图联审)."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import FSMField, transition

from crm.calendar.clock import ClockPause, DeadlineClock
from crm.fsm import StateMachineMixin
from projects.investment.models import Project, staff_on_project

__all__ = [
    "DRAWING_CLOCK_PAUSED",
    "DRAWING_CLOCK_RUNNING",
    "DRAWING_REVIEW_OPEN",
    "DrawingReview",
    "DrawingReviewPause",
    "DrawingReviewState",
    "OpinionVerdict",
    "ReviewDiscipline",
    "ReviewOpinion",
    "discipline_reviewer",
]


# The rounds a package may go through: the first review and, after the one revision, the second.
FIRST_ROUND, LAST_ROUND = 1, 2


class ReviewDiscipline(models.Model):
    """A discipline that takes part in the joint review (规划, 消防, 人防, …); data, so a
    centre can add or retire one without code."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=60)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True, help_text=_("停用后新的联审不再默认包含该专业"))
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审查人员"),
        related_name="review_disciplines",
        blank=True,
        help_text=_("该专业的审查人员（需属于“联审审查人员”组），登录后看到待本专业出具意见的联审"),
    )

    class Meta:
        verbose_name = _("联审专业")
        verbose_name_plural = pgettext_lazy("plural", "联审专业")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


def discipline_reviewer(discipline: ReviewDiscipline, user) -> bool:
    """Is this user one of the discipline's reviewers (and still in the reviewers' group)."""
    from crm.accounts.roles import Role, has_role

    if not getattr(user, "is_authenticated", False) or not has_role(user, Role.REVIEWER):
        return False
    return discipline.reviewers.filter(pk=user.pk).exists()


def _review_permission(review: "DrawingReview", user) -> bool:
    return staff_on_project(review.project, user)


class DrawingReviewState(models.TextChoices):
    SUBMITTED = "submitted", _("已提交")
    ACCEPTED = "accepted", _("已受理")
    IN_REVIEW = "in_review", _("联合审查中")
    CONSOLIDATED = "consolidated", _("意见已汇总")
    RETURNED = "returned", _("退回修改")
    RESUBMITTED = "resubmitted", _("修改后重新提交")
    PASSED = "passed", _("审查合格")
    FAILED = "failed", _("审查不合格")


DRAWING_CLOCK_RUNNING = (
    DrawingReviewState.ACCEPTED,
    DrawingReviewState.IN_REVIEW,
    DrawingReviewState.CONSOLIDATED,
    DrawingReviewState.RESUBMITTED,
)


DRAWING_CLOCK_PAUSED = (DrawingReviewState.RETURNED,)


# Accepted and not yet decided: the package still holds the project's drawing-review milestone open.
DRAWING_REVIEW_OPEN = DRAWING_CLOCK_RUNNING + DRAWING_CLOCK_PAUSED


class DrawingReview(StateMachineMixin, DeadlineClock):
    """The joint review of one drawing package (一期, 二期, …) of a project.

    ::

        submitted --accept--> accepted --start_review--> in_review --consolidate--> consolidated
                                                            ^                          |  |  |
                                                start_review|          pass_review ----+  |  +---- fail (round 2)
                                                            |               v             |             v
                                                       resubmitted       passed   return_for_revision  failed
                                                            ^                        (round 1)
                                                            |                             v
                                                            +---------resubmit------- returned

    The 7-working-day clock starts at acceptance and stands still while the applicant
    revises (returned); the one revision makes round 2, whose objections fail the
    package. Transitions change fields only; services save, audit and record events.
    """

    project = models.ForeignKey(
        Project, verbose_name=_("投资项目"), on_delete=models.PROTECT, related_name="drawing_reviews"
    )
    package = models.CharField(_("图纸批次"), max_length=60, help_text=_("如：一期、二期、全部"))
    disciplines = models.ManyToManyField(ReviewDiscipline, verbose_name=_("参审专业"), related_name="drawing_reviews")
    state = FSMField(
        _("状态"), default=DrawingReviewState.SUBMITTED, choices=DrawingReviewState.choices, protected=True
    )
    round = models.PositiveSmallIntegerField(_("审查轮次"), default=FIRST_ROUND)
    target_working_days = models.PositiveSmallIntegerField(
        _("目标时限（工作日）"), default=7, help_text=_("受理时取自里程碑定义")
    )
    submitted_on = models.DateField(_("提交日期"))
    acceptance_no = models.CharField(_("受理编号"), max_length=60, blank=True)
    notice_text = models.TextField(_("联审意见告知书"), blank=True, help_text=_("本轮各专业意见汇总"))
    consolidated_on = models.DateField(_("意见汇总日期"), null=True, blank=True)
    certificate_no = models.CharField(_("施工图审查合格书编号"), max_length=60, blank=True)
    decided_on = models.DateField(_("审查结论日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("施工图联审")
        verbose_name_plural = pgettext_lazy("plural", "施工图联审")
        ordering = ["project", "submitted_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "package"], name="drawing_review_package_once"),
            models.CheckConstraint(condition=Q(round__in=[FIRST_ROUND, LAST_ROUND]), name="drawing_review_two_rounds"),
        ]
        indexes = [models.Index(fields=["state", "due_date"], name="drawing_review_state_due")]

    def __str__(self) -> str:
        return f"{self.project}（{self.package}）"

    def clock_target_days(self) -> int:
        return self.target_working_days

    def clock_running(self) -> bool:
        return self.state in DRAWING_CLOCK_RUNNING

    def clock_paused(self) -> bool:
        return self.state in DRAWING_CLOCK_PAUSED

    @transition(
        field=state,
        source=DrawingReviewState.SUBMITTED,
        target=DrawingReviewState.ACCEPTED,
        custom={"label": _("受理")},
        permission=_review_permission,
    )
    def accept(self, *, acceptance_no: str, target_days: int) -> None:
        self.acceptance_no = acceptance_no
        self.target_working_days = target_days  # the clock starts with it (clock_start)

    @transition(
        field=state,
        source=[DrawingReviewState.ACCEPTED, DrawingReviewState.RESUBMITTED],
        target=DrawingReviewState.IN_REVIEW,
        custom={"label": _("开始联合审查")},
        permission=_review_permission,
    )
    def start_review(self) -> None:
        pass

    @transition(
        field=state,
        source=DrawingReviewState.IN_REVIEW,
        target=DrawingReviewState.CONSOLIDATED,
        custom={"label": _("汇总意见")},
        permission=_review_permission,
    )
    def consolidate(self, *, on: dt.date, notice_text: str) -> None:
        self.notice_text = notice_text
        self.consolidated_on = on

    @transition(
        field=state,
        source=DrawingReviewState.CONSOLIDATED,
        target=DrawingReviewState.PASSED,
        custom={"label": _("审查合格，出具合格书")},
        permission=_review_permission,
    )
    def pass_review(self, *, on: dt.date, certificate_no: str) -> None:
        self.certificate_no = certificate_no
        self.decided_on = on

    @transition(
        field=state,
        source=DrawingReviewState.CONSOLIDATED,
        target=DrawingReviewState.RETURNED,
        custom={"label": _("退回修改")},
        conditions=[lambda review: review.round == FIRST_ROUND],
        permission=_review_permission,
    )
    def return_for_revision(self) -> None:
        pass  # the clock stops with its pause record (clock_stop)

    @transition(
        field=state,
        source=DrawingReviewState.RETURNED,
        target=DrawingReviewState.RESUBMITTED,
        custom={"label": _("修改后重新提交")},
        permission=_review_permission,
    )
    def resubmit(self) -> None:
        self.round = LAST_ROUND  # the clock runs again, its deadline moved (clock_restart)

    @transition(
        field=state,
        source=DrawingReviewState.CONSOLIDATED,
        target=DrawingReviewState.FAILED,
        custom={"label": _("审查不合格")},
        conditions=[lambda review: review.round == LAST_ROUND],
        permission=_review_permission,
    )
    def fail(self, *, on: dt.date) -> None:
        self.decided_on = on


class DrawingReviewPause(ClockPause):
    review = models.ForeignKey(
        DrawingReview, verbose_name=_("施工图联审"), on_delete=models.CASCADE, related_name="pauses"
    )

    class Meta:
        verbose_name = _("联审暂停记录")
        verbose_name_plural = pgettext_lazy("plural", "联审暂停记录")
        ordering = ["review", "paused_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["review"], condition=Q(resumed_on__isnull=True), name="pause_one_open_per_drawing_review"
            )
        ]


class OpinionVerdict(models.TextChoices):
    PASS = "pass", _("通过")
    OBJECTION = "objection", _("不通过/需修改")


class ReviewOpinion(models.Model):
    """One discipline's opinion on one round of a review; a discipline speaks once a round."""

    review = models.ForeignKey(
        DrawingReview, verbose_name=_("施工图联审"), on_delete=models.CASCADE, related_name="opinions"
    )
    discipline = models.ForeignKey(
        ReviewDiscipline, verbose_name=_("专业"), on_delete=models.PROTECT, related_name="opinions"
    )
    round = models.PositiveSmallIntegerField(_("审查轮次"))
    verdict = models.CharField(_("结论"), max_length=10, choices=OpinionVerdict.choices)
    text = models.TextField(_("审查意见"), blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    given_on = models.DateField(_("出具日期"))
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("专业审查意见")
        verbose_name_plural = pgettext_lazy("plural", "专业审查意见")
        ordering = ["review", "round", "discipline__order", "pk"]
        constraints = [models.UniqueConstraint(fields=["review", "discipline", "round"], name="opinion_once_per_round")]

    def __str__(self) -> str:
        return f"{self.discipline}（第{self.round}轮）：{self.get_verdict_display()}"
