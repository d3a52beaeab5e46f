"""The merged assessment (多评合一): intermediaries, experts, the assessment's machine and its draws."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import FSMField, transition

from crm.calendar.clock import ClockPause, DeadlineClock
from crm.fsm import StateMachineMixin
from projects.models import staff_on_project
from regional_assessments.reports.models import AssessmentType


class Intermediary(models.Model):
    """An intermediary (中介机构) in the pool a merged assessment's compiler is drawn
    from. ``last_drawn_at`` drives the rotation: the least recently drawn go first."""

    name = models.CharField(_("名称"), max_length=200, unique=True)
    qualifications = models.ManyToManyField(
        AssessmentType, verbose_name=_("具备资质的评估类型"), related_name="intermediaries", blank=True
    )
    excluded = models.BooleanField(_("暂停抽取"), default=False, help_text=_("如列入失信名单，不参加抽取"))
    exclusion_reason = models.CharField(_("暂停原因"), max_length=300, blank=True)
    last_drawn_at = models.DateTimeField(_("最近一次被抽中"), null=True, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("中介机构")
        verbose_name_plural = pgettext_lazy("plural", "中介机构")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(excluded=False) | ~models.Q(exclusion_reason=""),
                name="intermediary_exclusion_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Expert(models.Model):
    """A review expert (评审专家) in the pool the joint review's panel is drawn from."""

    name = models.CharField(_("姓名"), max_length=50)
    specialties = models.ManyToManyField(AssessmentType, verbose_name=_("专业领域"), related_name="experts", blank=True)
    employer = models.ForeignKey(
        Intermediary,
        verbose_name=_("所在中介机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="experts",
    )
    active = models.BooleanField(_("在库"), default=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("评审专家")
        verbose_name_plural = pgettext_lazy("plural", "评审专家")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class ExpertConflict(models.Model):
    """A conflict of interest an expert declared with a project or an enterprise
    (回避): the expert is never drawn for it."""

    expert = models.ForeignKey(Expert, verbose_name=_("评审专家"), on_delete=models.CASCADE, related_name="conflicts")
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("项目"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    enterprise = models.ForeignKey(
        "projects.Enterprise", verbose_name=_("企业"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(_("回避原因"), max_length=300, blank=True)
    declared_on = models.DateField(_("申报日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("专家回避申报")
        verbose_name_plural = pgettext_lazy("plural", "专家回避申报")
        ordering = ["expert", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(project__isnull=False) | models.Q(enterprise__isnull=False),
                name="expert_conflict_has_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.expert} · {self.project or self.enterprise}"


def _merged_permission(assessment: "MergedAssessment", user) -> bool:
    return staff_on_project(assessment.project, user)


class MergedAssessmentState(models.TextChoices):
    SCOPED = "scoped", _("已确定评估范围")
    INTERMEDIARY_DRAWN = "intermediary_drawn", _("已抽取中介机构")
    COMPILING = "compiling", _("报告编制中")
    IN_JOINT_REVIEW = "in_joint_review", _("联合评审中")
    REVISING = "revising", _("修改完善中")
    APPROVED = "approved", _("已批复")


MERGED_CLOCK_RUNNING = (
    MergedAssessmentState.SCOPED,
    MergedAssessmentState.INTERMEDIARY_DRAWN,
    MergedAssessmentState.COMPILING,
    MergedAssessmentState.IN_JOINT_REVIEW,
)


MERGED_CLOCK_PAUSED = (MergedAssessmentState.REVISING,)


MERGED_OPEN = MERGED_CLOCK_RUNNING + MERGED_CLOCK_PAUSED


class MergedAssessment(StateMachineMixin, DeadlineClock):
    """The one combined assessment (多评合一) of what a project needs and no zone
    report covers: one intermediary, one joint review, one approval.

    ::

        scoped --draw_intermediary--> intermediary_drawn --start_compiling--> compiling
            --start_joint_review (experts drawn)--> in_joint_review --approve--> approved
                                                     |        ^
                                     request_revision|        |resubmit
                                                     v        |
                                                     revising (clock paused)

    The 40-working-day clock starts when scoped and stands still while revising.
    Transitions change fields only; services save, audit, log draws and record events.
    """

    project = models.ForeignKey(
        "projects.Project", verbose_name=_("投资项目"), on_delete=models.PROTECT, related_name="merged_assessments"
    )
    assessment_types = models.ManyToManyField(
        AssessmentType, verbose_name=_("合并评估的类型"), related_name="merged_assessments"
    )
    state = FSMField(
        _("状态"), default=MergedAssessmentState.SCOPED, choices=MergedAssessmentState.choices, protected=True
    )
    target_working_days = models.PositiveSmallIntegerField(
        _("目标时限（工作日）"), default=40, help_text=_("启动时取自里程碑定义")
    )
    intermediary = models.ForeignKey(
        Intermediary,
        verbose_name=_("编制中介机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_assessments",
    )
    experts = models.ManyToManyField(Expert, verbose_name=_("评审专家"), related_name="merged_assessments", blank=True)
    scoped_on = models.DateField(_("启动日期"))
    approval_no = models.CharField(_("批复文号"), max_length=100, blank=True, help_text=_("一个文号覆盖全部合并评估"))
    approved_on = models.DateField(_("批复日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("多评合一")
        verbose_name_plural = pgettext_lazy("plural", "多评合一")
        ordering = ["project", "scoped_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project"], condition=~models.Q(state="approved"), name="merged_assessment_one_open"
            ),
        ]
        indexes = [models.Index(fields=["state", "due_date"], name="merged_assessment_state_due")]

    def __str__(self) -> str:
        return f"{self.project}（多评合一）"

    def clock_target_days(self) -> int:
        return self.target_working_days

    def clock_running(self) -> bool:
        return self.state in MERGED_CLOCK_RUNNING

    def clock_paused(self) -> bool:
        return self.state in MERGED_CLOCK_PAUSED

    @transition(
        field=state,
        source=MergedAssessmentState.SCOPED,
        target=MergedAssessmentState.INTERMEDIARY_DRAWN,
        custom={"label": _("抽取中介机构")},
        permission=_merged_permission,
    )
    def draw_intermediary(self, *, intermediary: Intermediary) -> None:
        self.intermediary = intermediary

    @transition(
        field=state,
        source=MergedAssessmentState.INTERMEDIARY_DRAWN,
        target=MergedAssessmentState.COMPILING,
        custom={"label": _("开始编制报告")},
        permission=_merged_permission,
    )
    def start_compiling(self) -> None:
        pass

    @transition(
        field=state,
        source=MergedAssessmentState.COMPILING,
        target=MergedAssessmentState.IN_JOINT_REVIEW,
        custom={"label": _("抽取专家，召开联合评审")},
        permission=_merged_permission,
    )
    def start_joint_review(self) -> None:
        pass

    @transition(
        field=state,
        source=MergedAssessmentState.IN_JOINT_REVIEW,
        target=MergedAssessmentState.REVISING,
        custom={"label": _("退回修改完善")},
        permission=_merged_permission,
    )
    def request_revision(self) -> None:
        pass  # the clock stops with its pause record (clock_stop)

    @transition(
        field=state,
        source=MergedAssessmentState.REVISING,
        target=MergedAssessmentState.IN_JOINT_REVIEW,
        custom={"label": _("修改后重新评审")},
        permission=_merged_permission,
    )
    def resubmit(self) -> None:
        pass  # the clock runs again, its deadline moved (clock_restart)

    @transition(
        field=state,
        source=MergedAssessmentState.IN_JOINT_REVIEW,
        target=MergedAssessmentState.APPROVED,
        custom={"label": _("批复")},
        permission=_merged_permission,
    )
    def approve(self, *, on: dt.date, approval_no: str) -> None:
        self.approval_no = approval_no
        self.approved_on = on


class MergedAssessmentPause(ClockPause):
    assessment = models.ForeignKey(
        MergedAssessment, verbose_name=_("多评合一"), on_delete=models.CASCADE, related_name="pauses"
    )

    class Meta:
        verbose_name = _("多评合一暂停记录")
        verbose_name_plural = pgettext_lazy("plural", "多评合一暂停记录")
        ordering = ["assessment", "paused_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment"], condition=models.Q(resumed_on__isnull=True), name="pause_one_open_per_merged"
            )
        ]


class DrawKind(models.TextChoices):
    INTERMEDIARY = "intermediary", _("抽取中介机构")
    EXPERTS = "experts", _("抽取评审专家")


class Draw(models.Model):
    """One random draw, logged so anyone can replay it: the same seed over the same
    pk-ordered candidates picks the same ids."""

    assessment = models.ForeignKey(
        MergedAssessment, verbose_name=_("多评合一"), on_delete=models.PROTECT, related_name="draws"
    )
    kind = models.CharField(_("抽取类型"), max_length=20, choices=DrawKind.choices)
    seed = models.BigIntegerField(_("随机种子"))
    eligible_ids = models.JSONField(_("符合条件的编号"), default=list)
    candidate_ids = models.JSONField(
        _("参加抽取的编号"), default=list, help_text=_("按编号排序；中介机构为轮换后的候选组")
    )
    chosen_ids = models.JSONField(_("抽中的编号"), default=list)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("抽取人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    drawn_on = models.DateField(_("抽取日期"))
    drawn_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("随机抽取记录")
        verbose_name_plural = pgettext_lazy("plural", "随机抽取记录")
        ordering = ["assessment", "drawn_at", "pk"]

    def __str__(self) -> str:
        return f"{self.assessment} · {self.get_kind_display()}"
