"""The project's assessments: what it needs, what a report covers, where the merged assessment stands."""

import datetime as dt
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from projects.models import Project
from regional_assessments.merged.models import MergedAssessment, MergedAssessmentState
from regional_assessments.reports.models import (
    AssessmentType,
    ReportReuse,
    ZoneReport,
)
from regional_assessments.reports.selectors import assessments_needed, reuse_candidates


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
            status = (
                AssessmentStatus.APPROVED if merged.state == MergedAssessmentState.APPROVED else AssessmentStatus.MERGED
            )
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
