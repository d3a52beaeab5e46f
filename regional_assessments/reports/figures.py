"""The reports' figures: a zone's assessment figures, and what the reuse of zone
reports saved as a section of the dashboards and the monthly report
(``projects.dashboards.sections``, named in ``settings.CRM_FIGURE_SECTIONS``)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from projects.dashboards.sections import FigureSection
from projects.dashboards.selectors import DashboardScope, scoped_projects
from projects.models import DrawingReview, DrawingReviewState, Project
from regional_assessments.merged.models import MergedAssessment, MergedAssessmentState
from regional_assessments.reports.models import ReportReuse
from regional_assessments.reports.selectors import active_rules, assessments_needed


@dataclass(frozen=True)
class Figures:
    projects: int
    needed: int
    reused: int
    commissioned: int
    days_saved: int
    fee_saved: Decimal
    merged_on_time: int
    merged_late: int
    merged_running: int
    drawings_on_time: int
    drawings_late: int
    drawings_running: int


def _needed_total(projects: QuerySet[Project]) -> int:
    rules = active_rules()
    fields = ("project_type", "industry", "investment_amount", "land_area")
    return sum(len(assessments_needed(project, rules)) for project in projects.only(*fields))


def _clock_outcomes(rows: QuerySet, done_field: str, done_states, running_states) -> tuple[int, int, int]:
    counts = rows.aggregate(
        on_time=Count("pk", filter=Q(state__in=done_states, **{f"{done_field}__lte": F("due_date")})),
        late=Count("pk", filter=Q(state__in=done_states, **{f"{done_field}__gt": F("due_date")})),
        running=Count("pk", filter=Q(state__in=running_states)),
    )
    return counts["on_time"], counts["late"], counts["running"]


def assessment_figures(projects: QuerySet[Project]) -> Figures:
    reuse = ReportReuse.objects.filter(project__in=projects).aggregate(
        n=Count("pk"), days=Sum("days_saved"), fee=Sum("fee_saved")
    )
    merged = MergedAssessment.objects.filter(project__in=projects)
    commissioned = merged.aggregate(n=Count("assessment_types"))["n"]
    merged_states = [s for s in MergedAssessmentState.values if s != MergedAssessmentState.APPROVED]
    drawings = DrawingReview.objects.filter(project__in=projects)
    drawing_done = [DrawingReviewState.PASSED, DrawingReviewState.FAILED]
    drawing_running = [s for s in DrawingReviewState.values if s not in drawing_done]
    return Figures(
        projects.count(),
        _needed_total(projects),
        reuse["n"],
        commissioned,
        reuse["days"] or 0,
        reuse["fee"] or Decimal(0),
        *_clock_outcomes(merged, "approved_on", [MergedAssessmentState.APPROVED], merged_states),
        *_clock_outcomes(drawings, "decided_on", drawing_done, drawing_running),
    )


def reuse_section(scope: DashboardScope, *, today: dt.date) -> FigureSection:
    """Regional-report reuse in the scope (its audience's projects, the zone filter;
    reuses recorded in the period): projects served, assessments avoided (one per
    reuse: the assessment was not commissioned), working days and money (fees) saved,
    in total and per assessment type. Two aggregate queries. The days saved are the
    sum of each reuse's days (assessments commissioned together would have run side
    by side, so this is what the enterprises were spared, not elapsed time)."""
    reuses = ReportReuse.objects.filter(
        scoped_projects(scope), reused_on__gte=scope.start, reused_on__lte=min(scope.end, today)
    )
    totals = reuses.aggregate(
        projects=Count("project", distinct=True), avoided=Count("pk"), days=Sum("days_saved"), fee=Sum("fee_saved")
    )
    per_type = (
        reuses.values("assessment_type__name", "assessment_type__order", "assessment_type_id")
        .annotate(
            projects=Count("project", distinct=True),
            avoided=Count("pk"),
            days=Sum("days_saved"),
            fee=Sum("fee_saved"),
        )
        .order_by("assessment_type__order", "assessment_type_id")
    )
    rows = [
        [row["assessment_type__name"], row["projects"], row["avoided"], row["days"], row["fee"]] for row in per_type
    ]
    return FigureSection(
        key="reuse",
        title=_("区域评估成果复用"),
        note=_(
            "复用日期在统计期间的区域评估成果复用：服务项目数、免于重复评估的项数、节省的工作日和评估费用。不按审批部门筛选。"
        ),
        headers=[_("评估类型"), _("服务项目数"), _("免于重复评估（项）"), _("节省工作日"), _("节省费用（元）")],
        rows=rows,
        summary=[
            (_("服务项目数"), totals["projects"]),
            (_("免于重复评估（项）"), totals["avoided"]),
            (_("节省工作日"), totals["days"] or 0),
            (_("节省费用（元）"), totals["fee"] or Decimal(0)),
        ],
        chart={
            "categories": [row[0] for row in rows],
            "axes": [_("项/工作日"), _("元")],
            "series": [
                {"name": _("免于重复评估（项）"), "data": [row[2] for row in rows]},
                {"name": _("节省工作日"), "data": [row[3] for row in rows]},
                {"name": _("节省费用（元）"), "type": "line", "axis": 1, "data": [float(row[4]) for row in rows]},
            ],
        },
    )
