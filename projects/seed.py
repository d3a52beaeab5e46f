"""The "3550" targets of the Yandu plan (seed 000): the milestone definitions every
installation starts with. Administrators edit them afterwards."""

DEFINITIONS = [
    {
        "code": "registration",
        "name": "企业注册开业",
        "target_working_days": 3,
        "start_event": "registration_accepted",
        "end_event": "enterprise_opened",
        "project_types": [],
        "new_enterprise_only": True,
        "order": 10,
        "description": "企业3个工作日内注册开业（营业执照、公章刻制、涉税事项、银行开户）",
    },
    {
        "code": "property_title",
        "name": "获得不动产权证",
        "target_working_days": 5,
        "start_event": "property_registration_accepted",
        "end_event": "property_title_issued",
        "project_types": [],
        "order": 20,
        "description": "5个工作日内获得不动产权证",
    },
    {
        "code": "drawing_review",
        "name": "施工图多图联审",
        "target_working_days": 7,
        "start_event": "drawings_accepted",
        "end_event": "drawing_review_passed",
        "project_types": ["industrial"],
        "order": 30,
        "description": "工业生产建设项目7个工作日内完成审图（不含申请人修改时间）",
    },
    {
        "code": "assessments",
        "name": "多评合一",
        "target_working_days": 40,
        "start_event": "assessments_started",
        "end_event": "assessments_approved",
        "project_types": ["industrial"],
        "order": 40,
        "description": "工业生产建设项目40个工作日内完成评估；区域评估已覆盖的事项不再重复评估",
    },
    {
        "code": "construction_permit",
        "name": "工业项目施工许可",
        "target_working_days": 50,
        "start_event": "project_filed",
        "end_event": "construction_permit_issued",
        "project_types": ["industrial"],
        "order": 50,
        "description": "工业生产建设项目50个工作日内取得施工许可证",
    },
]


def milestone_definitions_seed(*, model=None, only_if_empty: bool = False) -> None:
    """Create or refresh the seeded definitions. ``only_if_empty``: leave an
    installation that has any definition alone (post_migrate, e.g. after a flush)."""
    if model is None:
        from projects.models import MilestoneDefinition as model
    if only_if_empty and model.objects.exists():
        return
    # A migration passes its historical model, which may lack fields added later.
    fields = {field.name for field in model._meta.get_fields()}
    for definition in DEFINITIONS:
        model.objects.update_or_create(
            code=definition["code"], defaults={k: v for k, v in definition.items() if k in fields}
        )


# The disciplines of the joint drawing review (多图联审): code, name, order.
DISCIPLINES = [
    ("planning", "规划", 10),
    ("fire", "消防", 20),
    ("civil_defence", "人防", 30),
    ("structure", "结构安全/施工图审查", 40),
    ("energy", "节能", 50),
]


def review_disciplines_seed(*, model=None, only_if_empty: bool = False) -> None:
    """Create or rename the seeded disciplines (``only_if_empty`` as above)."""
    if model is None:
        from projects.models import ReviewDiscipline as model
    if only_if_empty and model.objects.exists():
        return
    for code, name, order in DISCIPLINES:
        model.objects.update_or_create(code=code, defaults={"name": name, "order": order})
