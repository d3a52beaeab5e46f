"""Demo data of the spine: zones, approval departments and one or more users per
role (see ``crm/management/commands/demo.py``). Every row is looked up by its
natural key first, so loading twice creates nothing new."""

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from crm.accounts.models import User
from crm.accounts.roles import GROUP_NAMES, Role, roles_sync
from crm.organisation.models import Department, Zone, ZoneKind

DEMO_PASSWORD = "demo1234"
YANDU_DIVISION_CODE = "320903"  # GB/T 2260: 江苏省盐城市盐都区

DISTRICT = "盐都区"
HI_TECH_ZONE = "盐城高新技术产业开发区"
# A second zone outside the district, with its own centre, team and committee: what one
# centre or committee sees of the other is what the scoping rules must keep apart.
TINGHU_DIVISION_CODE = "320902"  # GB/T 2260: 江苏省盐城市亭湖区
DEVELOPMENT_ZONE = "盐城经济技术开发区"

ZONES = [
    {
        "name": DISTRICT,
        "short_name": "盐都",
        "kind": ZoneKind.DISTRICT,
        "parent": None,
        "committee_name": "",
        "address": "江苏省盐城市盐都区新都西路88号",
    },
    {
        "name": HI_TECH_ZONE,
        "short_name": "盐城高新区",
        "kind": ZoneKind.HI_TECH_ZONE,
        "parent": DISTRICT,
        "committee_name": "盐城高新区管委会",
        "address": "江苏省盐城市盐都区盐龙大道1号高新区综合服务中心",
    },
    {
        "name": "盐龙街道",
        "short_name": "盐龙",
        "kind": ZoneKind.TOWN,
        "parent": HI_TECH_ZONE,
        "committee_name": "",
        "address": "江苏省盐城市盐都区盐龙街道办事处",
    },
    {
        "name": DEVELOPMENT_ZONE,
        "short_name": "盐城经开区",
        "kind": ZoneKind.DEVELOPMENT_ZONE,
        "parent": None,
        "committee_name": "盐城经济技术开发区管委会",
        "address": "江苏省盐城市亭湖区希望大道南路5号",
        "division_code": TINGHU_DIVISION_CODE,
    },
]

# All departments sit in the district's government service hall (政务服务中心).
DEPARTMENTS = [
    {"name": "盐都区行政审批局", "short_name": "区行政审批局", "window": "综合受理窗口", "phone": "0515-88201101"},
    {"name": "盐都区发展和改革委员会", "short_name": "区发改委", "window": "工程报建窗口", "phone": "0515-88201202"},
    {
        "name": "盐城市自然资源和规划局盐都分局",
        "short_name": "区自然资源和规划局",
        "window": "工程报建窗口",
        "phone": "0515-88201303",
    },
    {
        "name": "盐都区不动产登记中心",
        "short_name": "区不动产登记中心",
        "window": "不动产登记窗口",
        "phone": "0515-88201316",
    },
    {"name": "盐都区住房和城乡建设局", "short_name": "区住建局", "window": "工程报建窗口", "phone": "0515-88201404"},
    {"name": "盐城市盐都生态环境局", "short_name": "区生态环境局", "window": "工程报建窗口", "phone": "0515-88201505"},
    {"name": "盐都区市场监督管理局", "short_name": "区市场监管局", "window": "证照联办窗口", "phone": "0515-88201606"},
    {"name": "盐城市公安局盐都分局", "short_name": "公安盐都分局", "window": "证照联办窗口", "phone": "0515-88201616"},
    {
        "name": "国家税务总局盐城市盐都区税务局",
        "short_name": "区税务局",
        "window": "税务服务窗口",
        "phone": "0515-88201707",
    },
    {
        "name": "盐城市盐都区消防救援大队",
        "short_name": "区消防救援大队",
        "window": "工程报建窗口",
        "phone": "0515-88201808",
    },
    {"name": "盐都区人民防空办公室", "short_name": "区人防办", "window": "工程报建窗口", "phone": "0515-88201909"},
    {"name": "盐都区应急管理局", "short_name": "区应急管理局", "window": "工程报建窗口", "phone": "0515-88202010"},
    {"name": "盐都区水利局", "short_name": "区水利局", "window": "工程报建窗口", "phone": "0515-88202111"},
    {"name": "盐都区气象局", "short_name": "区气象局", "window": "工程报建窗口", "phone": "0515-88202212"},
]

# username → account; the profiles (agent, enterprise contact) are created by the
# apps that own them.
USERS = [
    {
        "username": "admin",
        "full_name": "陈志远",
        "phone": "0515-88201000",
        "role": Role.ADMINISTRATOR,
        "is_superuser": True,
        "is_staff": True,
        "email": "admin@example.com",
    },
    {
        "username": "supervisor",
        "full_name": "王海燕",
        "phone": "13805151001",
        "role": Role.SUPERVISOR,
        "is_staff": True,
    },
    {"username": "agent1", "full_name": "张振华", "phone": "13805151011", "role": Role.AGENT},
    {"username": "agent2", "full_name": "刘雅婷", "phone": "13805151012", "role": Role.AGENT},
    {"username": "agent3", "full_name": "孙建军", "phone": "13805151013", "role": Role.AGENT},
    # Staff so the committee can keep its zone's reports in the admin (scoped to the zone there).
    {
        "username": "zone",
        "full_name": "徐国庆",
        "phone": "0515-88302018",
        "role": Role.ZONE_COMMITTEE,
        "zone": HI_TECH_ZONE,
        "is_staff": True,
    },
    # A fire-protection reviewer of the joint drawing review (answers from the review queue).
    {"username": "reviewer", "full_name": "钱卫东", "phone": "0515-88201809", "role": Role.REVIEWER},
    {"username": "editor", "full_name": "赵思琪", "phone": "0515-88201020", "role": Role.EDITOR},
    {"username": "enterprise1", "full_name": "周建平", "phone": "13951512001", "role": Role.ENTERPRISE},
    {"username": "enterprise2", "full_name": "吴丽娟", "phone": "15189112002", "role": Role.ENTERPRISE},
    # The contacts who rated the two finished cases (see projects/demo.py).
    {"username": "enterprise3", "full_name": "顾晓雯", "phone": "13770512101", "role": Role.ENTERPRISE},
    {"username": "enterprise4", "full_name": "冯晓东", "phone": "13905112109", "role": Role.ENTERPRISE},
    # The development zone's centre and committee (see DEVELOPMENT_ZONE).
    {
        "username": "supervisor2",
        "full_name": "蔡文静",
        "phone": "13805152001",
        "role": Role.SUPERVISOR,
        "is_staff": True,
    },
    {"username": "agent4", "full_name": "马俊杰", "phone": "13805152011", "role": Role.AGENT},
    {
        "username": "zone2",
        "full_name": "梁永刚",
        "phone": "0515-88502018",
        "role": Role.ZONE_COMMITTEE,
        "zone": DEVELOPMENT_ZONE,
        "is_staff": True,
    },
]


def get_or_create_valid(model, defaults: dict, **lookup):
    """``get_or_create`` that validates (``full_clean``) a new row before saving it."""
    instance = model._default_manager.filter(**lookup).first()
    if instance is not None:
        return instance, False
    instance = model(**lookup, **defaults)
    instance.full_clean()
    instance.save()
    return instance, True


def _zones_load() -> int:
    created = 0
    for row in ZONES:
        row = dict(row)
        parent_name = row.pop("parent")
        row.setdefault("division_code", YANDU_DIVISION_CODE)
        row.update(parent=Zone.objects.get(name=parent_name) if parent_name else None)
        created += get_or_create_valid(Zone, row, name=row.pop("name"))[1]
    return created


def _departments_load() -> int:
    district = Zone.objects.get(name=DISTRICT)
    created = 0
    for row in DEPARTMENTS:
        row = dict(row)
        created += get_or_create_valid(Department, row, zone=district, name=row.pop("name"))[1]
    return created


def _users_load() -> int:
    roles_sync()  # the role groups and their permissions, as after a migrate
    # Hashed once: every demo account has the same published password, so one salt gives
    # nothing away and spares a slow hash per account.
    password, created = make_password(DEMO_PASSWORD), 0
    for row in USERS:
        row = dict(row)
        role, zone_name = row.pop("role"), row.pop("zone", None)
        user = User.objects.filter(username=row["username"]).first()
        if user is None:  # an account that already exists keeps its password
            user = User(**row, zone=Zone.objects.get(name=zone_name) if zone_name else None)
            user.password = password
            user.full_clean()
            user.save()
            created += 1
        group, _ = Group.objects.get_or_create(name=GROUP_NAMES[role])
        user.groups.add(group)
    return created


def load(stdout) -> int:
    created = _zones_load() + _departments_load() + _users_load()
    stdout.write(
        f"基础数据：园区/区域 {len(ZONES)} 个，审批部门 {len(DEPARTMENTS)} 个，演示账号 {len(USERS)} 个"
        f"（新建 {created} 条）"
    )
    return created
