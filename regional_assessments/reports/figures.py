from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Sum

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
