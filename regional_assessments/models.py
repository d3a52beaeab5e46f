"""Regional assessment (区域评估): the kinds of assessment, the rules saying which a
project needs, the zone committee's reports and the projects that reused them."""

import datetime as dt

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import FSMField, transition

from crm.fsm import StateMachineMixin
from crm.uploads import SCAN_KINDS, UploadField, original_name_field
from projects.models import Industry, ProjectType, staff_on_project
from projects.models.clock import ClockPause, DeadlineClock

DEFAULT_VALIDITY_YEARS = 5


def years_after(day: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


class AssessmentType(models.Model):
    """One of the specialised assessments (评估类型) a zone report can cover. The
    savings are defaults copied onto each reuse, where they can be corrected."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=50, unique=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    default_days_saved = models.PositiveSmallIntegerField(
        _("默认节省工作日"), default=0, help_text=_("企业单独委托该项评估通常需要的工作日数")
    )
    default_fee_saved = models.DecimalField(
        _("默认节省费用（元）"), max_digits=12, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = _("评估类型")
        verbose_name_plural = pgettext_lazy("plural", "评估类型")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class AssessmentRule(models.Model):
    """A rule (as data) saying which assessments a project of a type needs; the
    thresholds and industries narrow it. A project needs the union of the types of
    every active rule it meets."""

    name = models.CharField(_("规则名称"), max_length=100)
    project_type = models.CharField(_("项目类型"), max_length=20, choices=ProjectType.choices)
    assessment_types = models.ManyToManyField(AssessmentType, verbose_name=_("需要的评估"), related_name="rules")
    min_land_area = models.DecimalField(
        _("用地面积不低于（平方米）"), max_digits=14, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)], help_text=_("留空表示不限；项目用地面积未填时不适用本规则"),
    )
    min_investment = models.DecimalField(
        _("总投资不低于（万元）"), max_digits=14, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)], help_text=_("留空表示不限"),
    )
    industries = models.JSONField(
        _("适用行业"), default=list, blank=True, help_text=_("国民经济行业门类代码；留空表示所有行业")
    )
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("评估需求规则")
        verbose_name_plural = pgettext_lazy("plural", "评估需求规则")
        ordering = ["project_type", "name"]
        indexes = [models.Index(fields=["project_type", "active"], name="assessment_rule_type")]

    def __str__(self) -> str:
        return self.name


class ZoneReportStatus(models.TextChoices):
    IN_FORCE = "in_force", _("有效")
    WITHDRAWN = "withdrawn", _("已撤回")


class ZoneReport(models.Model):
    """A regional assessment report (区域评估报告) a zone committee compiled. Projects
    in the zone (or in a zone inside it) reuse it free while it is in force, within
    its validity and its conditions of use."""

    zone = models.ForeignKey("crm.Zone", verbose_name=_("园区/区域"), on_delete=models.PROTECT, related_name="zone_reports")
    title = models.CharField(_("报告名称"), max_length=200)
    assessment_types = models.ManyToManyField(AssessmentType, verbose_name=_("涵盖的评估"), related_name="zone_reports")
    issuing_body = models.CharField(_("编制/审批单位"), max_length=200)
    approval_no = models.CharField(_("批复文号"), max_length=100, blank=True)
    valid_from = models.DateField(_("生效日期"))
    valid_until = models.DateField(
        _("有效期至"), blank=True, help_text=_("留空则为生效日期起5年；有效期以批复为准")
    )
    land_parcels = models.TextField(_("适用地块"), blank=True, help_text=_("每行一个地块；留空表示区域内全部地块"))
    excluded_industries = models.JSONField(_("不适用的行业"), default=list, blank=True)
    max_investment = models.DecimalField(
        _("适用总投资上限（万元）"), max_digits=14, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    max_land_area = models.DecimalField(
        _("适用用地面积上限（平方米）"), max_digits=14, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )
    file = UploadField(
        _("报告文件"), upload_to="private/zone_reports/", blank=True, kinds=SCAN_KINDS,
        name_field="file_name", serve=("regional_assessments:report_file", "pk"),
    )
    file_name = original_name_field()
    status = models.CharField(_("状态"), max_length=20, choices=ZoneReportStatus.choices, default=ZoneReportStatus.IN_FORCE)
    withdrawn_on = models.DateField(_("撤回日期"), null=True, blank=True)
    withdrawal_reason = models.CharField(_("撤回原因"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("区域评估报告")
        verbose_name_plural = pgettext_lazy("plural", "区域评估报告")
        ordering = ["zone", "-valid_from", "title"]
        indexes = [models.Index(fields=["zone", "status", "valid_until"], name="zone_report_validity")]
        constraints = [
            models.CheckConstraint(condition=models.Q(valid_until__gte=models.F("valid_from")), name="zone_report_valid_range"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.valid_until is None and self.valid_from is not None:
            self.valid_until = years_after(self.valid_from, DEFAULT_VALIDITY_YEARS)

    def save(self, *args, **kwargs):
        self.clean()
        super().save(*args, **kwargs)

    @property
    def parcel_list(self) -> list[str]:
        return [line.strip() for line in self.land_parcels.splitlines() if line.strip()]

    def excluded_industry_labels(self) -> list[str]:
        labels = dict(Industry.choices)
        return [str(labels.get(code, code)) for code in self.excluded_industries]

    def in_force_on(self, on: dt.date) -> bool:
        return self.status == ZoneReportStatus.IN_FORCE and self.valid_from <= on <= self.valid_until


class ReportReuse(models.Model):
    """One assessment a project did not commission because a zone report covered it
    (成果共享). The row stays when the report later expires or is withdrawn."""

    project = models.ForeignKey(
        "projects.Project", verbose_name=_("项目"), on_delete=models.PROTECT, related_name="report_reuses"
    )
    report = models.ForeignKey(ZoneReport, verbose_name=_("区域评估报告"), on_delete=models.PROTECT, related_name="reuses")
    assessment_type = models.ForeignKey(
        AssessmentType, verbose_name=_("评估类型"), on_delete=models.PROTECT, related_name="reuses"
    )
    days_saved = models.PositiveSmallIntegerField(_("节省工作日"))
    fee_saved = models.DecimalField(_("节省费用（元）"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)])
    reused_on = models.DateField(_("复用日期"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("区域评估成果复用")
        verbose_name_plural = pgettext_lazy("plural", "区域评估成果复用")
        ordering = ["-reused_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "assessment_type"], name="report_reuse_once_per_type"),
        ]

    def __str__(self) -> str:
        return f"{self.project} · {self.assessment_type}"


# --- Merged assessment (多评合一) ---------------------------------------------------------


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
                condition=models.Q(excluded=False) | ~models.Q(exclusion_reason=""), name="intermediary_exclusion_reason"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Expert(models.Model):
    """A review expert (评审专家) in the pool the joint review's panel is drawn from."""

    name = models.CharField(_("姓名"), max_length=50)
    specialties = models.ManyToManyField(AssessmentType, verbose_name=_("专业领域"), related_name="experts", blank=True)
    employer = models.ForeignKey(
        Intermediary, verbose_name=_("所在中介机构"), null=True, blank=True, on_delete=models.PROTECT,
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
        Intermediary, verbose_name=_("编制中介机构"), null=True, blank=True, on_delete=models.PROTECT,
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
    def request_revision(self, *, on: dt.date) -> None:
        self.paused_on = on

    @transition(
        field=state,
        source=MergedAssessmentState.REVISING,
        target=MergedAssessmentState.IN_JOINT_REVIEW,
        custom={"label": _("修改后重新评审")},
        permission=_merged_permission,
    )
    def resubmit(self, *, paused_days: int) -> None:
        self.paused_working_days += paused_days
        self.paused_on = None
        self.compute_due()

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
    candidate_ids = models.JSONField(_("参加抽取的编号"), default=list, help_text=_("按编号排序；中介机构为轮换后的候选组"))
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
