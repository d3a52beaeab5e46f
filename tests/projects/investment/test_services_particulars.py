"""Corrections to a project's, an enterprise's and a zone report's particulars: only
what changed is saved and audited, before and after."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from crm.audit.models import AuditEntry
from projects.enterprises.services import enterprise_update
from projects.investment.services import project_update
from regional_assessments.reports.models import AssessmentType, ZoneReport
from regional_assessments.reports.services import zone_report_register, zone_report_update
from tests.factories import EnterpriseFactory, ProjectFactory, ProxyAgentFactory, UserFactory, ZoneFactory

pytestmark = pytest.mark.django_db


def test_project_update_audits_only_what_changed():
    project, by = ProjectFactory(), UserFactory()
    agent = ProxyAgentFactory()
    project_update(
        project=project, changes={"name": project.name, "investment_amount": Decimal(15000), "agent": agent}, by=by
    )
    entry = AuditEntry.objects.get(event="project.updated")
    assert (entry.actor, entry.before, entry.after) == (
        by,
        {"investment_amount": "12000.00", "agent": None},
        {"investment_amount": "15000", "agent": agent.pk},
    )
    project.refresh_from_db()
    assert (project.investment_amount, project.agent) == (Decimal(15000), agent)
    project_update(project=project, changes={"investment_amount": Decimal("15000.00")}, by=by)
    assert AuditEntry.objects.filter(event="project.updated").count() == 1


def test_project_update_refuses_invalid_values_and_the_code():
    project = ProjectFactory()
    with pytest.raises(ValidationError):
        project_update(project=project, changes={"investment_amount": Decimal(-1)}, by=UserFactory())
    with pytest.raises(ValueError):
        project_update(project=project, changes={"code": "2026-000000-00-00-000000"}, by=UserFactory())
    project.refresh_from_db()
    assert (
        project.investment_amount == Decimal(12000) and not AuditEntry.objects.filter(event="project.updated").exists()
    )


def test_enterprise_update_records_a_new_zone_by_its_id():
    enterprise, zone = EnterpriseFactory(), ZoneFactory()
    old_zone = enterprise.zone_id
    enterprise_update(enterprise=enterprise, changes={"zone": zone, "responsible_leader": "李副区长"}, by=None)
    entry = AuditEntry.objects.get(event="enterprise.updated")
    assert entry.before == {"zone": old_zone, "responsible_leader": ""}
    assert entry.after == {"zone": zone.pk, "responsible_leader": "李副区长"}


def test_zone_report_update_audits_the_covered_assessments():
    first, second = AssessmentType.objects.order_by("pk")[:2]
    report = zone_report_register(
        report=ZoneReport(
            zone=ZoneFactory(), title="区域评估报告", issuing_body="管委会", valid_from=dt.date(2026, 1, 5)
        ),
        assessment_types=[first],
        by=None,
    )
    assert report.valid_until == dt.date(2031, 1, 5)
    zone_report_update(report=report, changes={"assessment_types": [first, second]}, by=None)
    entry = AuditEntry.objects.get(event="regional_report.updated")
    assert (entry.before, entry.after) == (
        {"assessment_types": [first.pk]},
        {"assessment_types": [first.pk, second.pk]},
    )
    assert set(report.assessment_types.all()) == {first, second}
