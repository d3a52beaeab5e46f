"""Proxy cases (代办件), their contacts and their items (办件) with the item state machine."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import FSMField, transition

from crm.calendar.clock import ClockPause, DeadlineClock
from crm.calendar.ordinals import workday_ordinal_of
from crm.fsm import StateMachineMixin, condition
from crm.uploads import SCAN_KINDS, UploadField, original_name_field
from projects.cases.errors import ItemError
from projects.catalogue.models import ApprovalItem, ItemKind
from projects.enterprises.models import Enterprise
from projects.investment.models import Project

__all__ = [
    "ITEM_CLOCK_PAUSED",
    "ITEM_CLOCK_RUNNING",
    "CaseContact",
    "CaseState",
    "ContactChannel",
    "DeliveryMethod",
    "ItemPause",
    "ItemState",
    "ProjectItem",
    "ProxyAuthorisation",
    "ProxyCase",
    "ServiceCommitment",
    "case_side",
    "former_agent_of",
    "staff_on_case",
]


def case_side(case: "ProxyCase", user) -> str | None:
    """Who ``user`` is to ``case``: ``"staff"`` (``staff_on_case``: they act and review),
    ``"former"`` (an agent who handed the case over: they read its history, and act on
    nothing), ``"enterprise"`` (a contact of the case's enterprise, in the enterprise
    role: they read what is theirs, submit and write), or None (may not know the case
    exists)."""
    from crm.accounts.roles import Role, has_role

    if staff_on_case(case, user):
        return "staff"
    if former_agent_of(case, user):
        return "former"
    contact = getattr(user, "enterprise_contact", None) if has_role(user, Role.ENTERPRISE) else None
    if contact is not None and contact.enterprise_id == case.enterprise_id:
        return "enterprise"
    return None


def former_agent_of(case: "ProxyCase", user) -> bool:
    """Did this user hand ``case`` over (an agent it was reassigned away from)?"""
    from crm.accounts.roles import Role, has_role

    profile = getattr(user, "agent_profile", None) if getattr(user, "is_authenticated", False) else None
    if profile is None or not has_role(user, Role.AGENT, Role.SUPERVISOR):
        return False
    return case.former_agents.filter(pk=profile.pk).exists()


def staff_on_case(case: "ProxyCase", user) -> bool:
    """May this user act on the case: its agent, a supervisor of that agent's
    centre, or an administrator. The rule behind every case and item transition."""
    from crm.accounts.roles import Role, has_role

    if not getattr(user, "is_authenticated", False):
        return False
    if has_role(user, Role.ADMINISTRATOR):
        return True
    profile = getattr(user, "agent_profile", None)
    if profile is None:
        return False
    if profile.pk == case.agent_id:
        return has_role(user, Role.AGENT, Role.SUPERVISOR)
    return has_role(user, Role.SUPERVISOR) and profile.centre_id == case.agent.centre_id


def _item_permission(item: "ProjectItem", user) -> bool:
    return staff_on_case(item.case, user)


def _case_permission(case: "ProxyCase", user) -> bool:
    return staff_on_case(case, user)


@condition(ItemError.NOT_AUTHORISED.label)
def _case_authorised(item: "ProjectItem") -> bool:
    return item.case.state == CaseState.AUTHORISED


class ContactChannel(models.TextChoices):
    PHONE = "phone", _("电话咨询")
    VISIT = "visit", _("来访")
    ONLINE = "online", _("网上咨询")
    SITE = "site", _("上门服务")


class CaseState(models.TextChoices):
    INTAKE = "intake", _("接洽中")
    AUTHORISED = "authorised", _("已委托")
    CLOSED = "closed", _("已办结")
    WITHDRAWN = "withdrawn", _("已终止")


class ProxyCase(StateMachineMixin, models.Model):
    """A proxy-service case, owned by the agent the enterprise first reached
    (首问负责制) until a supervisor hands it over.

    ::

        intake --authorise--> authorised --close--> closed
           \\                      |
            +------withdraw-------+--> withdrawn

    Submissions to departments need the signed authorisation (state authorised).
    """

    # How audit entries name the values they record that are not fields of the case.
    AUDIT_LABELS = {"signatory": _("委托人"), "content": _("承诺内容"), "channel": _("方式")}

    number = models.CharField(_("案件编号"), max_length=20, unique=True)
    enterprise = models.ForeignKey(Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="cases")
    project = models.ForeignKey(
        Project, verbose_name=_("投资项目"), null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    agent = models.ForeignKey(
        "agents.ProxyAgent", verbose_name=_("负责代办员"), on_delete=models.PROTECT, related_name="cases"
    )
    # The agents who handed the case over (projects.cases.services.case_reassign): its
    # history is theirs too, so they keep reading it, without acting on it.
    former_agents = models.ManyToManyField(
        "agents.ProxyAgent", verbose_name=_("曾负责的代办员"), blank=True, related_name="handed_over_cases"
    )
    state = FSMField(_("状态"), default=CaseState.INTAKE, choices=CaseState.choices, protected=True)
    first_contact_channel = models.CharField(_("首次接洽方式"), max_length=10, choices=ContactChannel.choices)
    first_contact_on = models.DateField(_("首次接洽日期"))
    summary = models.CharField(_("诉求摘要"), max_length=300)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("代办案件")
        verbose_name_plural = pgettext_lazy("plural", "代办案件")
        ordering = ["-first_contact_on", "-pk"]
        indexes = [models.Index(fields=["agent", "state"], name="case_agent_state")]

    def __str__(self) -> str:
        return f"{self.number} {self.enterprise}"

    @transition(
        field=state,
        source=CaseState.INTAKE,
        target=CaseState.AUTHORISED,
        custom={"label": _("签订代办委托")},
        permission=_case_permission,
    )
    def authorise(self) -> None:
        pass

    @transition(
        field=state,
        source=CaseState.AUTHORISED,
        target=CaseState.CLOSED,
        custom={"label": _("办结")},
        permission=_case_permission,
    )
    def close(self, *, on: dt.date) -> None:
        self.closed_on = on

    @transition(
        field=state,
        source=[CaseState.INTAKE, CaseState.AUTHORISED],
        target=CaseState.WITHDRAWN,
        custom={"label": _("终止代办")},
        permission=_case_permission,
    )
    def withdraw(self, *, on: dt.date) -> None:
        self.closed_on = on


class CaseContact(models.Model):
    """One contact with the enterprise: the first one opens the case."""

    case = models.ForeignKey(ProxyCase, verbose_name=_("代办案件"), on_delete=models.CASCADE, related_name="contacts")
    channel = models.CharField(_("方式"), max_length=10, choices=ContactChannel.choices)
    on = models.DateField(_("日期"))
    summary = models.CharField(_("内容"), max_length=500)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("记录人"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("接洽记录")
        verbose_name_plural = pgettext_lazy("plural", "接洽记录")
        ordering = ["case", "on", "pk"]

    def __str__(self) -> str:
        return f"{self.on:%Y-%m-%d} {self.get_channel_display()}"


class ProxyAuthorisation(models.Model):
    """The signed proxy authorisation (代办委托书): submissions need it."""

    case = models.OneToOneField(
        ProxyCase, verbose_name=_("代办案件"), on_delete=models.CASCADE, related_name="authorisation"
    )
    signed_on = models.DateField(_("签订日期"))
    signatory = models.CharField(_("委托人"), max_length=50, help_text=_("企业法定代表人或其授权的人"))
    scope = models.TextField(_("委托事项"), help_text=_("代办的事项范围；代办服务免费"))
    document = UploadField(
        _("委托书扫描件"),
        upload_to="private/authorisations/",
        blank=True,
        kinds=SCAN_KINDS,
        name_field="document_name",
        serve=("projects:case_authorisation_document", "case_id"),
    )
    document_name = original_name_field()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("记录人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("代办委托书")
        verbose_name_plural = pgettext_lazy("plural", "代办委托书")

    def __str__(self) -> str:
        return f"{self.case.number} {self.signatory} {self.signed_on:%Y-%m-%d}"


class ServiceCommitment(models.Model):
    """A service commitment (服务承诺): what will be done by which working day."""

    case = models.ForeignKey(
        ProxyCase, verbose_name=_("代办案件"), on_delete=models.CASCADE, related_name="commitments"
    )
    content = models.CharField(_("承诺内容"), max_length=300)
    committed_on = models.DateField(_("承诺日期"))
    working_days = models.PositiveSmallIntegerField(_("承诺时限（工作日）"))
    due_date = models.DateField(_("承诺办结日"))
    due_provisional = models.BooleanField(_("办结日暂定"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("记录人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("服务承诺")
        verbose_name_plural = pgettext_lazy("plural", "服务承诺")
        ordering = ["case", "committed_on", "pk"]

    def __str__(self) -> str:
        return self.content


class ItemState(models.TextChoices):
    PREPARING = "preparing", _("材料准备")
    CORRECTING = "correcting", _("企业补正中")
    READY = "ready", _("预审通过")
    SUBMITTED = "submitted", _("已提交")
    ACCEPTED = "accepted", _("已受理")
    IN_REVIEW = "in_review", _("审查中")
    RETURNED = "returned", _("退回补正")
    APPROVED = "approved", _("准予许可")
    REJECTED = "rejected", _("不予许可")
    DELIVERED = "delivered", _("已送达")


class DeliveryMethod(models.TextChoices):
    EXPRESS = "express", _("快递送达")
    PUSH = "push", _("网端推送（两微一端）")
    AGENT = "agent", _("代办员送达")
    WINDOW = "window", _("窗口领取")


# States in which the department's clock runs, and in which it is stopped.
ITEM_CLOCK_RUNNING = (ItemState.ACCEPTED, ItemState.IN_REVIEW)


ITEM_CLOCK_PAUSED = (ItemState.RETURNED,)


class ProjectItem(StateMachineMixin, DeadlineClock):
    """One approval item applied for in a case (办件).

    ::

        preparing --pass_prereview--> ready --submit--> submitted --accept--> accepted
          |    ^                                                               |
          |    |corrected                                          start_review|
          v    |                                                               v
        correcting                          returned <--return_for_correction-- in_review
                                               |                                |  |
                                               +-----------resubmit------------>+  |
                                                                approve / reject   |
                                                                       v           v
                                                                approved / rejected --deliver--> delivered

    The department's clock (committed working days) starts at acceptance and stops
    while the item is returned for correction. Before submission, corrections asked
    for at pre-review are the enterprise's time (recorded as pauses, no deadline).
    """

    AUDIT_LABELS = {"materials": _("须补正的材料")}  # named by a correction (crm.audit AuditEntry.changes)

    case = models.ForeignKey(ProxyCase, verbose_name=_("代办案件"), on_delete=models.CASCADE, related_name="items")
    approval_item = models.ForeignKey(
        ApprovalItem, verbose_name=_("审批事项"), on_delete=models.PROTECT, related_name="project_items"
    )
    state = FSMField(_("状态"), default=ItemState.PREPARING, choices=ItemState.choices, protected=True)
    committed_days = models.PositiveSmallIntegerField(_("承诺时限（工作日）"), help_text=_("受理时取自事项目录"))
    by_commitment = models.BooleanField(_("告知承诺制办理"), default=False)
    submitted_on = models.DateField(_("提交日期"), null=True, blank=True)
    acceptance_no = models.CharField(_("受理编号"), max_length=60, blank=True)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    decision_no = models.CharField(_("决定文书编号"), max_length=60, blank=True)
    decision_note = models.CharField(_("决定说明"), max_length=300, blank=True)
    verification_due = models.DateField(
        _("承诺核查期限"), null=True, blank=True, help_text=_("告知承诺制事项批准后须在此日前完成核查")
    )
    verified_on = models.DateField(_("核查完成日期"), null=True, blank=True)
    delivery_method = models.CharField(_("送达方式"), max_length=10, choices=DeliveryMethod.choices, blank=True)
    carrier = models.CharField(_("快递公司"), max_length=30, blank=True)
    tracking_no = models.CharField(_("快递单号"), max_length=40, blank=True)
    delivered_on = models.DateField(_("送达日期"), null=True, blank=True)
    trips = models.PositiveSmallIntegerField(
        _("企业跑动次数"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(1)],
        help_text=_("零跑动为0，最多跑一次为1"),
    )
    # The enterprise's own word that the result reached it (projects.portal.services.item_receipt_confirm).
    receipt_confirmed_on = models.DateField(_("企业确认收件日期"), null=True, blank=True)
    receipt_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认收件人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    # The working-day ordinals of its start and decision (no columns: joins on the dates),
    # so dashboards count working days in SQL (crm.calendar.ordinals).
    started_ordinal = workday_ordinal_of("started_on")
    decided_ordinal = workday_ordinal_of("decided_on")

    class Meta:
        verbose_name = _("办件")
        verbose_name_plural = pgettext_lazy("plural", "办件")
        ordering = ["case", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "approval_item"], name="item_once_per_case"),
            models.CheckConstraint(condition=Q(trips__lte=1), name="item_at_most_one_trip"),
        ]
        indexes = [models.Index(fields=["state", "due_date"], name="item_state_due")]

    def __str__(self) -> str:
        return f"{self.case.number} {self.approval_item}"

    def clock_target_days(self) -> int:
        return self.committed_days

    def clock_running(self) -> bool:
        return self.state in ITEM_CLOCK_RUNNING

    def clock_paused(self) -> bool:
        return self.state in ITEM_CLOCK_PAUSED

    def clock_finished_on(self) -> dt.date | None:
        """The department's clock stops at its decision."""
        return self.decided_on

    # -- pre-review (预审) -----------------------------------------------------------

    @transition(
        field=state,
        source=[ItemState.PREPARING, ItemState.READY],
        target=ItemState.CORRECTING,
        custom={"label": _("要求补正")},
        permission=_item_permission,
    )
    def request_correction(self) -> None:
        pass  # the enterprise's time, a pause record (clock_stop)

    @transition(
        field=state,
        source=ItemState.CORRECTING,
        target=ItemState.PREPARING,
        custom={"label": _("补正完成")},
        permission=_item_permission,
    )
    def corrected(self) -> None:
        pass  # that pause ends (clock_pause_end)

    @transition(
        field=state,
        source=ItemState.PREPARING,
        target=ItemState.READY,
        custom={"label": _("预审通过")},
        permission=_item_permission,
    )
    def pass_prereview(self) -> None:
        pass

    # -- at the department ---------------------------------------------------------------

    @transition(
        field=state,
        source=ItemState.READY,
        target=ItemState.SUBMITTED,
        custom={"label": _("提交申请")},
        conditions=[_case_authorised],
        permission=_item_permission,
    )
    def submit(self, *, on: dt.date) -> None:
        self.submitted_on = on

    @transition(
        field=state,
        source=ItemState.SUBMITTED,
        target=ItemState.ACCEPTED,
        custom={"label": _("部门受理")},
        permission=_item_permission,
    )
    def accept(self, *, acceptance_no: str) -> None:
        self.acceptance_no = acceptance_no
        self.committed_days = self.approval_item.committed_days  # the clock starts with it (clock_start)

    @transition(
        field=state,
        source=ItemState.ACCEPTED,
        target=ItemState.IN_REVIEW,
        custom={"label": _("开始审查")},
        permission=_item_permission,
    )
    def start_review(self) -> None:
        pass

    @transition(
        field=state,
        source=[ItemState.ACCEPTED, ItemState.IN_REVIEW],
        target=ItemState.RETURNED,
        custom={"label": _("退回补正")},
        permission=_item_permission,
    )
    def return_for_correction(self) -> None:
        pass  # the clock stops with its pause record (clock_stop)

    @transition(
        field=state,
        source=ItemState.RETURNED,
        target=ItemState.IN_REVIEW,
        custom={"label": _("补正后重新提交")},
        permission=_item_permission,
    )
    def resubmit(self) -> None:
        pass  # the clock runs again, its deadline moved (clock_restart)

    @transition(
        field=state,
        source=ItemState.IN_REVIEW,
        target=ItemState.APPROVED,
        custom={"label": _("准予许可")},
        permission=_item_permission,
    )
    def approve(self, *, on: dt.date, decision_no: str, note: str = "") -> None:
        self.decided_on, self.decision_no, self.decision_note = on, decision_no, note

    @transition(
        field=state,
        source=ItemState.IN_REVIEW,
        target=ItemState.REJECTED,
        custom={"label": _("不予许可")},
        permission=_item_permission,
    )
    def reject(self, *, on: dt.date, decision_no: str, note: str) -> None:
        self.decided_on, self.decision_no, self.decision_note = on, decision_no, note

    @transition(
        field=state,
        source=[ItemState.APPROVED, ItemState.REJECTED],
        target=ItemState.DELIVERED,
        custom={"label": _("送达")},
        permission=_item_permission,
    )
    def deliver(self, *, on: dt.date, delivery: str, trips: int, carrier: str = "", tracking_no: str = "") -> None:
        self.delivered_on, self.delivery_method, self.trips = on, delivery, trips
        self.carrier, self.tracking_no = carrier, tracking_no

    def clean(self) -> None:
        if self.by_commitment and not self.approval_item.notification_commitment:
            raise ValidationError(
                {"by_commitment": _("该事项未列入告知承诺制事项，不能按告知承诺办理")}, code="commitment_not_allowed"
            )
        if self.approval_item.kind == ItemKind.IMMEDIATE and self.committed_days:
            raise ValidationError({"committed_days": _("即办件当日办结")}, code="immediate_days")


class ItemPause(ClockPause):
    item = models.ForeignKey(ProjectItem, verbose_name=_("办件"), on_delete=models.CASCADE, related_name="pauses")
    before_acceptance = models.BooleanField(
        _("受理前（企业时间）"), default=False, help_text=_("预审补正属于企业自身时间，不计入部门办理时限")
    )
    requested_materials = models.ManyToManyField(
        "projects.Material",
        verbose_name=_("要求补正的材料"),
        blank=True,
        related_name="+",
        help_text=_("补正时企业须提交的材料（企业在提交材料页按此逐项上传）"),
    )

    class Meta:
        verbose_name = _("办件暂停记录")
        verbose_name_plural = pgettext_lazy("plural", "办件暂停记录")
        ordering = ["item", "paused_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["item"], condition=Q(resumed_on__isnull=True), name="pause_one_open_per_item"
            )
        ]
