"""Demo data of the zone committees: the hi-tech zone's regional assessment reports
(one in force, one expiring soon) and the reuse by the zone's industrial projects."""

import datetime as dt

from django.utils import timezone

from crm.models import User, Zone
from projects.models import Project, ProjectType
from regional_assessments.models import AssessmentType, ZoneReport
from regional_assessments.services import reuse_record

HI_TECH_ZONE = "盐城高新技术产业开发区"

REPORTS = [
    dict(
        title="盐城高新区区域评估报告（地质灾害、压覆矿产、地震安全性、水土保持、气候可行性、文物）",
        issuing_body="盐城高新区管委会（江苏省地质调查研究院等编制）",
        approval_no="盐高新管〔2023〕46号",
        years_ago=3,
        types=["地质灾害危险性评估", "压覆矿产资源评估", "地震安全性评价", "水土保持方案", "气候可行性论证", "文物评估"],
        land_parcels="智能终端产业园\n新能源汽车产业园\n光电产业园",
        excluded_industries=["K"],
    ),
    dict(
        title="盐城高新区区域环境影响评价报告",
        issuing_body="盐城高新区管委会（盐城市环境科学研究院编制）",
        approval_no="盐环审〔2021〕118号",
        years_ago=5,
        days_left=45,  # expires within the 90-day warning window
        types=["环境影响评价"],
        land_parcels="",
        excluded_industries=[],
    ),
]


def _reports_load(today: dt.date) -> int:
    zone = Zone.objects.get(name=HI_TECH_ZONE)
    created = 0
    for row in REPORTS:
        if ZoneReport.objects.filter(zone=zone, approval_no=row["approval_no"]).exists():
            continue
        valid_from = today.replace(year=today.year - row["years_ago"], day=1)
        report = ZoneReport(
            zone=zone, title=row["title"], issuing_body=row["issuing_body"], approval_no=row["approval_no"],
            valid_from=valid_from, land_parcels=row["land_parcels"], excluded_industries=row["excluded_industries"],
        )
        if "days_left" in row:
            report.valid_until = today + dt.timedelta(days=row["days_left"])
        report.full_clean()
        report.save()
        report.assessment_types.set(AssessmentType.objects.filter(name__in=row["types"]))
        created += 1
    return created


def load(stdout) -> int:
    today = timezone.localdate()
    created = _reports_load(today)
    if created:
        committee = User.objects.get(username="zone")
        for project in Project.objects.filter(zone__name=HI_TECH_ZONE, project_type=ProjectType.INDUSTRIAL):
            reuse_record(project=project, on=today, by=committee)
    stdout.write(f"区域评估：区域评估报告 {len(REPORTS)} 份（新建 {created} 份），高新区工业项目已复用")
    return created
