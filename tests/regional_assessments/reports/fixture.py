"""The dashboards' world (tests/projects/dashboards/fixture.py) with zone reports and
their reuses, hand-counted:

project  type                  days  fee        reused on
p1       地质灾害危险性评估         20    30,000     04-10
p1       地震安全性评价            30    50,000     04-12
p5       地质灾害危险性评估         20    30,000     04-20
p3       地震安全性评价            25    45,000.50  04-15
p2       地质灾害危险性评估         20    30,000     04-18
p1       节能评估                 10    8,000      03-20 (before April)

p1 and p5 are centre 1's in zone 1, p3 centre 1's agent's in zone 2, p2 centre 2's in zone 1.
"""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from regional_assessments.reports.models import AssessmentType, ReportReuse
from tests.factories import EnterpriseFactory, ProjectFactory, ZoneReportFactory
from tests.projects.dashboards.fixture import dashboard_world

D = dt.date


def reuse_world() -> SimpleNamespace:
    world = dashboard_world()
    p1, p3, p2 = (world.items[n].case.project for n in (1, 9, 8))
    p5 = ProjectFactory(enterprise=EnterpriseFactory(zone=world.z1), zone=world.z1, agent=world.s1)
    types = {t.code: t for t in AssessmentType.objects.all()}
    report1 = ZoneReportFactory(
        zone=world.z1, assessment_types=["geological_hazard", "seismic_safety", "energy_saving"]
    )
    report2 = ZoneReportFactory(zone=world.z2, assessment_types=["seismic_safety"])
    for project, report, code, days, fee, on in [
        (p1, report1, "geological_hazard", 20, "30000", D(2026, 4, 10)),
        (p1, report1, "seismic_safety", 30, "50000", D(2026, 4, 12)),
        (p5, report1, "geological_hazard", 20, "30000", D(2026, 4, 20)),
        (p3, report2, "seismic_safety", 25, "45000.50", D(2026, 4, 15)),
        (p2, report1, "geological_hazard", 20, "30000", D(2026, 4, 18)),
        (p1, report1, "energy_saving", 10, "8000", D(2026, 3, 20)),
    ]:
        ReportReuse.objects.create(
            project=project,
            report=report,
            assessment_type=types[code],
            days_saved=days,
            fee_saved=Decimal(fee),
            reused_on=on,
        )
    return world
