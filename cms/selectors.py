"""What the public site reads from the CRM: live, never retyped by editors."""

import datetime as dt
import statistics
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from wagtail.models import WorkflowState

from crm.organisation.models import Department, Zone
from projects.investment.selectors import milestones_compliance
from projects.models import ApprovalItem, ItemBundle, Milestone, MilestoneDefinition
from regional_assessments.reports.models import ZoneReport, ZoneReportStatus

FIGURE_DAYS = 365


@dataclass(frozen=True)
class MilestoneFigure:
    """One "3550" target and how the milestones finished in the last 12 months met it."""

    name: str
    target: int
    finished: int
    on_time: int
    median_days: int | float | None

    @property
    def on_time_percent(self) -> int | None:
        return round(100 * self.on_time / self.finished) if self.finished else None


def _median(values: list[int]) -> int | float | None:
    """The median in working days: whole, or to one decimal between two."""
    if not values:
        return None
    median = statistics.median(values)
    return int(median) if median == int(median) else round(median, 1)


def public_figures(today: dt.date) -> list[MilestoneFigure]:
    """Per milestone definition: milestones finished in the 12 months up to ``today``,
    how many within target (government working days), and their median government
    working days."""
    since = today - dt.timedelta(days=FIGURE_DAYS)
    rows = milestones_compliance(Milestone.objects.filter(finished_on__gt=since, finished_on__lte=today), today)
    days: dict[int, list[int]] = {}
    on_time: dict[int, int] = {}
    for row in rows:
        if row.figures is None:
            continue
        key = row.milestone.definition_id
        days.setdefault(key, []).append(row.figures.government)
        on_time[key] = on_time.get(key, 0) + int(row.figures.within_target)
    return [
        MilestoneFigure(
            name=definition.name,
            target=definition.target_working_days,
            finished=len(days.get(definition.pk, [])),
            on_time=on_time.get(definition.pk, 0),
            median_days=_median(days.get(definition.pk, [])),
        )
        for definition in MilestoneDefinition.objects.filter(is_active=True).order_by("order")
    ]


def catalogue_items(*, department: Department | None = None, q: str = "") -> QuerySet[ApprovalItem]:
    """The published catalogue: active items, by department and code."""
    items = ApprovalItem.objects.filter(is_active=True).select_related("department")
    if department is not None:
        items = items.filter(department=department)
    if q:
        items = items.filter(Q(name__icontains=q) | Q(code__icontains=q) | Q(legal_basis__icontains=q))
    return items.order_by("department__name", "code")


def catalogue_departments() -> QuerySet[Department]:
    return Department.objects.filter(approval_items__is_active=True).distinct().order_by("name")


def catalogue_item(pk: int) -> ApprovalItem | None:
    """One active item with what its guide page shows, or None."""
    return (
        ApprovalItem.objects.filter(is_active=True, pk=pk)
        .select_related("department", "parent")
        .prefetch_related(
            "steps",
            "requirements__material",
            Prefetch("bundles", queryset=ItemBundle.objects.filter(is_active=True)),
            Prefetch("sub_items", queryset=ApprovalItem.objects.filter(is_active=True)),
        )
        .first()
    )


def zone_reports_in_force(zone: Zone, today: dt.date) -> list[ZoneReport]:
    """The zone's regional assessment reports in force today (what the public may know
    of them: never their files)."""
    return list(
        ZoneReport.objects.filter(
            zone=zone, status=ZoneReportStatus.IN_FORCE, valid_from__lte=today, valid_until__gte=today
        )
        .prefetch_related("assessment_types")
        .order_by("-valid_from", "title")
    )


def public_zones() -> QuerySet[Zone]:
    return Zone.objects.order_by("division_code", "name")


def catalogue_item_by_code(code: str) -> ApprovalItem | None:
    return ApprovalItem.objects.filter(is_active=True, code=code).first()


def moderation_awaiting() -> list[WorkflowState]:
    """What awaits a moderator now (explainers, agents' biographies), oldest first, with
    its current task and who submitted it."""
    states = (
        WorkflowState.objects.active()
        .select_related("current_task_state__task", "requested_by")
        .prefetch_related("content_object")
        .order_by("created_at")
    )
    return [state for state in states if state.content_object is not None]
