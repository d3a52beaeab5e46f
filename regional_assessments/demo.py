"""Demo data of the zone committees and the merged assessment (多评合一): the hi-tech
zone's regional assessment reports (one in force, one expiring soon, each with its
report file), the pools of intermediaries and experts, and every industrial project's
assessments played through the services on the days they happened. Scoping a project
records what the zone reports cover (the reuse, on that day) and commissions the rest
as one merged assessment, which then moves through its steps: so the project's
"多评合一" milestone, the assessment page and the zone figures tell the same story.

Steps are ``ago`` working days before today; they run after the projects demo (this
app sits above projects), oldest first per assessment."""

import datetime as dt

from django.core.files.base import ContentFile
from django.utils import timezone

from crm.accounts.models import User
from crm.calendar.workdays import workdays_add
from crm.organisation.models import Zone
from projects.models import Project
from projects.monthly_reports.demo import monthly_reports_demo
from regional_assessments.merged.models import Expert, Intermediary
from regional_assessments.merged.services import (
    experts_draw,
    intermediary_draw,
    merged_assessment_approve,
    merged_assessment_start,
    merged_compiling_start,
    merged_resubmit,
    merged_revision_request,
)
from regional_assessments.reports.models import AssessmentType, ZoneReport
from regional_assessments.reports.services import zone_report_register

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


def _pdf_text(text: str) -> str:
    return "<" + text.encode("utf-16-be").hex().upper() + ">"


def report_pdf(lines: list[str]) -> bytes:
    """A one-page PDF of ``lines`` in the standard Chinese font STSong-Light (every PDF
    reader has it; nothing embedded), small enough to ship as demo data."""
    content = "BT /F1 16 Tf 56 780 Td 22 TL " + " ".join(f"{_pdf_text(line)} Tj T*" for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >>"
            " /Contents 4 0 R >>"
        ),
        f"<< /Length {len(content.encode('ascii'))} >>\nstream\n{content}\nendstream",
        ("<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>"),
        (
            "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light"
            " /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 7 0 R >>"
        ),
        (
            "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880]"
            " /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>"
        ),
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("ascii")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode("ascii")
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode("ascii")
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode("ascii")
    return bytes(out)


def _reports_load(today: dt.date) -> int:
    zone = Zone.objects.get(name=HI_TECH_ZONE)
    committee = User.objects.get(username="zone")
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
        lines = [
            row["title"][:30],
            row["title"][30:],
            f"编制/审批单位：{row['issuing_body']}",
            f"批复文号：{row['approval_no']}",
            f"生效日期：{valid_from:%Y-%m-%d}",
            "涵盖评估：" + "、".join(row["types"]),
            "（演示数据：报告正文从略）",
        ]
        report.file.save(
            f"{row['approval_no']}.pdf", ContentFile(report_pdf([line for line in lines if line])), save=False
        )
        zone_report_register(
            report=report, assessment_types=list(AssessmentType.objects.filter(name__in=row["types"])), by=committee
        )
        created += 1
    return created


# --- The merged assessment's pools ---------------------------------------------------------

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


# --- Each industrial project's assessments, step by step ------------------------------------
# (step, working days ago, arguments). "start" scopes: the zone reports' reuse is recorded
# that day and the rest is commissioned; a hi-tech zone project reuses seven of its
# assessments, a district one (no zone report reaches it) commissions them all.

MERGED = [
    (
        "年产2万台精密数控机床项目",  # district, 11 types commissioned; approved on time
        [
            ("start", 235, {}),
            ("draw", 234, {"seed": 20250101}),
            ("compile", 234, {}),
            ("experts", 214, {"seed": 20250102, "count": 5}),
            ("approve", 207, {"approval_no": "盐都审批评〔{y}〕12号"}),
        ],
    ),
    (
        "年产500万片光学镜片项目",  # hi-tech zone: reuses 7, commissions 2; approved on time
        [
            ("start", 237, {}),
            ("draw", 236, {"seed": 20250201}),
            ("compile", 236, {}),
            ("experts", 215, {"seed": 20250202, "count": 3}),
            ("approve", 205, {"approval_no": "盐高新审评〔{y}〕7号"}),
        ],
    ),
    (
        "年产30万套新能源汽车电机项目",  # hi-tech zone: one revision, approved late
        [
            ("start", 96, {}),
            ("draw", 95, {"seed": 20250301}),
            ("compile", 95, {}),
            ("experts", 70, {"seed": 20250302, "count": 3}),
            ("revise", 62, {"reason": "联合评审意见：节能报告能耗测算口径与可研不一致，地价评估缺少比较案例"}),
            ("resubmit", 55, {}),
            ("approve", 40, {"approval_no": "盐高新审评〔{y}〕31号"}),
        ],
    ),
    (
        "智能网联汽车零部件生产基地项目",  # hi-tech zone: the intermediary is revising (paused)
        [
            ("start", 35, {}),
            ("draw", 34, {"seed": 20250401}),
            ("compile", 34, {}),
            ("experts", 12, {"seed": 20250402, "count": 3}),
            ("revise", 6, {"reason": "联合评审意见：土地复垦方案需补充表土剥离与回覆措施"}),
        ],
    ),
    (
        "智能装备产业园一期项目",  # hi-tech zone: approved on time
        [
            ("start", 29, {}),
            ("draw", 28, {"seed": 20250501}),
            ("compile", 28, {}),
            ("experts", 15, {"seed": 20250502, "count": 3}),
            ("approve", 5, {"approval_no": "盐高新审评〔{y}〕58号"}),
        ],
    ),
    (
        "环保装备智能制造项目",  # district: revised and back at the joint review, deadline extended
        [
            ("start", 41, {}),
            ("draw", 40, {"seed": 20250601}),
            ("compile", 40, {}),
            ("experts", 25, {"seed": 20250602, "count": 5}),
            (
                "revise",
                20,
                {"reason": "联合评审意见：环境影响报告噪声预测缺少夜间工况，水土保持方案需补充临时防护措施"},
            ),
            ("resubmit", 14, {}),
        ],
    ),
    (
        "年产5万吨高性能改性塑料项目",  # district: just scoped, report being compiled
        [("start", 4, {}), ("draw", 3, {"seed": 20261124}), ("compile", 3, {})],
    ),
    (
        "年产50万套汽车轻量化部件项目",  # development zone: report being compiled
        [("start", 10, {}), ("draw", 9, {"seed": 20250801}), ("compile", 9, {})],
    ),
]


def _merged_play(project: Project, steps, today: dt.date) -> None:
    by, assessment = project.agent.user, None
    for step, ago, args in steps:
        on = workdays_add(today, -ago).date
        args = {k: v.format(y=on.year) if isinstance(v, str) else v for k, v in args.items()}
        if step == "start":
            assessment = merged_assessment_start(project=project, by=by, on=on).assessment
        elif step == "draw":
            intermediary_draw(assessment=assessment, by=by, on=on, **args)
        elif step == "compile":
            merged_compiling_start(assessment=assessment, by=by, on=on)
        elif step == "experts":
            experts_draw(assessment=assessment, by=by, on=on, **args)
        elif step == "revise":
            merged_revision_request(assessment=assessment, by=by, on=on, **args)
        elif step == "resubmit":
            merged_resubmit(assessment=assessment, by=by, on=on)
        else:
            merged_assessment_approve(assessment=assessment, by=by, on=on, **args)


def _merged_load(today: dt.date) -> int:
    created = 0
    for name, steps in MERGED:
        project = Project.objects.filter(name=name).select_related("agent__user", "zone").first()
        if project is None or project.agent is None or project.merged_assessments.exists():
            continue
        _merged_play(project, steps, today)
        created += 1
    return created


def load(stdout) -> int:
    today = timezone.localdate()
    created = _reports_load(today)
    pools = _pools_load()
    merged_created = _merged_load(today)
    # Last month's overdue reports, issued as the schedule issues them on the 1st, once the
    # zone reports and their reuse are in place: the archive's reports carry the savings.
    monthly = monthly_reports_demo(today)
    stdout.write(
        f"区域评估：区域评估报告 {len(REPORTS)} 份（新建 {created} 份，附报告文件）；"
        f"中介机构 {len(INTERMEDIARIES)} 家、评审专家 {len(EXPERTS)} 名（新建 {pools} 条），"
        f"多评合一 {len(MERGED)} 项（新建 {merged_created} 项，复用区域评估成果随之登记）；"
        f"上月超时办件通报 {monthly} 份"
    )
    return created + pools + merged_created + monthly
