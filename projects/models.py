"""Enterprises, investment projects, the approval-item catalogue and the "3550"
milestones of each project."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _, pgettext_lazy
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from crm.identifiers import validate_credit_code, validate_project_code
from crm.workdays import workdays_add, workdays_between
from projects.events import MilestoneEvent


class Industry(models.TextChoices):
    """GB/T 4754-2017 sections most investment projects fall in."""

    AGRICULTURE = "A", _("农、林、牧、渔业")
    MANUFACTURING = "C", _("制造业")
    UTILITIES = "D", _("电力、热力、燃气及水生产和供应业")
    CONSTRUCTION = "E", _("建筑业")
    TRADE = "F", _("批发和零售业")
    LOGISTICS = "G", _("交通运输、仓储和邮政业")
    SOFTWARE = "I", _("信息传输、软件和信息技术服务业")
    REAL_ESTATE = "K", _("房地产业")
    BUSINESS_SERVICES = "L", _("租赁和商务服务业")
    RESEARCH = "M", _("科学研究和技术服务业")
    OTHER = "Z", _("其他行业")


class ProjectType(models.TextChoices):
    INDUSTRIAL = "industrial", _("工业生产建设项目")
    COMMERCIAL = "commercial", _("商业服务业项目")
    INFRASTRUCTURE = "infrastructure", _("基础设施项目")
    SOCIAL = "social", _("社会事业项目")
    REAL_ESTATE = "real_estate", _("房地产开发项目")


class Enterprise(models.Model):
    """An enterprise (企业). The credit code is empty while the enterprise is still
    being registered: registration is itself a "3550" milestone."""

    name = models.CharField(_("企业名称"), max_length=200)
    credit_code = models.CharField(
        _("统一社会信用代码"),
        max_length=18,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_credit_code],
        help_text=_("18位；企业尚在设立登记中时可暂不填写"),
    )
    legal_representative = models.CharField(_("法定代表人"), max_length=50, blank=True)
    registered_address = models.CharField(_("注册地址"), max_length=200, blank=True)
    zone = models.ForeignKey("crm.Zone", verbose_name=_("所在区域"), on_delete=models.PROTECT, related_name="enterprises")
    industry = models.CharField(_("所属行业"), max_length=1, choices=Industry.choices)
    registered_capital = models.DecimalField(
        _("注册资本（万元）"), max_digits=14, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    assigned_agent = models.ForeignKey(
        "agents.ProxyAgent",
        verbose_name=_("联系代办员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enterprises",
    )
    responsible_leader = models.CharField(_("挂钩联系领导"), max_length=50, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("企业")
        verbose_name_plural = pgettext_lazy("plural", "企业")
        ordering = ["name"]
        indexes = [models.Index(fields=["name"], name="enterprise_name")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.credit_code == "":
            self.credit_code = None


class EnterpriseContact(models.Model):
    """A person at the enterprise; with a user account, they see the enterprise's
    projects online (and nothing else)."""

    enterprise = models.ForeignKey(Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="contacts")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登录账号"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enterprise_contact",
    )
    name = models.CharField(_("姓名"), max_length=50)
    position = models.CharField(_("职务"), max_length=50, blank=True)
    phone = models.CharField(_("电话"), max_length=30)
    email = models.EmailField(_("电子邮箱"), blank=True)
    is_primary = models.BooleanField(_("主要联系人"), default=False)

    class Meta:
        verbose_name = _("企业联系人")
        verbose_name_plural = pgettext_lazy("plural", "企业联系人")
        ordering = ["enterprise", "-is_primary", "name"]

    def __str__(self) -> str:
        return f"{self.name}（{self.enterprise}）"


# --- The approval-item catalogue (事项清单) ---------------------------------------------


class ItemKind(models.TextChoices):
    IMMEDIATE = "immediate", _("即办件")
    COMMITTED = "committed", _("承诺件")


class OnlineLevel(models.TextChoices):
    FULLY_ONLINE = "fully_online", _("全程网办（零跑动）")
    ONLINE_PREREVIEW = "online_prereview", _("网上预审（最多跑一次）")
    AT_WINDOW = "at_window", _("窗口办理")


class ApprovalItem(models.Model):
    """One entry of the published item catalogue (政务服务事项 / 审批事项)."""

    code = models.CharField(_("事项编码"), max_length=40, unique=True)
    name = models.CharField(_("事项名称"), max_length=200)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("所属主项"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sub_items",
        help_text=_("子项填写其主项"),
    )
    department = models.ForeignKey(
        "crm.Department", verbose_name=_("实施部门"), on_delete=models.PROTECT, related_name="approval_items"
    )
    legal_basis = models.TextField(_("设定依据"))
    kind = models.CharField(_("办件类型"), max_length=20, choices=ItemKind.choices, default=ItemKind.COMMITTED)
    statutory_days = models.PositiveSmallIntegerField(_("法定时限（工作日）"))
    committed_days = models.PositiveSmallIntegerField(
        _("承诺时限（工作日）"), help_text=_("不超过法定时限的一半；即办件为0（当日办结）")
    )
    fee = models.DecimalField(_("收费标准（元）"), max_digits=12, decimal_places=2, default=0)
    fee_basis = models.CharField(_("收费依据"), max_length=200, blank=True, help_text=_("不收费的填“不收费”"))
    online_level = models.CharField(_("网办深度"), max_length=20, choices=OnlineLevel.choices)
    proxiable = models.BooleanField(_("列入代办事项目录"), default=True)
    notification_commitment = models.BooleanField(_("可实行告知承诺制"), default=False)
    is_active = models.BooleanField(_("有效"), default=True)

    class Meta:
        verbose_name = _("审批事项")
        verbose_name_plural = pgettext_lazy("plural", "审批事项目录")
        ordering = ["department", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(committed_days__lte=models.F("statutory_days") / 2),
                name="item_committed_at_most_half_statutory",
                violation_error_message=_("承诺时限不得超过法定时限的一半"),
            ),
            models.CheckConstraint(
                condition=(Q(kind=ItemKind.IMMEDIATE, committed_days=0) | Q(kind=ItemKind.COMMITTED, committed_days__gte=1)),
                name="item_kind_matches_committed_days",
                violation_error_message=_("即办件的承诺时限为0；承诺件的承诺时限至少为1个工作日"),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        if self.statutory_days is not None and self.committed_days is not None:
            if self.committed_days * 2 > self.statutory_days:
                errors["committed_days"] = ValidationError(
                    _("承诺时限不得超过法定时限的一半：法定%(statutory)s个工作日，承诺时限最多%(limit)s个工作日"),
                    code="committed_over_half",
                    params={"statutory": self.statutory_days, "limit": self.statutory_days // 2},
                )
            elif self.kind == ItemKind.IMMEDIATE and self.committed_days != 0:
                errors["committed_days"] = ValidationError(_("即办件当日办结，承诺时限应为0"), code="immediate_days")
            elif self.kind == ItemKind.COMMITTED and self.committed_days == 0:
                errors["committed_days"] = ValidationError(
                    _("承诺件的承诺时限至少为1个工作日；当日办结的请选择“即办件”"), code="committed_zero"
                )
        if self.parent_id and self.parent_id == self.pk:
            errors["parent"] = ValidationError(_("事项不能以自身为主项"), code="parent_self")
        if errors:
            raise ValidationError(errors)


MAX_PROCESS_STEPS = 4


class ProcessStep(models.Model):
    """A step of an item's process; at most four per item (单个事项办理环节不超过4个)."""

    item = models.ForeignKey(ApprovalItem, verbose_name=_("事项"), on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(
        _("环节序号"), validators=[MinValueValidator(1), MaxValueValidator(MAX_PROCESS_STEPS)]
    )
    name = models.CharField(_("环节名称"), max_length=50)
    description = models.CharField(_("办理要求"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("办理环节")
        verbose_name_plural = pgettext_lazy("plural", "办理环节")
        ordering = ["item", "order"]
        constraints = [
            models.UniqueConstraint(fields=["item", "order"], name="step_unique_order"),
            models.CheckConstraint(
                condition=Q(order__gte=1, order__lte=MAX_PROCESS_STEPS),
                name="step_at_most_four",
                violation_error_message=_("单个事项办理环节不超过4个"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"


class MaterialSource(models.TextChoices):
    APPLICANT = "applicant", _("申请人自备")
    GOVERNMENT = "government", _("政府部门核发")
    INTERMEDIARY = "intermediary", _("中介机构出具")


class Material(models.Model):
    """A kind of document (申请材料), shared across items so that one held for an
    enterprise is never asked for twice."""

    name = models.CharField(_("材料名称"), max_length=200, unique=True)
    source = models.CharField(_("来源"), max_length=20, choices=MaterialSource.choices, default=MaterialSource.APPLICANT)
    description = models.TextField(_("说明"), blank=True)
    reusable = models.BooleanField(_("可共享复用"), default=True, help_text=_("已提交过的可直接复用，不再要求重复提交"))

    class Meta:
        verbose_name = _("申请材料")
        verbose_name_plural = pgettext_lazy("plural", "申请材料")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MaterialForm(models.TextChoices):
    ORIGINAL = "original", _("原件")
    COPY = "copy", _("复印件")
    ELECTRONIC = "electronic", _("电子件")


class MaterialRequirement(models.Model):
    """A material that an item requires, with its form template."""

    item = models.ForeignKey(ApprovalItem, verbose_name=_("事项"), on_delete=models.CASCADE, related_name="requirements")
    material = models.ForeignKey(Material, verbose_name=_("材料"), on_delete=models.PROTECT, related_name="requirements")
    order = models.PositiveSmallIntegerField(_("序号"), default=1)
    form = models.CharField(_("材料形式"), max_length=20, choices=MaterialForm.choices, default=MaterialForm.ELECTRONIC)
    copies = models.PositiveSmallIntegerField(_("份数"), default=1)
    required = models.BooleanField(_("必要"), default=True, help_text=_("非必要材料可容缺受理"))
    form_template = models.FileField(_("表单模板"), upload_to="forms/", blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("材料要求")
        verbose_name_plural = pgettext_lazy("plural", "材料要求")
        ordering = ["item", "order"]
        constraints = [models.UniqueConstraint(fields=["item", "material"], name="requirement_unique_material")]

    def __str__(self) -> str:
        return f"{self.item}：{self.material}"


# --- Investment projects -------------------------------------------------------------


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
    enterprise = models.ForeignKey(Enterprise, verbose_name=_("建设单位"), on_delete=models.PROTECT, related_name="projects")
    zone = models.ForeignKey("crm.Zone", verbose_name=_("建设地点所在区域"), on_delete=models.PROTECT, related_name="projects")
    location = models.CharField(_("建设地点"), max_length=200, blank=True)
    industry = models.CharField(_("所属行业"), max_length=1, choices=Industry.choices)
    project_type = models.CharField(_("项目类型"), max_length=20, choices=ProjectType.choices)
    investment_amount = models.DecimalField(
        _("总投资（万元）"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    land_area = models.DecimalField(
        _("用地面积（平方米）"), max_digits=14, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    floor_area = models.DecimalField(
        _("建筑面积（平方米）"), max_digits=14, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
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


# --- "3550" milestones -----------------------------------------------------------------


class MilestoneDefinition(models.Model):
    """A target as data: name, working days, the events that start and end it."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    target_working_days = models.PositiveSmallIntegerField(_("目标时限（工作日）"))
    start_event = models.CharField(_("起算事件"), max_length=60, choices=MilestoneEvent.choices)
    end_event = models.CharField(_("完成事件"), max_length=60, choices=MilestoneEvent.choices)
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
        if self.start_event and self.start_event == self.end_event:
            raise ValidationError({"end_event": _("完成事件不能与起算事件相同")}, code="same_event")
        unknown = set(self.project_types or []) - set(ProjectType.values)
        if unknown:
            raise ValidationError({"project_types": _("未知的项目类型：%(types)s") % {"types": "、".join(sorted(unknown))}})

    def applies_to(self, project: "Project") -> bool:
        if self.new_enterprise_only and project.enterprise.credit_code:
            return False
        return not self.project_types or project.project_type in self.project_types


class MilestoneState(models.TextChoices):
    PENDING = "pending", _("未开始")
    RUNNING = "running", _("计时中")
    PAUSED = "paused", _("暂停计时")
    COMPLETED = "completed", _("已完成")


class MilestoneOutcome(models.TextChoices):
    ON_TIME = "on_time", _("按时完成")
    LATE = "late", _("超时完成")


class Milestone(ConcurrentTransitionMixin, models.Model):
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
    started_on = models.DateField(_("起算日"), null=True, blank=True)
    due_date = models.DateField(_("到期日"), null=True, blank=True)
    due_provisional = models.BooleanField(
        _("到期日暂定"), default=False, help_text=_("依赖尚未公布节假日安排的年份，按周一至周五计算")
    )
    paused_working_days = models.PositiveIntegerField(_("已暂停工作日"), default=0)
    paused_on = models.DateField(_("本次暂停日"), null=True, blank=True)
    finished_on = models.DateField(_("完成日"), null=True, blank=True)
    outcome = models.CharField(_("结果"), max_length=10, choices=MilestoneOutcome.choices, blank=True)

    class Meta:
        verbose_name = _("里程碑")
        verbose_name_plural = pgettext_lazy("plural", "里程碑")
        ordering = ["project", "definition__order"]
        constraints = [models.UniqueConstraint(fields=["project", "definition"], name="milestone_unique_per_project")]
        indexes = [models.Index(fields=["state", "due_date"], name="milestone_state_due")]

    def __str__(self) -> str:
        return f"{self.project}：{self.definition.name}"

    def clean_fields(self, exclude=None) -> None:
        # The protected state field refuses the re-assignment clean_fields() makes;
        # only transitions ever set it, so there is nothing to validate.
        super().clean_fields(exclude={*(exclude or ()), "state"})

    def compute_due(self) -> None:
        result = workdays_add(self.started_on, self.target_working_days + self.paused_working_days)
        self.due_date, self.due_provisional = result.date, result.provisional

    @transition(field=state, source=MilestoneState.PENDING, target=MilestoneState.RUNNING, custom={"label": _("开始计时")})
    def start(self, *, on: dt.date) -> None:
        self.target_working_days = self.definition.target_working_days
        self.started_on = on
        self.paused_working_days = 0
        self.compute_due()

    @transition(field=state, source=MilestoneState.RUNNING, target=MilestoneState.PAUSED, custom={"label": _("暂停计时")})
    def pause(self, *, on: dt.date) -> None:
        self.paused_on = on

    @transition(field=state, source=MilestoneState.PAUSED, target=MilestoneState.RUNNING, custom={"label": _("恢复计时")})
    def resume(self, *, on: dt.date, paused_days: int) -> None:
        self.paused_working_days += paused_days
        self.paused_on = None
        self.compute_due()

    @transition(
        field=state,
        source=[MilestoneState.RUNNING, MilestoneState.PAUSED],
        target=MilestoneState.COMPLETED,
        custom={"label": _("完成")},
    )
    def finish(self, *, on: dt.date, paused_days: int = 0) -> None:
        if paused_days:
            self.paused_working_days += paused_days
            self.compute_due()
        self.paused_on = None
        self.finished_on = on
        self.judge_outcome()

    def judge_outcome(self) -> None:
        self.outcome = MilestoneOutcome.ON_TIME if self.finished_on <= self.due_date else MilestoneOutcome.LATE


class PauseCause(models.TextChoices):
    CORRECTION = "correction", _("申请人补正材料")
    EXPERT_REVIEW = "expert_review", _("专家评审")
    HEARING = "hearing", _("听证")
    PUBLIC_NOTICE = "public_notice", _("公示")
    INSPECTION = "inspection", _("现场勘验/检测")
    ENTERPRISE = "enterprise", _("企业自身原因")
    INTERMEDIARY = "intermediary", _("中介机构办理")


class MilestonePause(models.Model):
    """One pause of a milestone's clock, with whose time it was."""

    milestone = models.ForeignKey(Milestone, verbose_name=_("里程碑"), on_delete=models.CASCADE, related_name="pauses")
    cause = models.CharField(_("暂停类型"), max_length=20, choices=PauseCause.choices)
    reason = models.CharField(_("暂停原因"), max_length=300)
    paused_on = models.DateField(_("暂停日"))
    paused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("暂停操作人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    resumed_on = models.DateField(_("恢复日"), null=True, blank=True)
    resumed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("恢复操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    working_days = models.PositiveIntegerField(_("暂停工作日"), null=True, blank=True)

    class Meta:
        verbose_name = _("暂停计时记录")
        verbose_name_plural = pgettext_lazy("plural", "暂停计时记录")
        ordering = ["milestone", "paused_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["milestone"], condition=Q(resumed_on__isnull=True), name="pause_one_open_per_milestone"
            )
        ]

    def __str__(self) -> str:
        return f"{self.paused_on:%Y-%m-%d} {self.get_cause_display()}"


class DeadlineLevel(models.TextChoices):
    """How urgent an open milestone is (the supervision levels of DOMAIN.md §13)."""

    NORMAL = "normal", _("正常")
    WARNING = "warning", _("预警")
    OVERDUE = "overdue", _("超时")
    PAUSED = "paused", _("暂停计时")


def milestone_working_days_left(milestone: Milestone, today: dt.date) -> int | None:
    """Working days from today to the deadline (negative: overdue); while paused,
    the days that were left when the clock stopped."""
    if milestone.state == MilestoneState.RUNNING:
        return workdays_between(today, milestone.due_date).days
    if milestone.state == MilestoneState.PAUSED:
        return workdays_between(milestone.paused_on, milestone.due_date).days
    return None


def milestone_level(milestone: Milestone, today: dt.date) -> DeadlineLevel | None:
    left = milestone_working_days_left(milestone, today)
    if left is None:
        return None
    if milestone.state == MilestoneState.PAUSED:
        return DeadlineLevel.PAUSED
    if left < 0:
        return DeadlineLevel.OVERDUE
    if left <= milestone.definition.early_warning_days:
        return DeadlineLevel.WARNING
    return DeadlineLevel.NORMAL
