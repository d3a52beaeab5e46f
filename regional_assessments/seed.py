"""The eleven assessment types of the regional assessment (盐都区 000 §二(五)) and
the rules saying which of them a project needs, as every installation starts. The
savings and the land-area threshold are placeholders for the centre to set in the
admin."""

from decimal import Decimal

# code, name, default working days saved, default fee saved (元)
TYPES = [
    ("land_survey", "土地勘测定界", 20, "30000"),
    ("geological_hazard", "地质灾害危险性评估", 30, "80000"),
    ("mineral_overlay", "压覆矿产资源评估", 25, "50000"),
    ("seismic_safety", "地震安全性评价", 40, "150000"),
    ("environmental_impact", "环境影响评价", 60, "300000"),
    ("energy_saving", "节能评估", 30, "60000"),
    ("soil_water_conservation", "水土保持方案", 30, "80000"),
    ("climate_feasibility", "气候可行性论证", 25, "50000"),
    ("cultural_relics", "文物评估", 30, "60000"),
    ("land_price", "地价评估", 20, "40000"),
    ("land_reclamation", "土地复垦方案", 30, "100000"),
]

INDUSTRIAL = [
    "land_survey",
    "geological_hazard",
    "mineral_overlay",
    "seismic_safety",
    "environmental_impact",
    "energy_saving",
    "soil_water_conservation",
    "climate_feasibility",
    "cultural_relics",
]
BUILDING = [
    "land_survey",
    "geological_hazard",
    "seismic_safety",
    "environmental_impact",
    "energy_saving",
    "cultural_relics",
]

# name, project type, assessment codes, minimum land area (m²)
RULES = [
    ("工业生产建设项目：基本评估", "industrial", INDUSTRIAL, None),
    (
        "工业生产建设项目：用地100亩以上加做地价评估和土地复垦方案",
        "industrial",
        ["land_price", "land_reclamation"],
        "66667",
    ),
    (
        "基础设施项目",
        "infrastructure",
        [
            "land_survey",
            "geological_hazard",
            "mineral_overlay",
            "seismic_safety",
            "environmental_impact",
            "soil_water_conservation",
            "cultural_relics",
            "land_reclamation",
        ],
        None,
    ),
    ("商业服务业项目", "commercial", [*BUILDING, "land_price"], None),
    ("房地产开发项目", "real_estate", [*BUILDING, "land_price"], None),
    ("社会事业项目", "social", BUILDING, None),
]


def assessment_types_seed(*, type_model=None, rule_model=None, only_if_empty: bool = False) -> None:
    """Create the seeded types and rules that are missing (a rule's types are set only
    when the rule is new, so an administrator's edits stay). ``only_if_empty``: leave
    an installation with any type alone (post_migrate, e.g. after a flush)."""
    if type_model is None:
        from regional_assessments.reports.models import AssessmentRule as rule_model
        from regional_assessments.reports.models import AssessmentType as type_model
    if only_if_empty and type_model.objects.exists():
        return
    types = {}
    for order, (code, name, days, fee) in enumerate(TYPES, start=1):
        types[code], _ = type_model.objects.get_or_create(
            code=code,
            defaults={"name": name, "order": order, "default_days_saved": days, "default_fee_saved": Decimal(fee)},
        )
    for name, project_type, codes, min_land_area in RULES:
        rule, created = rule_model.objects.get_or_create(
            name=name,
            defaults={"project_type": project_type, "min_land_area": Decimal(min_land_area) if min_land_area else None},
        )
        if created:
            rule.assessment_types.set([types[code] for code in codes])
