"""Reads: which assessments a project needs, which zone reports it may reuse, and
the zone committee's list of reports with their reuses and savings."""

import datetime as dt
from dataclasses import dataclass

from django.db import models
from django.db.models import Count, Prefetch, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from crm.models import Zone
from crm.roles import Role, has_role
from projects.models import Project
from projects.selectors import projects_visible_to
from regional_assessments.models import (
    AssessmentRule,
    AssessmentType,
    MergedAssessment,
    MergedAssessmentState,
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


# --- The zone committee's pages --------------------------------------------------------


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



# --- One project's assessments (the agent's view) ----------------------------------------


class AssessmentStatus(models.TextChoices):
    REUSED = "reused", _("复用区域评估")
    REUSABLE = "reusable", _("可复用，待登记")
    MERGED = "merged", _("纳入多评合一")
    APPROVED = "approved", _("多评合一已批复")
    TO_COMMISSION = "to_commission", _("待委托评估")


@dataclass(frozen=True)
class AssessmentRow:
    assessment_type: AssessmentType
    status: str
    needed: bool  # False: reused earlier, no longer required by the current rules
    reuse: ReportReuse | None = None
    report: ZoneReport | None = None  # the reused report, or the one that could be reused
    merged: MergedAssessment | None = None


def project_assessments(project: Project, on: dt.date) -> list[AssessmentRow]:
    """Every assessment the project needs (and any it reused earlier), each with where
    it stands: reused (with the report), reusable now, part of a merged assessment
    (open or approved), or still to be commissioned."""
    needed = assessments_needed(project)
    reuses = {
        r.assessment_type_id: r
        for r in ReportReuse.objects.filter(project=project).select_related("report__zone", "assessment_type")
    }
    merged_by_type: dict[int, MergedAssessment] = {}
    for merged in MergedAssessment.objects.filter(project=project).prefetch_related("assessment_types").order_by("pk"):
        for assessment_type in merged.assessment_types.all():
            merged_by_type[assessment_type.pk] = merged  # the latest one wins
    candidates = {t.pk: report for t, report in reuse_candidates(project, on).items()}
    rows = []
    for assessment_type in needed:
        reuse, merged = reuses.get(assessment_type.pk), merged_by_type.get(assessment_type.pk)
        if reuse is not None:
            rows.append(AssessmentRow(assessment_type, AssessmentStatus.REUSED, True, reuse=reuse, report=reuse.report))
        elif merged is not None:
            status = AssessmentStatus.APPROVED if merged.state == MergedAssessmentState.APPROVED else AssessmentStatus.MERGED
            rows.append(AssessmentRow(assessment_type, status, True, merged=merged))
        elif assessment_type.pk in candidates:
            rows.append(
                AssessmentRow(assessment_type, AssessmentStatus.REUSABLE, True, report=candidates[assessment_type.pk])
            )
        else:
            rows.append(AssessmentRow(assessment_type, AssessmentStatus.TO_COMMISSION, True))
    needed_ids = {t.pk for t in needed}
    rows += [
        AssessmentRow(r.assessment_type, AssessmentStatus.REUSED, False, reuse=r, report=r.report)
        for type_id, r in reuses.items()
        if type_id not in needed_ids
    ]
    return rows


def zone_report_file_visible(report: ZoneReport, user) -> bool:
    """The report's file: its zone committee and administrators, and the staff and
    enterprise of every project that reused it (they build on it)."""
    if zone_reports_visible_to(user).filter(pk=report.pk).exists():
        return True
    return projects_visible_to(user).filter(report_reuses__report=report).exists()
