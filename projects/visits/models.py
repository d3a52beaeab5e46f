"""Joint survey (联合踏勘, before design) and joint acceptance (联合验收, after construction):
one site visit with every department the project needs, one record, and the follow-ups
the departments' rectification requirements leave behind."""

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
    "FindingKind",
    "FollowUpWaitsOn",
    "JointVisit",
    "JointVisitKind",
    "JointVisitState",
    "VisitAttendance",
    "VisitFollowUp",
    "VisitFollowUpPause",
]


class JointVisitKind(models.TextChoices):
    SURVEY = "survey", _("联合踏勘")
    ACCEPTANCE = "acceptance", _("联合验收")


# The record's number: LK-2026-00001 (踏勘), LY-2026-00001 (验收).
RECORD_PREFIX = {JointVisitKind.SURVEY: "LK", JointVisitKind.ACCEPTANCE: "LY"}


class JointVisitState(models.TextChoices):
    SCHEDULED = "scheduled", _("已安排")
    ISSUED = "issued", _("记录已出具")
    PASSED = "passed", _("验收通过")


def _visit_permission(visit: "JointVisit", user) -> bool:
    return staff_on_project(visit.project, user)


class JointVisit(StateMachineMixin, models.Model):
    """One site visit of a project with the departments it needs, and its record.

    ::

        scheduled --issue--> issued --pass_acceptance--> passed   (joint acceptance only)

    Issued once every invited department's attendance is recorded; a joint acceptance
    passes when every department came and no rectification is left open (at issue,
    or when its last follow-up closes). Transitions change fields only; services save,
    audit and record events."""

    project = models.ForeignKey(
        Project, verbose_name=_("投资项目"), on_delete=models.PROTECT, related_name="joint_visits"
    )
    kind = models.CharField(_("类型"), max_length=12, choices=JointVisitKind.choices)
    state = FSMField(_("状态"), default=JointVisitState.SCHEDULED, choices=JointVisitState.choices, protected=True)
    visit_on = models.DateField(_("现场日期"))
    visit_time = models.TimeField(_("时间"))
    place = models.CharField(_("地点"), max_length=200)
    departments = models.ManyToManyField(
        "crm.Department", verbose_name=_("邀请部门"), through="VisitAttendance", related_name="joint_visits"
    )
    scheduled_on = models.DateField(_("安排日期"))
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("安排人"), on_delete=models.PROTECT, related_name="+"
    )
    record_no = models.CharField(_("记录编号"), max_length=20, blank=True)
    record_year = models.PositiveSmallIntegerField(_("编号年份"), null=True, blank=True)
    record_seq = models.PositiveIntegerField(_("编号序号"), null=True, blank=True)
    issued_on = models.DateField(_("出具日期"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("出具人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    summary = models.TextField(_("综合意见"), blank=True)
    passed_on = models.DateField(_("验收通过日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("联合踏勘/验收")
        verbose_name_plural = pgettext_lazy("plural", "联合踏勘/验收")
        ordering = ["project", "visit_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "record_year", "record_seq"],
                condition=Q(record_seq__isnull=False),
                name="joint_visit_record_number_once",
            ),
        ]
        indexes = [models.Index(fields=["project", "state"], name="joint_visit_project_state")]

    def __str__(self) -> str:
        return f"{self.project.name}：{self.get_kind_display()}（{self.visit_on:%Y-%m-%d}）"

    @property
    def is_acceptance(self) -> bool:
        return self.kind == JointVisitKind.ACCEPTANCE

    @transition(
        field=state,
        source=JointVisitState.SCHEDULED,
        target=JointVisitState.ISSUED,
        custom={"label": _("出具记录")},
        permission=_visit_permission,
    )
    def issue(self, *, on, by, year: int, seq: int, summary: str) -> None:
        self.issued_on, self.issued_by, self.summary = on, by, summary
        self.record_year, self.record_seq = year, seq
        self.record_no = f"{RECORD_PREFIX[JointVisitKind(self.kind)]}-{year:04d}-{seq:05d}"

    @transition(
        field=state,
        source=JointVisitState.ISSUED,
        target=JointVisitState.PASSED,
        custom={"label": _("联合验收通过")},
        conditions=[lambda visit: visit.kind == JointVisitKind.ACCEPTANCE],
        permission=_visit_permission,
    )
    def pass_acceptance(self, *, on) -> None:
        self.passed_on = on


class FollowUpWaitsOn(models.TextChoices):
    ENTERPRISE = "enterprise", _("企业")
    DEPARTMENT = "department", _("提出意见的部门")


class FindingKind(models.TextChoices):
    NONE = "none", _("无意见")
    RECTIFICATION = "rectification", _("有整改要求")


class VisitAttendance(models.Model):
    """One invited department of a visit: whether it came, who, and what it found."""

    visit = models.ForeignKey(
        JointVisit, verbose_name=_("联合踏勘/验收"), on_delete=models.CASCADE, related_name="attendances"
    )
    department = models.ForeignKey(
        "crm.Department", verbose_name=_("部门"), on_delete=models.PROTECT, related_name="visit_attendances"
    )
    attended = models.BooleanField(_("是否到场"), null=True, blank=True, help_text=_("空：尚未登记"))
    attendees = models.CharField(_("到场人员"), max_length=200, blank=True)
    finding = models.CharField(_("意见"), max_length=20, choices=FindingKind.choices, blank=True)
    finding_text = models.TextField(_("意见内容"), blank=True)
    rectification_days = models.PositiveSmallIntegerField(_("整改期限（工作日）"), null=True, blank=True)
    waits_on = models.CharField(_("由谁整改"), max_length=12, choices=FollowUpWaitsOn.choices, blank=True)
    recorded_on = models.DateField(_("登记日期"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("部门到场与意见")
        verbose_name_plural = pgettext_lazy("plural", "部门到场与意见")
        ordering = ["visit", "department__name", "pk"]
        constraints = [models.UniqueConstraint(fields=["visit", "department"], name="visit_department_once")]

    def __str__(self) -> str:
        return f"{self.department}"


class VisitFollowUp(DeadlineClock):
    """A rectification a department required at the visit: what, by when (working
    days from the record's issue, on the spine's pausable clock), who must act, and
    how it was closed."""

    visit = models.ForeignKey(
        JointVisit, verbose_name=_("联合踏勘/验收"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    department = models.ForeignKey(
        "crm.Department", verbose_name=_("提出部门"), on_delete=models.PROTECT, related_name="visit_follow_ups"
    )
    requirement = models.TextField(_("整改要求"))
    waits_on = models.CharField(
        _("由谁整改"), max_length=12, choices=FollowUpWaitsOn.choices, default=FollowUpWaitsOn.ENTERPRISE
    )
    target_working_days = models.PositiveSmallIntegerField(_("整改期限（工作日）"))
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办结登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    close_note = models.TextField(_("办结说明"), blank=True)

    class Meta:
        verbose_name = _("整改事项")
        verbose_name_plural = pgettext_lazy("plural", "整改事项")
        ordering = ["visit", "due_date", "pk"]
        indexes = [models.Index(fields=["closed_on", "due_date"], name="visit_follow_up_open_due")]

    def __str__(self) -> str:
        return f"{self.visit.project.name}：{self.department}整改要求"

    @property
    def project(self) -> Project:
        return self.visit.project

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    def clock_target_days(self) -> int:
        return self.target_working_days

    def clock_running(self) -> bool:
        return self.closed_on is None and self.started_on is not None and self.paused_on is None

    def clock_paused(self) -> bool:
        return self.closed_on is None and self.paused_on is not None


class VisitFollowUpPause(ClockPause):
    follow_up = models.ForeignKey(
        VisitFollowUp, verbose_name=_("整改事项"), on_delete=models.CASCADE, related_name="pauses"
    )

    class Meta:
        verbose_name = _("整改暂停记录")
        verbose_name_plural = pgettext_lazy("plural", "整改暂停记录")
        ordering = ["follow_up", "paused_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["follow_up"], condition=Q(resumed_on__isnull=True), name="pause_one_open_per_visit_follow_up"
            )
        ]
