import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from crm.accounts.roles import Role, has_role
from crm.audit.services import audit_record, audited_update
from projects.live import live_announce
from projects.models import Project, staff_on_project
from regional_assessments.reports.errors import ReuseError, ZoneReportError
from regional_assessments.reports.models import AssessmentType, ReportReuse, ZoneReport, ZoneReportStatus
from regional_assessments.reports.selectors import assessments_needed, reuse_candidates


@dataclass(frozen=True)
class ReuseOutcome:
    reused: list[ReportReuse]  # rows written by this call
    remaining: list[AssessmentType]  # needed, covered by no reuse: to be commissioned


def reuse_may_record(project: Project, user) -> bool:
    if staff_on_project(project, user):
        return True
    return bool(has_role(user, Role.ZONE_COMMITTEE) and user.zone_id and project.zone_id in user.zone.ids_within())


def reuse_record(*, project: Project, on: dt.date, by) -> ReuseOutcome:
    """Record the reuse of every needed assessment a valid zone report covers on
    ``on`` and that the project has not reused yet; savings are the type's defaults.
    Running it again writes nothing new."""
    if not reuse_may_record(project, by):
        raise ValidationError(ReuseError.NOT_ALLOWED.label, code=ReuseError.NOT_ALLOWED.value)
    with transaction.atomic():
        # Serialises two recordings for one project (the unique constraint is the backstop).
        project = Project.objects.select_for_update().select_related("zone").get(pk=project.pk)
        already = set(ReportReuse.objects.filter(project=project).values_list("assessment_type_id", flat=True))
        reused = []
        for assessment_type, report in reuse_candidates(project, on).items():
            if assessment_type.pk in already:
                continue
            reuse = ReportReuse.objects.create(
                project=project,
                report=report,
                assessment_type=assessment_type,
                days_saved=assessment_type.default_days_saved,
                fee_saved=assessment_type.default_fee_saved,
                reused_on=on,
                recorded_by=by if getattr(by, "is_authenticated", False) else None,
            )
            entry = audit_record(
                subject=reuse,
                actor=by,
                event="regional_report.reused",
                after={
                    "report": str(report),
                    "assessment_type": str(assessment_type),
                    "days_saved": reuse.days_saved,
                    "fee_saved": reuse.fee_saved,
                    "reused_on": on,
                },
                on=on,
            )
            live_announce(entry, reuse)
            already.add(assessment_type.pk)
            reused.append(reuse)
    remaining = [t for t in assessments_needed(project) if t.pk not in already]
    return ReuseOutcome(reused=reused, remaining=remaining)


def reuse_savings_update(*, reuse: ReportReuse, by, days_saved: int, fee_saved: Decimal) -> ReportReuse:
    """Correct what one reuse saved (the defaults are estimates): whoever may record
    the project's reuses."""
    if not reuse_may_record(reuse.project, by):
        raise ValidationError(ReuseError.NOT_ALLOWED.label, code=ReuseError.NOT_ALLOWED.value)
    if days_saved < 0 or fee_saved < 0:
        raise ValidationError(ZoneReportError.SAVINGS_NEGATIVE.label, code=ZoneReportError.SAVINGS_NEGATIVE.value)
    with transaction.atomic():
        reuse = ReportReuse.objects.select_for_update().get(pk=reuse.pk)
        before = {"days_saved": reuse.days_saved, "fee_saved": reuse.fee_saved}
        if before == {"days_saved": days_saved, "fee_saved": fee_saved}:
            return reuse
        reuse.days_saved, reuse.fee_saved = days_saved, fee_saved
        reuse.save(update_fields=["days_saved", "fee_saved"])
        entry = audit_record(
            subject=reuse,
            actor=by,
            event="regional_report.reuse_savings_changed",
            before=before,
            after={"days_saved": days_saved, "fee_saved": fee_saved},
        )
        live_announce(entry, reuse)
    return reuse


def zone_report_register(*, report: ZoneReport, assessment_types, by) -> ZoneReport:
    """Record a report the committee compiled, with the assessments it covers."""
    report.full_clean()
    with transaction.atomic():
        report.save()
        report.assessment_types.set(assessment_types)
        entry = audit_record(
            subject=report,
            actor=by,
            event="regional_report.registered",
            after={
                "title": report.title,
                "zone": report.zone_id,
                "valid_until": report.valid_until,
                "assessment_types": sorted(t.pk for t in assessment_types),
            },
        )
        live_announce(entry, report)
    return report


# Withdrawal has its own service (a reason, a date, the reuses kept).
ZONE_REPORT_EDITABLE_FIELDS = (
    "zone",
    "title",
    "assessment_types",
    "issuing_body",
    "approval_no",
    "valid_from",
    "valid_until",
    "land_parcels",
    "excluded_industries",
    "max_investment",
    "max_land_area",
    "file",
)


def zone_report_update(*, report: ZoneReport, changes: dict, by) -> ZoneReport:
    """Correct a report's particulars (``changes``: field name → new value), audited
    with what they were before."""
    if unknown := set(changes) - set(ZONE_REPORT_EDITABLE_FIELDS):
        raise ValueError(f"zone_report_update cannot change {sorted(unknown)}")
    with transaction.atomic():
        report = ZoneReport.objects.select_for_update().get(pk=report.pk)
        entry = audited_update(report, changes=changes, by=by, event="regional_report.updated")
        if entry is not None:
            live_announce(entry, report)
    return report


def zone_report_withdraw(*, report: ZoneReport, by, on: dt.date, reason: str) -> ZoneReport:
    """Withdraw a report: new matching stops using it; past reuses keep their rows."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            ZoneReportError.WITHDRAWAL_REASON_REQUIRED.label, code=ZoneReportError.WITHDRAWAL_REASON_REQUIRED.value
        )
    with transaction.atomic():
        report = ZoneReport.objects.select_for_update().get(pk=report.pk)
        if report.status == ZoneReportStatus.WITHDRAWN:
            raise ValidationError(ZoneReportError.ALREADY_WITHDRAWN.label, code=ZoneReportError.ALREADY_WITHDRAWN.value)
        if on < report.valid_from:
            raise ValidationError(
                ZoneReportError.WITHDRAWAL_BEFORE_VALID.label, code=ZoneReportError.WITHDRAWAL_BEFORE_VALID.value
            )
        report.status, report.withdrawn_on, report.withdrawal_reason = ZoneReportStatus.WITHDRAWN, on, reason
        report.save(update_fields=["status", "withdrawn_on", "withdrawal_reason"])
        entry = audit_record(
            subject=report,
            actor=by,
            event="regional_report.withdrawn",
            before={"status": ZoneReportStatus.IN_FORCE},
            after={"status": ZoneReportStatus.WITHDRAWN, "withdrawn_on": on},
            reason=reason,
            on=on,
        )
        live_announce(entry, report)
    return report
