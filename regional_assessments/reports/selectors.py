import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet, Sum
from django.shortcuts import get_object_or_404

from crm.accounts.roles import Role, has_role
from crm.organisation.models import Zone
from projects.investment.selectors import projects_visible_to
from projects.models import Project
from regional_assessments.reports.models import (
    AssessmentRule,
    AssessmentType,
    ReportReuse,
    ZoneReport,
    ZoneReportStatus,
)

# Days before the end of validity at which the committee is warned (stronger at 30).
EXPIRY_WARNING_DAYS = (90, 30)


def zone_and_ancestors(zone: Zone) -> list[int]:
    """The zone and every zone it lies in, nearest first (one query per level; zone
    trees are a few levels deep)."""
    ids, parent_id = [zone.pk], zone.parent_id
    while parent_id is not None and parent_id not in ids:
        ids.append(parent_id)
        parent_id = Zone.objects.filter(pk=parent_id).values_list("parent_id", flat=True).first()
    return ids


def rule_applies(rule: AssessmentRule, project: Project) -> bool:
    if rule.project_type != project.project_type:
        return False
    if rule.industries and project.industry not in rule.industries:
        return False
    if rule.min_investment is not None and project.investment_amount < rule.min_investment:
        return False
    return rule.min_land_area is None or (project.land_area is not None and project.land_area >= rule.min_land_area)


def active_rules() -> list[AssessmentRule]:
    return list(AssessmentRule.objects.filter(active=True).prefetch_related("assessment_types"))


def assessments_needed(project: Project, rules: list[AssessmentRule] | None = None) -> list[AssessmentType]:
    """The union of the assessment types of every active rule the project meets
    (``rules``: already loaded, when asking for many projects)."""
    needed: dict[int, AssessmentType] = {}
    for rule in active_rules() if rules is None else rules:
        if rule_applies(rule, project):
            for assessment_type in rule.assessment_types.all():
                needed[assessment_type.pk] = assessment_type
    return sorted(needed.values(), key=lambda t: (t.order, t.code))


def report_applies_to(report: ZoneReport, project: Project, on: dt.date) -> bool:
    """The report's conditions of use, for this project on this day. A report with a
    scale limit does not apply to a project whose scale is not recorded."""
    if not report.in_force_on(on):
        return False
    if project.industry in report.excluded_industries:
        return False
    if report.max_investment is not None and project.investment_amount > report.max_investment:
        return False
    return report.max_land_area is None or (project.land_area is not None and project.land_area <= report.max_land_area)


def reuse_candidates(project: Project, on: dt.date) -> dict[AssessmentType, ZoneReport]:
    """For each assessment the project needs, the report it may reuse on ``on``: one
    of its zone or of any zone it lies in, the nearest zone's first, then the most
    recent. Needed types no report covers are absent."""
    needed = assessments_needed(project)
    if not needed:
        return {}
    zone_ids = zone_and_ancestors(project.zone)
    reports = (
        ZoneReport.objects.filter(
            zone_id__in=zone_ids,
            status=ZoneReportStatus.IN_FORCE,
            valid_from__lte=on,
            valid_until__gte=on,
            assessment_types__in=needed,
        )
        .distinct()
        .prefetch_related("assessment_types")
    )
    ranked = sorted(
        (r for r in reports if report_applies_to(r, project, on)),
        key=lambda r: (zone_ids.index(r.zone_id), -r.valid_from.toordinal(), r.pk),
    )
    candidates: dict[AssessmentType, ZoneReport] = {}
    for assessment_type in needed:
        for report in ranked:
            if any(t.pk == assessment_type.pk for t in report.assessment_types.all()):
                candidates[assessment_type] = report
                break
    return candidates


@dataclass(frozen=True)
class ExpiryWarning:
    days_left: int
    level: int  # 90 or 30: the smallest threshold the report is within


def expiry_warning(report: ZoneReport, today: dt.date) -> ExpiryWarning | None:
    """A warning while an in-force report has 90 (then 30) days or fewer left."""
    if report.status != ZoneReportStatus.IN_FORCE or report.valid_until < today:
        return None
    days_left = (report.valid_until - today).days
    within = [threshold for threshold in EXPIRY_WARNING_DAYS if days_left <= threshold]
    return ExpiryWarning(days_left=days_left, level=min(within)) if within else None


def zone_reports_visible_to(user) -> QuerySet[ZoneReport]:
    """Administrators see every report; a zone committee member those of their zone
    and the zones inside it; anyone else none."""
    if has_role(user, Role.ADMINISTRATOR):
        return ZoneReport.objects.all()
    if has_role(user, Role.ZONE_COMMITTEE) and user.zone_id:
        return ZoneReport.objects.filter(zone_id__in=user.zone.ids_within())
    return ZoneReport.objects.none()


def committee_zone_ids(user) -> list[int] | None:
    """The zones whose reports the user keeps: None for administrators (every zone),
    a committee member's zone and the zones inside it, none for anyone else."""
    if has_role(user, Role.ADMINISTRATOR):
        return None
    if has_role(user, Role.ZONE_COMMITTEE) and user.zone_id:
        return user.zone.ids_within()
    return []


def zone_report_list(user, today: dt.date) -> list[ZoneReport]:
    """The committee's reports with their figures (``reuse_count``, ``project_count``,
    ``days_saved``, ``fee_saved``), covered types, ``warning`` and ``lapsed`` (withdrawn or
    expired: the reuses shown are then its lasting impact)."""
    reports = list(
        zone_reports_visible_to(user)
        .select_related("zone")
        .prefetch_related("assessment_types")
        .annotate(
            reuse_count=Count("reuses"),
            project_count=Count("reuses__project", distinct=True),
            days_saved=Sum("reuses__days_saved"),
            fee_saved=Sum("reuses__fee_saved"),
        )
        .order_by("valid_until", "title")
    )
    for report in reports:
        report.warning = expiry_warning(report, today)
        report.lapsed = report.status == ZoneReportStatus.WITHDRAWN or report.valid_until < today
    return reports


def zone_report_totals(reports: list[ZoneReport]) -> dict:
    return {
        "reuse_count": sum(r.reuse_count for r in reports),
        "days_saved": sum(r.days_saved or 0 for r in reports),
        "fee_saved": sum((r.fee_saved or 0) for r in reports),
        "warnings": sum(1 for r in reports if r.warning),
        "lapsed_with_reuses": sum(1 for r in reports if r.lapsed and r.reuse_count),
    }


def zone_reuses(user) -> QuerySet[ReportReuse]:
    """Every reuse of the reports ``user`` may see (withdrawn and expired ones too: what
    they saved stays saved), newest first."""
    return (
        ReportReuse.objects.filter(report__in=zone_reports_visible_to(user).values("pk"))
        .select_related("report", "project__enterprise", "assessment_type")
        .order_by("-reused_on", "report__title", "project__name")
    )


def zone_report_detail(user, pk: int) -> ZoneReport:
    """One report the user may see (404 otherwise) with its reuses."""
    return get_object_or_404(
        zone_reports_visible_to(user)
        .select_related("zone")
        .prefetch_related(
            "assessment_types",
            Prefetch(
                "reuses",
                queryset=ReportReuse.objects.select_related("project__enterprise", "assessment_type").order_by(
                    "-reused_on", "project__name"
                ),
            ),
        ),
        pk=pk,
    )


def reuse_savings(reuses: QuerySet[ReportReuse]) -> dict:
    """Projects served, assessments avoided, working days and money saved."""
    figures = reuses.aggregate(
        projects=Count("project", distinct=True),
        assessments=Count("id"),
        days_saved=Sum("days_saved"),
        fee_saved=Sum("fee_saved"),
    )
    return {**figures, "days_saved": figures["days_saved"] or 0, "fee_saved": figures["fee_saved"] or 0}


def zone_report_file_visible(report: ZoneReport, user) -> bool:
    """The report's file: its zone committee and administrators, and the staff and
    enterprise of every project that reused it (they build on it)."""
    if zone_reports_visible_to(user).filter(pk=report.pk).exists():
        return True
    return projects_visible_to(user).filter(report_reuses__report=report).exists()
