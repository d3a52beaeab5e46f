"""The "3550" targets of the Yandu plan (seed 000): the milestone definitions every
installation starts with, and the events that start and finish them. Administrators edit
them afterwards.

A trigger is (move, event, catalogue item name or None). Item triggers name the item as the
national catalogue does (三级四同: the same name at every level); they are linked once the
catalogue holds an item of that name (``milestone_triggers_seed``), so an installation whose
catalogue is loaded later links them by calling it again."""

START, FINISH = "start", "finish"

DEFINITIONS = [
    {
        "code": "registration",
        "name": "企业注册开业",
        "target_working_days": 3,
        "triggers": [
            (START, "item_accepted", "企业设立登记"),
            (START, "registration_accepted", None),
            (FINISH, "item_approved", "企业设立登记"),
            (FINISH, "enterprise_opened", None),
        ],
        "project_types": [],
        "new_enterprise_only": True,
        "order": 10,
        "description": "企业3个工作日内注册开业（营业执照、公章刻制、涉税事项、银行开户）",
    },
    {
        "code": "property_title",
        "name": "获得不动产权证",
        "target_working_days": 5,
        "triggers": [
            (START, "item_accepted", "国有建设用地使用权首次登记"),
            (START, "item_accepted", "国有建设用地使用权及房屋所有权首次登记"),
            (START, "property_registration_accepted", None),
            (FINISH, "item_approved", "国有建设用地使用权首次登记"),
            (FINISH, "item_approved", "国有建设用地使用权及房屋所有权首次登记"),
            (FINISH, "property_title_issued", None),
        ],
        "project_types": [],
        "order": 20,
        "description": "5个工作日内获得不动产权证",
    },
    {
        "code": "drawing_review",
        "name": "施工图多图联审",
        "target_working_days": 7,
        "triggers": [(START, "drawings_accepted", None), (FINISH, "drawing_review_passed", None)],
        "project_types": ["industrial"],
        "order": 30,
        "description": "工业生产建设项目7个工作日内完成审图（不含申请人修改时间）",
    },
    {
        "code": "assessments",
        "name": "多评合一",
        "target_working_days": 40,
        "triggers": [
            (START, "assessments_started", None),
            (FINISH, "assessments_approved", None),
            (FINISH, "assessments_all_reused", None),
        ],
        "project_types": ["industrial"],
        "order": 40,
        "description": "工业生产建设项目40个工作日内完成评估；区域评估已覆盖的事项不再重复评估",
    },
    {
        "code": "construction_permit",
        "name": "工业项目施工许可",
        "target_working_days": 50,
        "triggers": [
            (START, "item_approved", "企业投资项目备案"),
            (START, "item_approved", "企业投资项目核准"),
            (START, "project_filed", None),
            (FINISH, "item_approved", "建筑工程施工许可证核发"),
            (FINISH, "construction_permit_issued", None),
        ],
        "project_types": ["industrial"],
        "order": 50,
        "description": "工业生产建设项目50个工作日内取得施工许可证",
    },
]


def milestone_definitions_seed(*, model=None, trigger_model=None, only_if_empty: bool = False) -> None:
    """Create or refresh the seeded definitions and their triggers (those that name a
    catalogue item as far as the catalogue has it). ``only_if_empty``: leave an
    installation that has any definition alone (post_migrate, e.g. after a flush)."""
    if model is None:
        from projects.models import MilestoneDefinition as model
        from projects.models import MilestoneTrigger as trigger_model
    if only_if_empty and model.objects.exists():
        return
    # A migration passes its historical model, which may lack fields added later.
    fields = {field.name for field in model._meta.get_fields()} - {"triggers"}
    for definition in DEFINITIONS:
        model.objects.update_or_create(
            code=definition["code"], defaults={k: v for k, v in definition.items() if k in fields}
        )
    if trigger_model is not None:
        milestone_triggers_seed(definition_model=model, trigger_model=trigger_model)


def milestone_triggers_seed(*, definition_model=None, trigger_model=None, item_model=None) -> int:
    """Add the seeded triggers that are missing (an administrator's own are kept; one
    removed by hand comes back only with this call). Item triggers are linked to the
    active catalogue item of that name, when there is one. Returns how many were added."""
    if definition_model is None:
        from projects.models import MilestoneDefinition as definition_model
        from projects.models import MilestoneTrigger as trigger_model
    if item_model is None:
        item_model = trigger_model._meta.get_field("approval_item").related_model
    added = 0
    for seeded in DEFINITIONS:
        definition = definition_model.objects.filter(code=seeded["code"]).first()
        if definition is None:
            continue
        for move, event, item_name in seeded["triggers"]:
            item = None
            if item_name is not None:
                item = item_model.objects.filter(name=item_name).order_by("-is_active", "pk").first()
                if item is None:
                    continue
            _row, created = trigger_model.objects.get_or_create(
                definition=definition, event=event, approval_item=item, defaults={"move": move}
            )
            added += created
    return added


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
