"""Investment projects, their codes and history, and the "3550" milestones."""

import datetime as dt
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import FSMField, transition

from crm.calendar.clock import ClockPause, DeadlineClock, DeadlineLevel, deadline_level, working_days_left
from crm.calendar.ordinals import workday_ordinal_of
from crm.fsm import StateMachineMixin
from crm.identifiers import validate_project_code
from projects.catalogue.models import ApprovalItem
from projects.enterprises.models import Enterprise, Industry, ProjectType
from projects.investment.events import ITEM_EVENTS, MilestoneEvent, MilestoneMove

# The verification code printed on the contact card (查询验证码): no look-alike
# characters (0/O, 1/I/L), read aloud or typed from paper without doubt.
VERIFICATION_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
VERIFICATION_LENGTH = 8


def verification_code_new() -> str:
    """A fresh random verification code (31^8, about 8.5 × 10^11 codes)."""
    return "".join(secrets.choice(VERIFICATION_ALPHABET) for _ in range(VERIFICATION_LENGTH))


class Project(models.Model):
    """An investment project (投资项目). Its code is stored exactly as issued."""

    code = models.CharField(
        _("投资项目代码"),
        max_length=24,
        unique=True,
        validators=[validate_project_code],
        help_text=_("全国投资项目在线审批监管平台赋码，如 2024-320903-04-01-123456"),
    )
    name = models.CharField(_("项目名称"), max_length=200)
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("建设单位"), on_delete=models.PROTECT, related_name="projects"
    )
    zone = models.ForeignKey(
        "crm.Zone", verbose_name=_("建设地点所在区域"), on_delete=models.PROTECT, related_name="projects"
    )
    location = models.CharField(_("建设地点"), max_length=200, blank=True)
    industry = models.CharField(_("所属行业"), max_length=1, choices=Industry.choices)
    project_type = models.CharField(_("项目类型"), max_length=20, choices=ProjectType.choices)
    investment_amount = models.DecimalField(
        _("总投资（万元）"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    land_area = models.DecimalField(
        _("用地面积（平方米）"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    floor_area = models.DecimalField(
        _("建筑面积（平方米）"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    agent = models.ForeignKey(
        "agents.ProxyAgent",
        verbose_name=_("代办员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    # The public status lookup (projects.portal.status): the code on the contact card
    # that goes with the project code, and how often the status was looked up.
    verification_code = models.CharField(
        _("查询验证码"), max_length=VERIFICATION_LENGTH, default=verification_code_new, editable=False
    )
    status_lookups = models.PositiveIntegerField(_("进度查询次数"), default=0, editable=False)

    class Meta:
        verbose_name = _("投资项目")
        verbose_name_plural = pgettext_lazy("plural", "投资项目")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name


class ProjectCodeChange(models.Model):
    """The history of a project's code (corrected or reissued codes)."""

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="code_changes")
    old_code = models.CharField(_("原代码"), max_length=24, db_index=True)
    new_code = models.CharField(_("新代码"), max_length=24)
    changed_at = models.DateTimeField(_("变更时间"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("变更原因"), max_length=200)

    class Meta:
        verbose_name = _("项目代码变更记录")
        verbose_name_plural = pgettext_lazy("plural", "项目代码变更记录")
        ordering = ["project", "changed_at"]

    def __str__(self) -> str:
        return f"{self.old_code} → {self.new_code}"


def staff_on_project(project: Project, user) -> bool:
    """May this user move the project's milestones: its agent (or an agent with a case
    on it), a supervisor of that agent's centre (of the zone, while unassigned), or an
    administrator. The rule behind every milestone transition."""
    from crm.accounts.roles import Role, has_role

    if not getattr(user, "is_authenticated", False):
        return False
    if has_role(user, Role.ADMINISTRATOR):
        return True
    profile = getattr(user, "agent_profile", None)
    if profile is None or not has_role(user, Role.AGENT, Role.SUPERVISOR):
        return False
    if project.agent_id == profile.pk or project.cases.filter(agent=profile).exists():
        return True
    if not has_role(user, Role.SUPERVISOR):
        return False
    if project.agent_id:
        return project.agent.centre_id == profile.centre_id
    return project.zone_id in profile.centre.zone.ids_within()


class MilestoneDefinition(models.Model):
    """A target as data: name, working days, the events that start and end it."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    target_working_days = models.PositiveSmallIntegerField(_("目标时限（工作日）"))
    project_types = models.JSONField(
        _("适用项目类型"), default=list, blank=True, help_text=_("不选表示适用于全部项目类型")
    )
    new_enterprise_only = models.BooleanField(
        _("仅适用于新设立企业"),
        default=False,
        help_text=_("勾选后，只有建设单位尚未取得统一社会信用代码（设立登记中）的项目才生成该里程碑"),
    )
    early_warning_days = models.PositiveSmallIntegerField(_("提前预警（工作日）"), default=2)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)
    description = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("里程碑定义")
        verbose_name_plural = pgettext_lazy("plural", "里程碑定义")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return f"{self.name}（{self.target_working_days}个工作日）"

    def clean(self) -> None:
        unknown = set(self.project_types or []) - set(ProjectType.values)
        if unknown:
            raise ValidationError(
                {"project_types": _("未知的项目类型：%(types)s") % {"types": "、".join(sorted(unknown))}}
            )

    def applies_to(self, project: "Project") -> bool:
        if self.new_enterprise_only and project.enterprise.credit_code:
            return False
        return not self.project_types or project.project_type in self.project_types


class MilestoneTrigger(models.Model):
    """One event that starts or finishes a milestone (data an administrator edits): the
    work recorded in the system (an item accepted, approved or delivered; a drawing
    review; a merged assessment; a joint acceptance) or an event recorded by hand on the
    project page for what happens outside it. Any start trigger starts the milestone,
    any finish trigger finishes it; the work that moves it also pauses it when it is
    returned (补正、退回)."""

    definition = models.ForeignKey(
        MilestoneDefinition, verbose_name=_("里程碑"), on_delete=models.CASCADE, related_name="triggers"
    )
    move = models.CharField(_("作用"), max_length=10, choices=MilestoneMove.choices)
    event = models.CharField(_("事件"), max_length=60, choices=MilestoneEvent.choices)
    approval_item = models.ForeignKey(
        ApprovalItem,
        verbose_name=_("审批事项"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="milestone_triggers",
        help_text=_("事项受理、准予许可、结果送达三类事件须指定事项；其他事件不填"),
    )

    class Meta:
        verbose_name = _("里程碑起止事件")
        verbose_name_plural = pgettext_lazy("plural", "里程碑起止事件")
        ordering = ["definition__order", "move", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["definition", "event", "approval_item"], name="trigger_once_per_definition"
            ),
            models.UniqueConstraint(
                fields=["definition", "event"],
                condition=Q(approval_item__isnull=True),
                name="trigger_event_once_per_definition",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_move_display()}：{self.event_label()}"

    def event_label(self) -> str:
        if self.approval_item_id:
            return f"{self.approval_item.name}（{self.get_event_display()}）"
        return str(self.get_event_display())

    def clean(self) -> None:
        if self.event in ITEM_EVENTS and not self.approval_item_id:
            raise ValidationError({"approval_item": _("该事件须指定审批事项")}, code="item_required")
        if self.event and self.event not in ITEM_EVENTS and self.approval_item_id:
            raise ValidationError({"approval_item": _("该事件与具体事项无关，请不要指定事项")}, code="item_not_allowed")


def _milestone_permission(milestone: "Milestone", user) -> bool:
    return staff_on_project(milestone.project, user)


class MilestoneState(models.TextChoices):
    PENDING = "pending", _("未开始")
    RUNNING = "running", _("计时中")
    PAUSED = "paused", _("暂停计时")
    COMPLETED = "completed", _("已完成")


class MilestoneOutcome(models.TextChoices):
    ON_TIME = "on_time", _("按时完成")
    LATE = "late", _("超时完成")


class Milestone(StateMachineMixin, DeadlineClock):
    """One "3550" milestone of one project.

    ::

        pending --start--> running --finish--> completed
                            |   ^ \\
                       pause|   |resume \\finish (from paused: the pause ends at the finish)
                            v   |        \\
                            paused -------+

    The deadline is ``started_on`` + target + paused working days, computed by the
    working-day calendar; transitions only change fields (services save, audit and
    notify).
    """

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="milestones")
    definition = models.ForeignKey(
        MilestoneDefinition, verbose_name=_("里程碑"), on_delete=models.PROTECT, related_name="milestones"
    )
    state = FSMField(_("状态"), default=MilestoneState.PENDING, choices=MilestoneState.choices, protected=True)
    target_working_days = models.PositiveSmallIntegerField(_("目标时限（工作日）"), help_text=_("起算时取自定义"))
    finished_on = models.DateField(_("完成日"), null=True, blank=True)
    outcome = models.CharField(_("结果"), max_length=10, choices=MilestoneOutcome.choices, blank=True)
    # The working-day ordinals of its start and finish (no columns: joins on the dates).
    started_ordinal = workday_ordinal_of("started_on")
    finished_ordinal = workday_ordinal_of("finished_on")

    class Meta:
        verbose_name = _("里程碑")
        verbose_name_plural = pgettext_lazy("plural", "里程碑")
        ordering = ["project", "definition__order"]
        constraints = [models.UniqueConstraint(fields=["project", "definition"], name="milestone_unique_per_project")]
        indexes = [models.Index(fields=["state", "due_date"], name="milestone_state_due")]

    def __str__(self) -> str:
        return f"{self.project}：{self.definition.name}"

    def clock_target_days(self) -> int:
        return self.target_working_days

    def clock_running(self) -> bool:
        return self.state == MilestoneState.RUNNING

    def clock_paused(self) -> bool:
        return self.state == MilestoneState.PAUSED

    def clock_warning_days(self) -> int:
        return self.definition.early_warning_days

    def clock_finished_on(self) -> dt.date | None:
        return self.finished_on

    @transition(
        field=state,
        source=MilestoneState.PENDING,
        target=MilestoneState.RUNNING,
        custom={"label": _("开始计时")},
        permission=_milestone_permission,
    )
    def start(self) -> None:
        self.target_working_days = self.definition.target_working_days  # the clock starts with it (clock_start)

    @transition(
        field=state,
        source=MilestoneState.RUNNING,
        target=MilestoneState.PAUSED,
        custom={"label": _("暂停计时")},
        permission=_milestone_permission,
    )
    def pause(self) -> None:
        pass  # the clock stops with its pause record (clock_stop)

    @transition(
        field=state,
        source=MilestoneState.PAUSED,
        target=MilestoneState.RUNNING,
        custom={"label": _("恢复计时")},
        permission=_milestone_permission,
    )
    def resume(self) -> None:
        pass  # the clock runs again, its deadline moved (clock_restart)

    @transition(
        field=state,
        source=[MilestoneState.RUNNING, MilestoneState.PAUSED],
        target=MilestoneState.COMPLETED,
        custom={"label": _("完成")},
        permission=_milestone_permission,
    )
    def finish(self, *, on: dt.date) -> None:
        self.finished_on = on
        self.judge_outcome()

    def judge_outcome(self) -> None:
        self.outcome = MilestoneOutcome.ON_TIME if self.finished_on <= self.due_date else MilestoneOutcome.LATE


class MilestonePause(ClockPause):
    milestone = models.ForeignKey(Milestone, verbose_name=_("里程碑"), on_delete=models.CASCADE, related_name="pauses")
    source = models.CharField(
        _("暂停来源"),
        max_length=40,
        blank=True,
        help_text=_("由办理工作（如办件退回补正）引起的暂停记下来源，该工作恢复时一并恢复；手工暂停为空"),
    )

    class Meta:
        verbose_name = _("暂停计时记录")
        verbose_name_plural = pgettext_lazy("plural", "暂停计时记录")
        ordering = ["milestone", "paused_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["milestone"], condition=Q(resumed_on__isnull=True), name="pause_one_open_per_milestone"
            )
        ]


def milestone_working_days_left(milestone: Milestone, today: dt.date) -> int | None:
    return working_days_left(milestone, today)


def milestone_level(milestone: Milestone, today: dt.date) -> DeadlineLevel | None:
    return deadline_level(milestone, today)


# The states in which a milestone's clock runs or stands paused.
MILESTONE_OPEN_STATES = (MilestoneState.RUNNING, MilestoneState.PAUSED)

__all__ = [
    "MILESTONE_OPEN_STATES",
    "VERIFICATION_ALPHABET",
    "VERIFICATION_LENGTH",
    "Milestone",
    "MilestoneDefinition",
    "MilestoneOutcome",
    "MilestonePause",
    "MilestoneState",
    "MilestoneTrigger",
    "Project",
    "ProjectCodeChange",
    "milestone_level",
    "milestone_working_days_left",
    "staff_on_project",
    "verification_code_new",
]
