"""Demo data of the zone committees: the hi-tech zone's regional assessment reports
(one in force, one expiring soon) and the reuse by the zone's industrial projects."""

import datetime as dt

from django.utils import timezone

from crm.accounts.models import User
from crm.calendar.workdays import workdays_add
from crm.organisation.models import Zone
from projects.models import Project, ProjectType
from regional_assessments.merged.models import Expert, Intermediary
from regional_assessments.merged.services import intermediary_draw, merged_assessment_start, merged_compiling_start
from regional_assessments.reports.models import AssessmentType, ZoneReport
from regional_assessments.reports.services import reuse_record

HI_TECH_ZONE = "盐城高新技术产业开发区"

REPORTS = [
    {
        "title": "盐城高新区区域评估报告（地质灾害、压覆矿产、地震安全性、水土保持、气候可行性、文物）",
        "issuing_body": "盐城高新区管委会（江苏省地质调查研究院等编制）",
        "approval_no": "盐高新管〔2023〕46号",
        "years_ago": 3,
        "types": [
            "地质灾害危险性评估",
            "压覆矿产资源评估",
            "地震安全性评价",
            "水土保持方案",
            "气候可行性论证",
            "文物评估",
        ],
        "land_parcels": "智能终端产业园\n新能源汽车产业园\n光电产业园",
        "excluded_industries": ["K"],
    },
    {
        "title": "盐城高新区区域环境影响评价报告",
        "issuing_body": "盐城高新区管委会（盐城市环境科学研究院编制）",
        "approval_no": "盐环审〔2021〕118号",
        "years_ago": 5,
        "days_left": 45,  # expires within the 90-day warning window
        "types": ["环境影响评价"],
        "land_parcels": "",
        "excluded_industries": [],
    },
]


def _reports_load(today: dt.date) -> int:
    zone = Zone.objects.get(name=HI_TECH_ZONE)
    created = 0
    for row in REPORTS:
        if ZoneReport.objects.filter(zone=zone, approval_no=row["approval_no"]).exists():
            continue
        valid_from = today.replace(year=today.year - row["years_ago"], day=1)
        report = ZoneReport(
            zone=zone,
            title=row["title"],
            issuing_body=row["issuing_body"],
            approval_no=row["approval_no"],
            valid_from=valid_from,
            land_parcels=row["land_parcels"],
            excluded_industries=row["excluded_industries"],
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
    pools = _pools_load()
    if created:
        committee = User.objects.get(username="zone")
        for project in Project.objects.filter(zone__name=HI_TECH_ZONE, project_type=ProjectType.INDUSTRIAL):
            reuse_record(project=project, on=today, by=committee)
    merged_created = _merged_load(today)
    stdout.write(
        f"区域评估：区域评估报告 {len(REPORTS)} 份（新建 {created} 份），高新区工业项目已复用；"
        f"中介机构 {len(INTERMEDIARIES)} 家、评审专家 {len(EXPERTS)} 名（新建 {pools} 条），多评合一 {merged_created} 项"
    )
    return created + pools + merged_created


# --- The merged assessment's pools and one assessment under way -----------------------------

ALL_TYPES = "*"
INTERMEDIARIES = [
    {"name": "江苏省环境科学研究院", "qualifications": ALL_TYPES},
    {"name": "盐城市规划设计研究院有限公司", "qualifications": ALL_TYPES},
    {"name": "江苏苏辰勘察设计研究院有限公司", "qualifications": ALL_TYPES},
    {"name": "南京国环科技股份有限公司", "qualifications": ["环境影响评价", "节能评估", "水土保持方案"]},
    {
        "name": "盐城华诚工程咨询有限公司",
        "qualifications": ALL_TYPES,
        "excluded": True,
        "exclusion_reason": "2026年度信用评价为D级，暂停抽取一年",
    },
]
# name, employer (None: independent), specialties
EXPERTS = [
    ("陆文斌", None, ["环境影响评价", "水土保持方案"]),
    ("姜海鹰", None, ["地质灾害危险性评估", "压覆矿产资源评估", "土地勘测定界"]),
    ("曹明远", None, ["地震安全性评价"]),
    ("严慧琳", None, ["节能评估", "气候可行性论证"]),
    ("范晓东", None, ["文物评估"]),
    ("季丽萍", None, ["环境影响评价", "节能评估"]),
    ("邵振宇", "江苏省环境科学研究院", ["环境影响评价"]),
    ("钱振国", "盐城市规划设计研究院有限公司", ["土地勘测定界", "地价评估"]),
    ("唐宏伟", None, ["地价评估", "土地复垦方案"]),
]
MERGED_PROJECT = "年产5万吨高性能改性塑料项目"
MERGED_SEED = 20261124


def _pools_load() -> int:
    created = 0
    every_type = list(AssessmentType.objects.all())
    for row in INTERMEDIARIES:
        intermediary, new = Intermediary.objects.get_or_create(
            name=row["name"],
            defaults={"excluded": row.get("excluded", False), "exclusion_reason": row.get("exclusion_reason", "")},
        )
        if new:
            qualifications = row["qualifications"]
            types = every_type if qualifications == ALL_TYPES else [t for t in every_type if t.name in qualifications]
            intermediary.qualifications.set(types)
            created += 1
    for name, employer, specialties in EXPERTS:
        expert, new = Expert.objects.get_or_create(
            name=name, defaults={"employer": Intermediary.objects.filter(name=employer).first()}
        )
        if new:
            expert.specialties.set(AssessmentType.objects.filter(name__in=specialties))
            created += 1
    return created


def _merged_load(today: dt.date) -> int:
    """A district project (no zone report reaches it): scoped 4 working days ago,
    intermediary drawn, report being compiled."""
    project = Project.objects.filter(name=MERGED_PROJECT).select_related("agent__user").first()
    if project is None or project.merged_assessments.exists() or project.agent is None:
        return 0
    by = project.agent.user
    outcome = merged_assessment_start(project=project, by=by, on=workdays_add(today, -4).date)
    assessment = outcome.assessment
    intermediary_draw(assessment=assessment, seed=MERGED_SEED, by=by, on=workdays_add(today, -3).date)
    merged_compiling_start(assessment=assessment, by=by, on=workdays_add(today, -3).date)
    return 1
