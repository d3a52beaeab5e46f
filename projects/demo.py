"""Demo data of projects: the item catalogue an industrial project needs in Yandu and
its bundles, enterprises with their contacts, investment projects whose "3550"
milestones are in every state, the proxy cases and joint drawing reviews that move them.

Everything is played through the services, step by step, in working days before
today (oldest first for each object, never in the future): a milestone starts and
finishes only with the work that moves it, so the deadlines, pauses and audit trail
are real, every page agrees with every other, and the demo looks the same whenever
it is loaded. Each piece is looked up by its
natural key first (material name, item code, enterprise name, project code), so a
second run creates nothing.
"""

from decimal import Decimal

from django.contrib.auth.models import Group
from django.utils import timezone

from agents.models import ProxyAgent, ServiceCentre
from crm.accounts.models import User
from crm.accounts.roles import GROUP_NAMES, Role
from crm.calendar.workdays import workdays_add
from crm.demo import DEMO_PASSWORD, get_or_create_valid
from crm.identifiers import credit_code_check_character
from crm.organisation.models import Department, Zone
from projects.cases.actions import item_action_perform
from projects.cases.handover.services import handover_request
from projects.cases.services import (
    case_authorise,
    case_close,
    case_items_choose,
    case_open,
    case_project_link,
)
from projects.drawings.services import (
    drawing_opinion_give,
    drawing_review_accept,
    drawing_review_consolidate,
    drawing_review_pass,
    drawing_review_resubmit,
    drawing_review_return,
    drawing_review_start,
    drawing_review_submit,
)
from projects.investment.events import MilestoneEvent as E
from projects.investment.services import project_code_change, project_create, project_event_record
from projects.models import (
    ApprovalItem,
    Callback,
    CallbackOutcome,
    Enterprise,
    EnterpriseContact,
    Industry,
    ItemBundle,
    ItemKind,
    Material,
    MaterialForm,
    MaterialRequirement,
    MaterialSource,
    OnlineLevel,
    OpinionVerdict,
    ProcessStage,
    ProcessStep,
    Project,
    ProjectCodeChange,
    ProjectType,
    ProxyCase,
    RatingLevel,
    ReviewDiscipline,
)
from projects.notice.services import notice_issue
from projects.portal.access.demo import access_demo
from projects.portal.demo import portal_demo
from projects.portal.submissions.demo import submissions_demo
from projects.ratings.services import (
    callback_call_record,
    callback_close,
    callback_rectification_record,
    case_rate,
)
from projects.seed import milestone_triggers_seed

DISTRICT = "盐都区"
HI_TECH_ZONE = "盐城高新技术产业开发区"
YANLONG = "盐龙街道"
DEVELOPMENT_ZONE = "盐城经济技术开发区"  # outside the district, with its own centre (see crm/demo.py)
DIVISION_CODE = "320903"
DEVELOPMENT_ZONE_DIVISION_CODE = "320902"
NO_FEE = "不收费"

# --- Materials (申请材料) -----------------------------------------------------------------

APPLICANT, GOVERNMENT, INTERMEDIARY = MaterialSource.APPLICANT, MaterialSource.GOVERNMENT, MaterialSource.INTERMEDIARY

MATERIALS = [
    ("营业执照", GOVERNMENT, "市场监管部门核发；已在系统中的电子营业执照直接调用"),
    ("法定代表人身份证明", APPLICANT, "法定代表人身份证及法定代表人身份证明书"),
    ("经办人身份证明", APPLICANT, ""),
    ("授权委托书", APPLICANT, "企业委托代办员代为办理的，提交代办委托书"),
    ("企业名称自主申报告知书", GOVERNMENT, "通过企业名称自主申报系统取得"),
    ("公司登记（备案）申请书", APPLICANT, ""),
    ("公司章程", APPLICANT, "全体股东签署"),
    ("住所使用证明", APPLICANT, "房屋产权证明或租赁合同"),
    ("发票专用章印模", APPLICANT, ""),
    ("项目基本信息表", APPLICANT, "在投资项目在线审批监管平台填报的项目名称、建设地点、规模内容、总投资等"),
    ("项目申请报告", INTERMEDIARY, "核准类项目提交"),
    ("项目备案证", GOVERNMENT, "江苏省投资项目在线审批监管平台出具"),
    ("节能报告", INTERMEDIARY, "年综合能源消费量1000吨标准煤以上的项目提交"),
    ("环境影响报告表", INTERMEDIARY, ""),
    ("环境影响报告书", INTERMEDIARY, ""),
    ("安全条件论证报告", INTERMEDIARY, "含安全评价报告"),
    ("水土保持方案报告表", INTERMEDIARY, ""),
    ("建设项目用地预审与选址申请表", APPLICANT, ""),
    ("建设项目用地预审与选址意见书", GOVERNMENT, ""),
    ("国有建设用地使用权出让合同", GOVERNMENT, "土地出让合同及补充协议"),
    ("土地出让价款缴纳凭证", GOVERNMENT, ""),
    ("契税完税凭证", GOVERNMENT, "可通过部门共享获取"),
    ("建设用地规划许可证", GOVERNMENT, ""),
    ("建设工程设计方案（总平面图）", INTERMEDIARY, ""),
    ("建设工程规划许可证", GOVERNMENT, ""),
    ("不动产登记申请书", APPLICANT, ""),
    ("权籍调查成果", INTERMEDIARY, "宗地图、界址点坐标等"),
    ("不动产权证书（土地）", GOVERNMENT, ""),
    ("建设工程竣工验收备案证明", GOVERNMENT, ""),
    ("房屋测绘报告", INTERMEDIARY, ""),
    ("岩土工程勘察报告", INTERMEDIARY, ""),
    ("施工图设计文件", INTERMEDIARY, "含建筑、结构、给排水、电气、暖通、消防、人防等专业图纸"),
    ("消防设计文件", INTERMEDIARY, ""),
    ("防空地下室设计文件", INTERMEDIARY, ""),
    ("防雷装置设计文件", INTERMEDIARY, ""),
    ("施工图审查合格书", INTERMEDIARY, "多图联审通过后由审图机构出具"),
    ("中标通知书或直接发包备案", APPLICANT, ""),
    ("施工合同", APPLICANT, ""),
    ("监理合同", APPLICANT, "依法应当实行监理的工程提交"),
    ("工程质量安全监督手续", GOVERNMENT, "与施工许可合并办理"),
    ("资金到位证明或承诺书", APPLICANT, "可实行告知承诺"),
]

# --- Process steps (at most four) ---------------------------------------------------------

STEPS = {
    "standard": [
        ("受理", "窗口核验材料；齐全的当场受理，不齐全的一次性告知"),
        ("审查", "承办科室审查申请材料，必要时现场勘验"),
        ("决定", "作出准予或不予许可的决定"),
        ("送达", "网端推送、快递送达或代办员送达"),
    ],
    "immediate": [
        ("受理", "窗口核验材料"),
        ("办结", "当场办结并出具结果"),
    ],
    "filing": [
        ("告知", "建设单位在投资项目在线审批监管平台填报项目信息"),
        ("备案", "信息齐全的即为备案，出具备案证"),
    ],
    "registration": [
        ("申请", "网上提交登记申请"),
        ("受理审查", "登记机关对申请材料进行形式审查"),
        ("登记", "予以登记，生成电子营业执照"),
        ("发照", "纸质营业执照快递或代办送达"),
    ],
    "joint_review": [
        ("受理", "一窗受理施工图设计文件"),
        ("联审", "规划、消防、人防、结构等专业同步审查，汇总为一份意见"),
        ("复审", "申请人按汇总意见一次性修改后复审"),
        ("出具合格书", "审查合格的出具施工图审查合格书"),
    ],
    "property": [
        ("受理", "不动产登记窗口一窗受理"),
        ("审核", "查验权属来源和权籍调查成果"),
        ("登簿", "记载于不动产登记簿"),
        ("发证", "核发不动产权证书（电子证照同步生成）"),
    ],
}

# --- The item catalogue (事项清单) ---------------------------------------------------------

ORIGINAL, ELECTRONIC = MaterialForm.ORIGINAL, MaterialForm.ELECTRONIC


def req(material: str, form: str = ELECTRONIC, copies: int = 1, required: bool = True, note: str = "") -> tuple:
    return (material, form, copies, required, note)


def item(
    code,
    name,
    department,
    legal_basis,
    statutory_days,
    committed_days,
    *,
    steps="standard",
    materials=(),
    kind=ItemKind.COMMITTED,
    online_level=OnlineLevel.ONLINE_PREREVIEW,
    parent=None,
    fee="0",
    fee_basis=NO_FEE,
    proxiable=True,
    notification_commitment=False,
) -> dict:
    return {
        "code": code,
        "name": name,
        "department": department,
        "legal_basis": legal_basis,
        "statutory_days": statutory_days,
        "committed_days": committed_days,
        "steps": steps,
        "materials": materials,
        "kind": kind,
        "online_level": online_level,
        "parent": parent,
        "fee": Decimal(fee),
        "fee_basis": fee_basis,
        "proxiable": proxiable,
        "notification_commitment": notification_commitment,
    }


PROPERTY_FEE = "550"
PROPERTY_FEE_BASIS = (
    "《国家发展改革委 财政部关于不动产登记收费标准等有关问题的通知》（发改价格规〔2016〕2559号）："
    "非住宅类每件550元，小微企业免收"
)
AUTHORISATION = req("授权委托书", ORIGINAL, required=False, note="代办员代为办理时提交")

ITEMS = [
    # 企业开办（3个工作日）
    item(
        "320903-XK-0101",
        "企业设立登记",
        "盐都区市场监督管理局",
        "《中华人民共和国公司法》第二十九条；《中华人民共和国市场主体登记管理条例》第三条、第十九条",
        3,
        1,
        steps="registration",
        online_level=OnlineLevel.FULLY_ONLINE,
        materials=[
            req("公司登记（备案）申请书"),
            req("企业名称自主申报告知书"),
            req("公司章程"),
            req("法定代表人身份证明"),
            req("住所使用证明"),
            AUTHORISATION,
        ],
    ),
    item(
        "320903-QT-0101",
        "公章刻制备案",
        "盐城市公安局盐都分局",
        "《国务院关于第三批取消中央指定地方实施行政许可事项的决定》（国发〔2017〕7号）；《印铸刻字业暂行管理规则》第三条",
        1,
        0,
        kind=ItemKind.IMMEDIATE,
        steps="immediate",
        online_level=OnlineLevel.FULLY_ONLINE,
        materials=[req("营业执照"), req("法定代表人身份证明"), req("经办人身份证明")],
    ),
    item(
        "320903-GG-0101",
        "新办纳税人涉税事项办理",
        "国家税务总局盐城市盐都区税务局",
        "《中华人民共和国税收征收管理法》第十五条；《中华人民共和国发票管理办法》第十五条",
        5,
        0,
        kind=ItemKind.IMMEDIATE,
        steps="immediate",
        online_level=OnlineLevel.FULLY_ONLINE,
        materials=[req("营业执照"), req("经办人身份证明")],
    ),
    item(
        "320903-GG-0101-01",
        "发票领用",
        "国家税务总局盐城市盐都区税务局",
        "《中华人民共和国发票管理办法》第十五条",
        5,
        0,
        parent="320903-GG-0101",
        kind=ItemKind.IMMEDIATE,
        steps="immediate",
        online_level=OnlineLevel.FULLY_ONLINE,
        materials=[req("营业执照"), req("经办人身份证明"), req("发票专用章印模")],
    ),
    # 立项与用地
    item(
        "320903-QT-0201",
        "企业投资项目备案",
        "盐都区发展和改革委员会",
        "《企业投资项目核准和备案管理条例》第十三条、第十四条",
        0,
        0,
        kind=ItemKind.IMMEDIATE,
        steps="filing",
        online_level=OnlineLevel.FULLY_ONLINE,
        materials=[req("营业执照"), req("项目基本信息表"), AUTHORISATION],
    ),
    item(
        "320903-XK-0201",
        "企业投资项目核准",
        "盐都区行政审批局",
        "《企业投资项目核准和备案管理条例》第六条、第十条",
        20,
        10,
        materials=[req("项目申请报告"), req("建设项目用地预审与选址意见书"), req("营业执照"), AUTHORISATION],
    ),
    item(
        "320903-XK-0202",
        "固定资产投资项目节能审查",
        "盐都区发展和改革委员会",
        "《中华人民共和国节约能源法》第十五条；《固定资产投资项目节能审查办法》",
        20,
        10,
        materials=[req("节能报告"), req("项目备案证"), req("营业执照")],
    ),
    item(
        "320903-XK-0301",
        "建设项目用地预审与选址意见书核发",
        "盐城市自然资源和规划局盐都分局",
        "《中华人民共和国土地管理法》第五十二条；《中华人民共和国城乡规划法》第三十六条；《中华人民共和国土地管理法实施条例》第二十四条",
        20,
        5,
        materials=[
            req("建设项目用地预审与选址申请表", ORIGINAL),
            req("项目基本信息表"),
            req("营业执照"),
            AUTHORISATION,
        ],
    ),
    item(
        "320903-XK-0302",
        "建设用地规划许可证核发",
        "盐城市自然资源和规划局盐都分局",
        "《中华人民共和国城乡规划法》第三十七条、第三十八条",
        20,
        5,
        materials=[req("项目备案证"), req("国有建设用地使用权出让合同"), req("营业执照"), AUTHORISATION],
    ),
    item(
        "320903-XK-0303",
        "建设工程规划许可证核发",
        "盐城市自然资源和规划局盐都分局",
        "《中华人民共和国城乡规划法》第四十条",
        20,
        5,
        materials=[
            req("建设工程设计方案（总平面图）", copies=2),
            req("建设用地规划许可证"),
            req("不动产权证书（土地）"),
            req("营业执照"),
            AUTHORISATION,
        ],
    ),
    # 不动产登记（5个工作日）
    item(
        "320903-QT-0401",
        "不动产登记",
        "盐都区不动产登记中心",
        "《中华人民共和国民法典》第二百一十条；《不动产登记暂行条例》第三条、第二十条",
        30,
        5,
        steps="property",
        fee=PROPERTY_FEE,
        fee_basis=PROPERTY_FEE_BASIS,
        materials=[req("不动产登记申请书", ORIGINAL), req("营业执照")],
    ),
    item(
        "320903-QT-0401-01",
        "国有建设用地使用权首次登记",
        "盐都区不动产登记中心",
        "《不动产登记暂行条例》第二十条；《不动产登记暂行条例实施细则》第三十四条",
        30,
        3,
        steps="property",
        parent="320903-QT-0401",
        fee=PROPERTY_FEE,
        fee_basis=PROPERTY_FEE_BASIS,
        materials=[
            req("不动产登记申请书", ORIGINAL),
            req("营业执照"),
            req("国有建设用地使用权出让合同"),
            req("土地出让价款缴纳凭证"),
            req("契税完税凭证"),
            req("权籍调查成果"),
            AUTHORISATION,
        ],
    ),
    item(
        "320903-QT-0401-02",
        "国有建设用地使用权及房屋所有权首次登记",
        "盐都区不动产登记中心",
        "《不动产登记暂行条例》第二十条；《不动产登记暂行条例实施细则》第三十五条",
        30,
        5,
        steps="property",
        parent="320903-QT-0401",
        fee=PROPERTY_FEE,
        fee_basis=PROPERTY_FEE_BASIS,
        materials=[
            req("不动产登记申请书", ORIGINAL),
            req("营业执照"),
            req("不动产权证书（土地）"),
            req("建设工程竣工验收备案证明"),
            req("房屋测绘报告"),
            AUTHORISATION,
        ],
    ),
    # 评估评价（多评合一，40个工作日）
    item(
        "320903-XK-0501",
        "建设项目环境影响评价审批",
        "盐城市盐都生态环境局",
        "《中华人民共和国环境影响评价法》第二十二条",
        60,
        20,
        materials=[req("项目备案证"), req("营业执照")],
    ),
    item(
        "320903-XK-0501-01",
        "建设项目环境影响评价审批（报告书）",
        "盐城市盐都生态环境局",
        "《中华人民共和国环境影响评价法》第二十二条",
        60,
        20,
        parent="320903-XK-0501",
        materials=[req("环境影响报告书", copies=2), req("项目备案证"), req("营业执照"), AUTHORISATION],
    ),
    item(
        "320903-XK-0501-02",
        "建设项目环境影响评价审批（报告表）",
        "盐城市盐都生态环境局",
        "《中华人民共和国环境影响评价法》第二十二条",
        30,
        10,
        parent="320903-XK-0501",
        notification_commitment=True,
        materials=[req("环境影响报告表", copies=2), req("项目备案证"), req("营业执照"), AUTHORISATION],
    ),
    item(
        "320903-XK-0502",
        "危险化学品建设项目安全条件审查",
        "盐都区应急管理局",
        "《中华人民共和国安全生产法》第三十二条；《危险化学品安全管理条例》第十二条",
        45,
        20,
        online_level=OnlineLevel.AT_WINDOW,
        proxiable=False,
        materials=[req("安全条件论证报告", ORIGINAL, copies=2), req("项目备案证"), req("营业执照")],
    ),
    item(
        "320903-XK-0503",
        "生产建设项目水土保持方案审批",
        "盐都区水利局",
        "《中华人民共和国水土保持法》第二十五条",
        20,
        10,
        online_level=OnlineLevel.FULLY_ONLINE,
        notification_commitment=True,
        materials=[req("水土保持方案报告表"), req("项目备案证"), AUTHORISATION],
    ),
    # 设计审查（多图联审，7个工作日）
    item(
        "320903-QT-0601",
        "施工图设计文件审查（多图联审）",
        "盐都区住房和城乡建设局",
        "《建设工程质量管理条例》第十一条；《房屋建筑和市政基础设施工程施工图设计文件审查管理办法》第三条、第十三条",
        15,
        7,
        steps="joint_review",
        online_level=OnlineLevel.FULLY_ONLINE,
        fee_basis="政府购买审图服务，不向企业收费",
        materials=[req("施工图设计文件"), req("岩土工程勘察报告"), req("建设工程规划许可证"), req("营业执照")],
    ),
    item(
        "320903-XK-0601",
        "特殊建设工程消防设计审查",
        "盐都区住房和城乡建设局",
        "《中华人民共和国消防法》第十一条、第十二条；《建设工程消防设计审查验收管理暂行规定》",
        15,
        7,
        online_level=OnlineLevel.FULLY_ONLINE,
        materials=[req("消防设计文件"), req("建设工程规划许可证"), req("营业执照")],
    ),
    item(
        "320903-XK-0602",
        "应建防空地下室的民用建筑项目报建审批（人防工程设计审查）",
        "盐都区人民防空办公室",
        "《中华人民共和国人民防空法》第二十二条",
        20,
        5,
        materials=[req("防空地下室设计文件"), req("建设工程规划许可证"), req("营业执照")],
    ),
    item(
        "320903-XK-0603",
        "防雷装置设计审核",
        "盐都区气象局",
        "《气象灾害防御条例》第二十三条；《国务院对确需保留的行政审批项目设定行政许可的决定》（国务院令第412号）第378项",
        20,
        5,
        materials=[req("防雷装置设计文件"), req("营业执照")],
    ),
    # 施工许可（50个工作日的终点）
    item(
        "320903-XK-0701",
        "建筑工程施工许可证核发",
        "盐都区住房和城乡建设局",
        "《中华人民共和国建筑法》第七条、第八条；《建筑工程施工许可管理办法》第四条、第五条",
        7,
        3,
        online_level=OnlineLevel.FULLY_ONLINE,
        notification_commitment=True,
        materials=[
            req("建设工程规划许可证"),
            req("不动产权证书（土地）"),
            req("施工图审查合格书"),
            req("中标通知书或直接发包备案"),
            req("施工合同"),
            req("监理合同", required=False),
            req("工程质量安全监督手续"),
            req("资金到位证明或承诺书", ORIGINAL),
            AUTHORISATION,
        ],
    ),
    item(
        "320903-XK-0801",
        "公众聚集场所投入使用、营业前消防安全检查",
        "盐城市盐都区消防救援大队",
        "《中华人民共和国消防法》第十五条",
        10,
        5,
        notification_commitment=True,
        materials=[req("营业执照"), req("法定代表人身份证明"), AUTHORISATION],
    ),
]

# Where each item falls in a project's life, and which projects normally need it (the item
# picker lists items in stage order and pre-selects these): the project types, and whether a
# new enterprise does.
_ALL_TYPES = tuple(ProjectType.values)
_BUILDING = (ProjectType.INDUSTRIAL, ProjectType.COMMERCIAL, ProjectType.SOCIAL, ProjectType.REAL_ESTATE)
S = ProcessStage
ITEM_PICKER = {
    "320903-XK-0101": (S.REGISTRATION, (), True),
    "320903-QT-0101": (S.OPENING, (), True),
    "320903-GG-0101": (S.OPENING, (), True),
    "320903-GG-0101-01": (S.OPENING, (), False),
    "320903-QT-0201": (S.APPROVAL, (ProjectType.INDUSTRIAL, ProjectType.COMMERCIAL, ProjectType.REAL_ESTATE), False),
    "320903-XK-0201": (S.APPROVAL, (ProjectType.INFRASTRUCTURE,), False),
    "320903-XK-0202": (S.APPROVAL, (ProjectType.INDUSTRIAL,), False),
    "320903-XK-0301": (S.LAND, (ProjectType.INFRASTRUCTURE, ProjectType.SOCIAL), False),
    "320903-QT-0401": (S.LAND, (), False),
    "320903-QT-0401-01": (S.LAND, _ALL_TYPES, False),
    "320903-XK-0302": (S.PLANNING, _ALL_TYPES, False),
    "320903-XK-0303": (S.PLANNING, _ALL_TYPES, False),
    "320903-XK-0501": (S.ASSESSMENT, (), False),
    "320903-XK-0501-01": (S.ASSESSMENT, (), False),
    "320903-XK-0501-02": (S.ASSESSMENT, (ProjectType.INDUSTRIAL,), False),
    "320903-XK-0502": (S.ASSESSMENT, (), False),
    "320903-XK-0503": (S.ASSESSMENT, (ProjectType.INDUSTRIAL, ProjectType.INFRASTRUCTURE), False),
    "320903-QT-0601": (S.DESIGN, _ALL_TYPES, False),
    "320903-XK-0601": (S.DESIGN, _BUILDING, False),
    "320903-XK-0602": (S.DESIGN, (ProjectType.COMMERCIAL, ProjectType.SOCIAL, ProjectType.REAL_ESTATE), False),
    "320903-XK-0603": (S.DESIGN, (ProjectType.INDUSTRIAL, ProjectType.REAL_ESTATE), False),
    "320903-XK-0701": (S.CONSTRUCTION, _ALL_TYPES, False),
    "320903-QT-0401-02": (S.COMPLETION, (), False),
    "320903-XK-0801": (S.COMPLETION, (ProjectType.COMMERCIAL, ProjectType.SOCIAL), False),
}


def _picker_fields(code: str) -> dict:
    stage, types, new_enterprise = ITEM_PICKER[code]
    return {"stage": stage, "project_types": [str(t) for t in types], "new_enterprise": new_enterprise}


# --- Enterprises ---------------------------------------------------------------------------


def organisation_code(base: str) -> str:
    """The nine-character organisation code (GB 11714) inside a credit code: eight
    characters and their check character."""
    total = sum(int(c, 36) * w for c, w in zip(base, (3, 7, 9, 10, 5, 8, 4, 2), strict=True))
    check = 11 - total % 11
    return base + {10: "X", 11: "0"}.get(check, str(check))


def credit_code(organisation_base: str, division_code: str = DIVISION_CODE) -> str:
    """A unified social credit code (GB 32100) of an enterprise (9: registered by
    market regulation; 1: enterprise) registered in Yandu, or where ``division_code`` says."""
    body = "91" + division_code + organisation_code(organisation_base)
    return body + credit_code_check_character(body)


ENTERPRISES = [
    {
        "name": "江苏盐都精密机械有限公司",
        "org": "73826214",
        "legal_representative": "顾国华",
        "zone": DISTRICT,
        "registered_address": "盐城市盐都区潘黄街道大纵湖路66号",
        "industry": Industry.MANUFACTURING,
        "registered_capital": "8000",
        "agent": "agent1",
        "responsible_leader": "区发改委副主任 杨志强",
    },
    {
        "name": "盐城高新区新能源科技有限公司",
        "org": "MA1MEW4N",
        "legal_representative": "黄启明",
        "zone": HI_TECH_ZONE,
        "registered_address": "盐城高新区新能源汽车产业园智慧大道18号",
        "industry": Industry.MANUFACTURING,
        "registered_capital": "20000",
        "agent": "agent1",
        "responsible_leader": "盐城高新区管委会副主任 钱卫东",
    },
    {
        "name": "盐城智联汽车零部件有限公司",
        "org": "MA1X9R2C",
        "legal_representative": "沈立新",
        "zone": YANLONG,
        "registered_address": "盐城市盐都区盐龙街道创新路29号",
        "industry": Industry.MANUFACTURING,
        "registered_capital": "15000",
        "agent": "agent2",
        "responsible_leader": "区发改委主任 唐永明",
    },
    {
        "name": "江苏鸿鹄智能装备有限公司",
        "org": "MA1Y3K8P",
        "legal_representative": "蒋华东",
        "zone": HI_TECH_ZONE,
        "registered_address": "盐城高新区智能终端产业园松江路9号",
        "industry": Industry.MANUFACTURING,
        "registered_capital": "30000",
        "agent": "agent2",
        "responsible_leader": "盐城高新区管委会主任助理 陆晓峰",
    },
    {
        "name": "盐城恒泰新材料科技有限公司",
        "org": "MA207L5D",
        "legal_representative": "朱海涛",
        "zone": DISTRICT,
        "registered_address": "盐城市盐都区大冈镇工业集中区纬二路8号",
        "industry": Industry.MANUFACTURING,
        "registered_capital": "12000",
        "agent": "agent3",
        "responsible_leader": "区发改委副主任 杨志强",
    },
    {
        "name": "盐城鼎力环保装备有限公司",
        "org": "MA1PQ6HT",
        "legal_representative": "胡晓东",
        "zone": DISTRICT,
        "registered_address": "盐城市盐都区郭猛镇工业园区兴业路12号",
        "industry": Industry.MANUFACTURING,
        "registered_capital": "6000",
        "agent": "agent3",
        "responsible_leader": "副区长 林家宏",
    },
    # Being set up for its project: registration is its first "3550" milestone.
    {
        "name": "盐城芯谷半导体科技有限公司",
        "org": None,
        "legal_representative": "郑宇航",
        "zone": HI_TECH_ZONE,
        "registered_address": "盐城高新区芯片产业园星海路1号",
        "industry": Industry.MANUFACTURING,
        "registered_capital": "50000",
        "agent": "agent1",
        "responsible_leader": "副区长 林家宏",
    },
    {
        "name": "盐城都市现代物流有限公司",
        "org": "MA1T5BW0",
        "legal_representative": "何建新",
        "zone": DISTRICT,
        "registered_address": "盐城市盐都区张庄街道物流大道58号",
        "industry": Industry.LOGISTICS,
        "registered_capital": "5000",
        "agent": "agent2",
        "responsible_leader": "区商务局局长 韩立军",
    },
    {
        "name": "盐城华锐光电科技有限公司",
        "org": "MA1R2JX6",
        "legal_representative": "冯志刚",
        "zone": HI_TECH_ZONE,
        "registered_address": "盐城高新区光电产业园明珠路36号",
        "industry": Industry.MANUFACTURING,
        "registered_capital": "10000",
        "agent": "agent3",
        "responsible_leader": "盐城高新区管委会副主任 钱卫东",
    },
    # Still being registered: no credit code yet.
    {
        "name": "盐城绿源建材科技有限公司",
        "org": None,
        "legal_representative": "许东升",
        "zone": DISTRICT,
        "registered_address": "盐城市盐都区尚庄镇工业园区建材路3号",
        "industry": Industry.MANUFACTURING,
        "registered_capital": "3000",
        "agent": "agent1",
        "responsible_leader": "区发改委副主任 杨志强",
    },
    # Served by the development zone's own centre.
    {
        "name": "盐城经开区远航汽车部件有限公司",
        "org": "MA1W8N3Q",
        "division_code": DEVELOPMENT_ZONE_DIVISION_CODE,
        "legal_representative": "邱明辉",
        "zone": DEVELOPMENT_ZONE,
        "registered_address": "盐城经济技术开发区松江路88号",
        "industry": Industry.MANUFACTURING,
        "registered_capital": "16000",
        "agent": "agent4",
        "responsible_leader": "盐城经开区管委会副主任 单晓峰",
    },
]

CONTACTS = [
    {
        "enterprise": "江苏盐都精密机械有限公司",
        "name": "顾晓雯",
        "position": "办公室主任",
        "phone": "13770512101",
        "is_primary": True,
        "user": "enterprise3",
    },
    {
        "enterprise": "盐城高新区新能源科技有限公司",
        "name": "周建平",
        "position": "行政部经理",
        "phone": "13951512001",
        "email": "zhoujp@example.com",
        "is_primary": True,
        "user": "enterprise1",
    },
    {"enterprise": "盐城高新区新能源科技有限公司", "name": "黄敏", "position": "基建专员", "phone": "13901512003"},
    {
        "enterprise": "盐城智联汽车零部件有限公司",
        "name": "吴丽娟",
        "position": "项目办主任",
        "phone": "15189112002",
        "email": "wulj@example.com",
        "is_primary": True,
        "user": "enterprise2",
    },
    {
        "enterprise": "江苏鸿鹄智能装备有限公司",
        "name": "蒋文博",
        "position": "副总经理",
        "phone": "18951512104",
        "is_primary": True,
    },
    {
        "enterprise": "盐城恒泰新材料科技有限公司",
        "name": "陈佳怡",
        "position": "综合部部长",
        "phone": "13815512105",
        "is_primary": True,
    },
    {
        "enterprise": "盐城鼎力环保装备有限公司",
        "name": "胡志成",
        "position": "基建负责人",
        "phone": "13655112106",
        "is_primary": True,
    },
    {
        "enterprise": "盐城芯谷半导体科技有限公司",
        "name": "李思远",
        "position": "筹建办主任",
        "phone": "17751512107",
        "is_primary": True,
    },
    {
        "enterprise": "盐城都市现代物流有限公司",
        "name": "何静",
        "position": "行政主管",
        "phone": "13961912108",
        "is_primary": True,
    },
    {
        "enterprise": "盐城华锐光电科技有限公司",
        "name": "冯晓东",
        "position": "工程部经理",
        "phone": "13905112109",
        "is_primary": True,
        "user": "enterprise4",
    },
    {
        "enterprise": "盐城绿源建材科技有限公司",
        "name": "许东升",
        "position": "拟任法定代表人",
        "phone": "13805112110",
        "is_primary": True,
    },
    {
        "enterprise": "盐城经开区远航汽车部件有限公司",
        "name": "邱晓琳",
        "position": "项目部经理",
        "phone": "13851512111",
        "is_primary": True,
    },
]

# --- Projects ------------------------------------------------------------------------------
# Every milestone moves only with the work that moves it: the items of the cases below
# (不动产登记 → 获得不动产权证, 施工许可 → 工业项目施工许可, 企业设立登记 → 企业注册开业),
# the joint drawing reviews (施工图多图联审) and the merged assessments of the
# regional_assessments demo (多评合一). What happens outside the system is recorded by
# hand, on its day: ``filed`` is the project's filing (备案) on the provincial online
# platform, ``ago`` working days before today, which starts the construction-permit clock.

INDUSTRIAL, COMMERCIAL = ProjectType.INDUSTRIAL, ProjectType.COMMERCIAL

PROJECTS = [
    {
        "code": "%d-320903-89-01-316752",
        "name": "年产2万台精密数控机床项目",
        "enterprise": "江苏盐都精密机械有限公司",
        "zone": DISTRICT,
        "location": "盐都区潘黄街道大纵湖路66号厂区东侧",
        "industry": Industry.MANUFACTURING,
        "project_type": INDUSTRIAL,
        "investment_amount": "35000",
        "land_area": "66700",
        "floor_area": "52000",
        "agent": "agent1",
        "filed": 236,  # done: every milestone finished on time
    },
    {
        "code": "%d-320903-89-01-528140",
        "name": "年产500万片光学镜片项目",
        "enterprise": "盐城华锐光电科技有限公司",
        "zone": HI_TECH_ZONE,
        "location": "盐城高新区光电产业园明珠路36号",
        "industry": Industry.MANUFACTURING,
        "project_type": INDUSTRIAL,
        "investment_amount": "32000",
        "land_area": "53360",
        "floor_area": "41000",
        "agent": "agent3",
        "filed": 238,  # done: permit issued late, the rating below 满意 and its callback
    },
    {
        "code": "%d-320903-04-01-472935",
        "name": "年产30万套新能源汽车电机项目",
        "enterprise": "盐城高新区新能源科技有限公司",
        "zone": HI_TECH_ZONE,
        "location": "盐城高新区新能源汽车产业园智慧大道与创新路交叉口东北侧",
        "industry": Industry.MANUFACTURING,
        "project_type": INDUSTRIAL,
        "investment_amount": "120000",
        "land_area": "133400",
        "floor_area": "98000",
        "agent": "agent1",
        "filed": 97,  # assessments and title late, drawings on time thanks to the revision pause, permit overdue
    },
    {
        "code": "%d-320903-04-01-650218",
        "name": "智能网联汽车零部件生产基地项目",
        "new_code": "%d-320903-04-01-650271",
        "enterprise": "盐城智联汽车零部件有限公司",
        "zone": HI_TECH_ZONE,
        "location": "盐城高新区盐龙街道创新路以南、松江路以东",
        "industry": Industry.MANUFACTURING,
        "project_type": INDUSTRIAL,
        "investment_amount": "60000",
        "land_area": "80000",
        "floor_area": "62000",
        "agent": "agent2",
        "filed": 36,  # permit running; the merged assessment is being revised (milestone paused)
    },
    {
        "code": "%d-320903-89-01-193847",
        "name": "智能装备产业园一期项目",
        "enterprise": "江苏鸿鹄智能装备有限公司",
        "zone": HI_TECH_ZONE,
        "location": "盐城高新区智能终端产业园松江路9号",
        "industry": Industry.MANUFACTURING,
        "project_type": INDUSTRIAL,
        "investment_amount": "150000",
        "land_area": "200100",
        "floor_area": "160000",
        "agent": "agent2",
        "filed": 30,  # drawing review about to expire (accepted 6 working days ago)
    },
    {
        "code": "%d-320903-89-01-804516",
        "name": "环保装备智能制造项目",
        "enterprise": "盐城鼎力环保装备有限公司",
        "zone": DISTRICT,
        "location": "盐都区郭猛镇工业园区兴业路12号",
        "industry": Industry.MANUFACTURING,
        "project_type": INDUSTRIAL,
        "investment_amount": "18000",
        "land_area": "33350",
        "floor_area": "24000",
        "agent": "agent3",
        "filed": 42,  # title late; the merged assessment resumed after a revision (deadline extended)
    },
    {
        "code": "%d-320903-89-01-265903",
        "name": "年产5万吨高性能改性塑料项目",
        "enterprise": "盐城恒泰新材料科技有限公司",
        "zone": DISTRICT,
        "location": "盐都区大冈镇工业集中区纬二路8号",
        "industry": Industry.MANUFACTURING,
        "project_type": INDUSTRIAL,
        "investment_amount": "28000",
        "land_area": "46690",
        "floor_area": "30500",
        "agent": "agent3",
        "filed": 5,  # just filed: the 50-day deadline reaches into a year whose holidays may be unpublished
    },
    {
        "code": "%d-320903-89-01-738425",
        "name": "半导体封装测试项目",
        "enterprise": "盐城芯谷半导体科技有限公司",
        "zone": HI_TECH_ZONE,
        "location": "盐城高新区芯片产业园星海路1号",
        "industry": Industry.MANUFACTURING,
        "project_type": INDUSTRIAL,
        "investment_amount": "200000",
        "land_area": "100050",
        "floor_area": "85000",
        "agent": "agent1",
        "filed": None,  # opening the new enterprise (3 working days) through the 企业开办 bundle
    },  # opening the new enterprise (3 working days)
    {
        "code": "%d-320903-99-02-581736",
        "name": "盐都现代物流商贸中心项目",
        "enterprise": "盐城都市现代物流有限公司",
        "zone": DISTRICT,
        "location": "盐都区张庄街道物流大道以东、世纪大道以北",
        "industry": Industry.LOGISTICS,
        "project_type": COMMERCIAL,
        "investment_amount": "45000",
        "land_area": "40020",
        "floor_area": "52000",
        "agent": "agent2",
        "filed": None,  # commercial: title registration accepted
    },
    {
        "code": "%d-320903-99-02-917364",
        "name": "盐都区冷链物流配送中心项目",
        "enterprise": "盐城都市现代物流有限公司",
        "zone": DISTRICT,
        "location": "盐都区张庄街道物流大道58号北侧地块",
        "industry": Industry.LOGISTICS,
        "project_type": COMMERCIAL,
        "investment_amount": "22000",
        "land_area": "26680",
        "floor_area": "18000",
        "agent": None,
        "filed": None,  # no agent yet
    },
    {
        "code": "%d-320903-89-02-402581",
        "name": "精密机械二期智能化技术改造项目",
        "enterprise": "江苏盐都精密机械有限公司",
        "zone": DISTRICT,
        "location": "盐都区潘黄街道大纵湖路66号现有厂区内",
        "industry": Industry.MANUFACTURING,
        "project_type": INDUSTRIAL,
        "investment_amount": "8500",
        "land_area": None,
        "floor_area": "12000",
        "agent": None,
        "filed": None,  # no agent yet
    },
    {
        "code": "%d-320902-89-01-613058",
        "name": "年产50万套汽车轻量化部件项目",
        "enterprise": "盐城经开区远航汽车部件有限公司",
        "zone": DEVELOPMENT_ZONE,
        "location": "盐城经济技术开发区松江路88号",
        "industry": Industry.MANUFACTURING,
        "project_type": INDUSTRIAL,
        "investment_amount": "26000",
        "land_area": "40020",
        "floor_area": "31000",
        "agent": "agent4",
        "filed": 12,  # development zone: planning permit in review, report being compiled
    },
]


CODE_CHANGE_REASON = "项目代码重新赋码"

# The projects the joint survey and the joint acceptance demo (projects.visits) visit: one
# in design, before its drawings; one whose permit was issued long ago, near completion.
SURVEY_PROJECT = "年产5万吨高性能改性塑料项目"
ACCEPTANCE_PROJECT = "年产2万台精密数控机床项目"

# --- Bundles (套餐 / 一件事): offered by the item picker of every case -------------------------

BUNDLES = [
    {
        "name": "企业开办一件事",
        "description": "新设企业一次申请、同步办理营业执照、公章刻制和涉税事项，3个工作日内开业",
        "items": ["320903-XK-0101", "320903-QT-0101", "320903-GG-0101"],
    },
    {
        "name": "工业项目施工许可一件事",
        "description": "工业项目取得土地后，规划许可、消防与人防设计审查、防雷审核、施工许可一次告知、并联办理",
        "items": ["320903-XK-0303", "320903-XK-0601", "320903-XK-0602", "320903-XK-0603", "320903-XK-0701"],
    },
    {
        "name": "竣工投产一件事",
        "description": "项目竣工后房地一体首次登记与公众聚集场所消防安全检查一并办理",
        "items": ["320903-QT-0401-02", "320903-XK-0801"],
    },
]


def _bundles_load() -> int:
    created = 0
    for row in BUNDLES:
        bundle, new = get_or_create_valid(ItemBundle, {"description": row["description"]}, name=row["name"])
        # A bundle made before its items were in the catalogue held nothing, and stayed
        # empty: fill it whenever it is (an editor's own choice of items is kept).
        if new or not bundle.items.exists():
            bundle.items.set(ApprovalItem.objects.filter(code__in=row["items"]))
        created += new
    return created


def _project_exists(*codes: str | None) -> bool:
    codes = [code for code in codes if code]
    return (
        Project.objects.filter(code__in=codes).exists() or ProjectCodeChange.objects.filter(old_code__in=codes).exists()
    )


def _projects_load(today) -> int:
    admin = User.objects.get(username="admin")
    supervisor = User.objects.get(username="supervisor")
    agents, zones, created = _agents(), {zone.name: zone for zone in Zone.objects.all()}, 0
    for row in PROJECTS:
        row = dict(row)
        filed = row.pop("filed")
        filed_on = workdays_add(today, -filed).date if filed is not None else None
        code = row.pop("code") % (filed_on or today).year  # the code is issued at filing
        new_code = row.pop("new_code", None)
        new_code = new_code % int(code[:4]) if new_code else None
        if _project_exists(code, new_code):
            continue
        agent = agents.get(row.pop("agent"))
        row.update(enterprise=Enterprise.objects.get(name=row["enterprise"]), zone=zones[row["zone"]])
        for field in ("investment_amount", "land_area", "floor_area"):
            row[field] = Decimal(row[field]) if row[field] is not None else None
        project = Project(**row, code=code, agent=agent)
        project_create(project=project, by=admin)
        by = agent.user if agent else supervisor
        if new_code:
            project_code_change(project=project, new_code=new_code, reason=CODE_CHANGE_REASON, by=by)
        if filed_on:  # on the provincial platform, outside this system: recorded by hand
            project_event_record(project=project, event=E.PROJECT_FILED, on=filed_on, by=by)
        created += 1
    return created


# --- Joint drawing reviews: (step, working days ago, arguments), oldest first ----------------

ALL_PASS = [("planning", ""), ("fire", ""), ("civil_defence", ""), ("structure", ""), ("energy", "")]


def opinions(ago: int, verdicts=ALL_PASS) -> list[tuple]:
    return [
        (
            "opinion",
            ago,
            {"code": code, "verdict": OpinionVerdict.OBJECTION if text else OpinionVerdict.PASS, "text": text},
        )
        for code, text in verdicts
    ]


def review_passed(submitted: int, accepted_no: str, certificate_no: str) -> list[tuple]:
    """Submitted, accepted the next working day, every discipline passes, certified."""
    return [
        ("submit", submitted, {}),
        ("accept", submitted - 1, {"acceptance_no": accepted_no}),
        ("start", submitted - 1, {}),
        *opinions(submitted - 3),
        ("consolidate", submitted - 4, {}),
        ("pass", submitted - 5, {"certificate_no": certificate_no}),
    ]


DRAWING_REVIEWS = [
    ("年产2万台精密数控机床项目", "厂房及配套用房", review_passed(216, "YDLS-{y}-0153", "盐都施审〔{y}〕0153号")),
    ("年产500万片光学镜片项目", "生产车间及研发楼", review_passed(200, "YDLS-{y}-0171", "盐都施审〔{y}〕0171号")),
    (
        "年产30万套新能源汽车电机项目",  # returned once (the milestone waits), passed on time
        "一期电机生产车间",
        [
            ("submit", 24, {}),
            ("accept", 22, {"acceptance_no": "YDLS-{y}-0388"}),
            ("start", 22, {}),
            *opinions(
                20, [*ALL_PASS[:1], ("fire", "消防设计专篇与总平面图不一致，消防车道宽度不足4米"), *ALL_PASS[2:]]
            ),
            ("consolidate", 19, {}),
            ("return", 19, {"reason": "联审意见：消防设计专篇与总平面图不一致，退回申请人一次性修改"}),
            ("resubmit", 14, {}),
            ("start", 14, {}),
            *opinions(12),
            ("consolidate", 12, {}),
            ("pass", 11, {"certificate_no": "盐都施审〔{y}〕0388号"}),
        ],
    ),
    (
        "智能装备产业园一期项目",  # in review, fire protection and civil air defence still to speak
        "一期厂房及综合楼",
        [
            ("submit", 7, {}),
            ("accept", 6, {"acceptance_no": "YDLS-{y}-0417"}),
            ("start", 5, {}),
            ("opinion", 4, {"code": "planning", "verdict": OpinionVerdict.PASS, "text": ""}),
            ("opinion", 3, {"code": "structure", "verdict": OpinionVerdict.PASS, "text": ""}),
            (
                "opinion",
                2,
                {
                    "code": "energy",
                    "verdict": OpinionVerdict.OBJECTION,
                    "text": "外墙保温系统节能计算书缺少热桥部位校核，需补充",
                },
            ),
        ],
    ),
    (
        "环保装备智能制造项目",  # just accepted, the disciplines are reviewing
        "生产车间",
        [("submit", 4, {}), ("accept", 3, {"acceptance_no": "YDLS-{y}-0432"}), ("start", 3, {})],
    ),
]


def _drawing_play(review, step: str, on, args: dict, *, by) -> None:
    if step == "accept":
        drawing_review_accept(review=review, by=by, on=on, **args)
    elif step == "start":
        drawing_review_start(review=review, by=by, on=on)
    elif step == "opinion":
        discipline = ReviewDiscipline.objects.get(code=args["code"])
        drawing_opinion_give(
            review=review, discipline=discipline, verdict=args["verdict"], text=args["text"], by=by, on=on
        )
    elif step == "consolidate":
        drawing_review_consolidate(review=review, by=by, on=on)
    elif step == "return":
        drawing_review_return(review=review, by=by, on=on, **args)
    elif step == "resubmit":
        drawing_review_resubmit(review=review, by=by, on=on)
    else:
        drawing_review_pass(review=review, by=by, on=on, **args)


def _drawings_load(today) -> int:
    """Packages in every state of the joint review (the demo reviewer answers for fire
    protection)."""
    reviewer = User.objects.get(username="reviewer")
    ReviewDiscipline.objects.get(code="fire").reviewers.add(reviewer)
    created = 0
    for name, package, steps in DRAWING_REVIEWS:
        project = Project.objects.get(name=name)
        if project.drawing_reviews.filter(package=package).exists():
            continue
        by, review = project.agent.user, None
        for step, ago, args in steps:
            on = workdays_add(today, -ago).date
            args = {k: v.format(y=on.year) if isinstance(v, str) else v for k, v in args.items()}
            if step == "submit":
                review = drawing_review_submit(project=project, package=package, by=by, on=on)
            else:
                _drawing_play(review, step, on, args, by=by)
                review.refresh_from_db()
        created += 1
    return created


# --- Proxy cases: each item's steps, ``ago`` working days before today ----------------------
# "{y}" in a number is the year of the step's day.

DELIVER_EMS = {"method": "express", "trips": 0, "carrier": "EMS"}
DELIVER_AGENT = {"method": "agent", "trips": 0}


def done(start: int, days: int, acceptance_no: str, decision_no: str, deliver: dict | None = None) -> list[tuple]:
    """Pre-reviewed, submitted and accepted the next working day, decided ``days``
    working days after acceptance, delivered the day after."""
    return [
        ("pass_prereview", start, {}),
        ("submit", start - 1, {}),
        ("accept", start - 1, {"acceptance_no": acceptance_no}),
        ("start_review", start - 2, {}),
        ("approve", start - 1 - days, {"decision_no": decision_no}),
        ("deliver", start - 2 - days, deliver or DELIVER_AGENT),
    ]


def under_review(start: int, acceptance_no: str) -> list[tuple]:
    return [
        ("pass_prereview", start, {}),
        ("submit", start - 1, {}),
        ("accept", start - 1, {"acceptance_no": acceptance_no}),
        ("start_review", start - 2, {}),
    ]


LAND_TITLE, PLANNING, PERMIT = "320903-QT-0401-01", "320903-XK-0303", "320903-XK-0701"

CASES = [
    {
        "enterprise": "江苏盐都精密机械有限公司",
        "project": "年产2万台精密数控机床项目",
        "agent": "agent1",
        "channel": "visit",
        "ago": 240,
        "summary": "数控机床项目从备案到施工许可全程代办",
        "notice": 239,
        "authorised": 239,
        "items": [
            (
                LAND_TITLE,
                done(
                    234,
                    3,
                    "YDBDC-{y}-0215",
                    "苏（{y}）盐都区不动产权第0021573号",
                    DELIVER_EMS | {"tracking_no": "1178450236401"},
                ),
            ),
            (
                PLANNING,
                done(228, 4, "YDGH-{y}-0871", "建字第320903{y}00871号", DELIVER_EMS | {"tracking_no": "1178450236519"}),
            ),
            (PERMIT, done(206, 3, "YDJS-{y}-1203", "320903{y}12030101")),
        ],
        "closed": 199,
        "rating": {
            "ago": 198,
            "by": "enterprise3",
            "level": RatingLevel.VERY_SATISFIED,
            "comment": "代办员全程跟进，没让我们跑一趟腿",
        },
    },
    {
        "enterprise": "盐城华锐光电科技有限公司",
        "project": "年产500万片光学镜片项目",
        "agent": "agent3",
        "channel": "visit",
        "ago": 242,
        "summary": "光学镜片项目不动产登记、规划和施工许可代办",
        "notice": 241,
        "authorised": 241,
        "items": [
            (
                LAND_TITLE,
                done(
                    236,
                    2,
                    "YDBDC-{y}-0233",
                    "苏（{y}）盐都区不动产权第0023318号",
                    DELIVER_EMS | {"tracking_no": "1178450236627"},
                ),
            ),
            (PLANNING, done(230, 4, "YDGH-{y}-0902", "建字第320903{y}00902号")),
            (PERMIT, done(186, 4, "YDJS-{y}-1288", "320903{y}12880101")),
        ],
        "closed": 178,
        "rating": {
            "ago": 176,
            "by": "enterprise4",
            "level": RatingLevel.FAIRLY_SATISFIED,
            "comment": "施工许可比3550目标晚了一周多，中间进度没有主动告知",
            "dimensions": {"speed": RatingLevel.UNSATISFIED},
            "callback": {
                "call": (175, "冯晓东", "企业反映施工许可超期，办理进度需反复电话询问；对代办员服务态度认可"),
                "rectification": (
                    170,
                    "约谈代办员并制定整改措施：办件进度每周通过系统推送企业，超期风险提前两个工作日告知",
                ),
                "close": (168, CallbackOutcome.SATISFIED),
            },
        },
    },
    {
        "enterprise": "盐城高新区新能源科技有限公司",
        "project": "年产30万套新能源汽车电机项目",
        "agent": "agent1",
        "channel": "visit",
        "ago": 100,
        "summary": "新能源汽车电机项目落地，委托代办不动产登记、规划、消防、施工许可",
        "notice": 99,
        "authorised": 99,
        "items": [
            (
                PLANNING,
                done(72, 4, "YDGH-{y}-0112", "建字第320903{y}00112号", DELIVER_EMS | {"tracking_no": "1178450236888"}),
            ),
            (
                LAND_TITLE,  # returned once: the title milestone waits with it, then finishes late
                [
                    ("pass_prereview", 62, {}),
                    ("submit", 61, {}),
                    ("accept", 61, {"acceptance_no": "YDBDC-{y}-0561"}),
                    ("start_review", 60, {}),
                    ("return_for_correction", 59, {"reason": "权籍调查成果界址点坐标与出让合同附图不一致，退回补正"}),
                    ("resubmit", 56, {}),
                    ("approve", 52, {"decision_no": "苏（{y}）盐都区不动产权第0056102号"}),
                    ("deliver", 51, DELIVER_AGENT),
                ],
            ),
            (
                "320903-XK-0601",
                [
                    (
                        "request_correction",
                        12,
                        {"reason": "消防设计专篇缺少防火分区示意图，请企业补充", "materials": ["消防设计文件"]},
                    )
                ],
            ),
            (PERMIT, under_review(10, "YDJS-{y}-0331")),
        ],
    },
    {
        "enterprise": "盐城智联汽车零部件有限公司",
        "project": "智能网联汽车零部件生产基地项目",
        "agent": "agent2",
        "channel": "online",
        "ago": 40,
        "summary": "零部件生产基地不动产登记、环评、规划许可代办",
        "notice": 39,
        "authorised": 39,
        "items": [
            (LAND_TITLE, done(33, 3, "YDBDC-{y}-0702", "苏（{y}）盐都区不动产权第0070218号")),
            (
                "320903-XK-0501-02",
                [
                    *under_review(30, "YDHP-{y}-0415"),
                    ("return_for_correction", 6, {"reason": "大气污染物排放总量来源说明不充分，退回补正"}),
                ],
            ),
            (PLANNING, done(26, 4, "YDGH-{y}-0517", "建字第320903{y}00517号")),
        ],
    },
    {
        "enterprise": "江苏鸿鹄智能装备有限公司",
        "project": "智能装备产业园一期项目",
        "agent": "agent2",
        "channel": "visit",
        "ago": 34,
        "summary": "智能装备产业园一期不动产登记与规划许可代办",
        "notice": 33,
        "authorised": 33,
        "items": [
            (LAND_TITLE, done(27, 3, "YDBDC-{y}-0733", "苏（{y}）盐都区不动产权第0073305号")),
            (PLANNING, done(20, 4, "YDGH-{y}-0560", "建字第320903{y}00560号")),
        ],
    },
    {
        "enterprise": "盐城鼎力环保装备有限公司",
        "project": "环保装备智能制造项目",
        "agent": "agent3",
        "channel": "phone",
        "ago": 45,
        "summary": "环保装备项目不动产登记与规划许可代办",
        "notice": 44,
        "authorised": 44,
        "items": [
            (LAND_TITLE, done(24, 7, "YDBDC-{y}-0745", "苏（{y}）盐都区不动产权第0074511号")),  # late
            (PLANNING, done(14, 4, "YDGH-{y}-0588", "建字第320903{y}00588号")),
        ],
    },
    {
        "enterprise": "盐城恒泰新材料科技有限公司",
        "project": "年产5万吨高性能改性塑料项目",
        "agent": "agent3",
        "channel": "visit",
        "ago": 8,
        "summary": "改性塑料项目规划许可代办，企业准备材料中",
        "notice": 7,
        "authorised": 6,
        "items": [(PLANNING, [])],
    },
    {
        "enterprise": "盐城芯谷半导体科技有限公司",
        "project": "半导体封装测试项目",
        "agent": "agent1",
        "channel": "phone",
        "ago": 2,
        "summary": "新设半导体企业，代办注册开业（执照、公章、税务）",
        "bundle": "企业开办一件事",
        "notice": 2,
        "authorised": 1,
        "items": [
            (
                "320903-XK-0101",
                [
                    ("pass_prereview", 1, {}),
                    ("submit", 1, {}),
                    ("accept", 1, {"acceptance_no": "YDSC-{y}-2201"}),
                    ("start_review", 1, {}),
                ],
            )
        ],
    },
    {
        "enterprise": "盐城都市现代物流有限公司",
        "project": "盐都现代物流商贸中心项目",
        "agent": "agent2",
        "channel": "online",
        "ago": 6,
        "summary": "物流商贸中心土地首次登记代办",
        "notice": 5,
        "authorised": 5,
        "items": [(LAND_TITLE, under_review(3, "YDBDC-{y}-0811")[:3])],
    },
    {
        "enterprise": "盐城绿源建材科技有限公司",
        "project": None,
        "agent": "agent1",
        "channel": "phone",
        "ago": 1,
        "summary": "咨询新设建材企业的设立登记与用地手续",
        "items": [],
    },
    {
        "enterprise": "盐城经开区远航汽车部件有限公司",
        "project": "年产50万套汽车轻量化部件项目",
        "agent": "agent4",
        "channel": "visit",
        "ago": 9,
        "summary": "汽车轻量化部件项目委托代办规划许可",
        "notice": 8,
        "authorised": 8,
        "items": [(PLANNING, under_review(6, "JKGH-{y}-0208"))],
    },
]


def _case_steps_play(item, steps, *, by, today) -> None:
    for action, ago, fields in steps:
        on = workdays_add(today, -ago).date
        fields = {k: v.format(y=on.year) if isinstance(v, str) else v for k, v in fields.items()}
        if "materials" in fields:  # a correction names the materials it asks for
            fields["materials"] = list(Material.objects.filter(name__in=fields["materials"]))
        item_action_perform(item=item, action=action, on=on, by=by, **fields)


def _rating_play(case: ProxyCase, rating: dict, *, today) -> None:
    """The enterprise rates the closed case; below 满意 the centre's supervisor calls
    back, records the rectification and closes the callback with the enterprise's verdict."""
    day = lambda ago: workdays_add(today, -ago).date
    case_rate(
        case=case,
        level=rating["level"],
        comment=rating["comment"],
        dimensions=rating.get("dimensions"),
        on=day(rating["ago"]),
        by=User.objects.get(username=rating["by"]),
    )
    if "callback" not in rating:
        return
    story = rating["callback"]
    callback = Callback.objects.get(case=case)
    by = callback.assigned_to.user
    (ago, person, summary), (rectified, text) = story["call"], story["rectification"]
    callback_call_record(callback=callback, on=day(ago), person=person, summary=summary, by=by)
    callback_rectification_record(callback=callback, on=day(rectified), rectification=text, by=by)
    ago, outcome = story["close"]
    callback_close(callback=callback, outcome=outcome, on=day(ago), by=by)


def _cases_load(today) -> int:
    agents, created = _agents(), 0
    catalogue = {item.code: item for item in ApprovalItem.objects.all()}
    day = lambda ago: workdays_add(today, -ago).date
    for row in CASES:
        enterprise = Enterprise.objects.get(name=row["enterprise"])
        if ProxyCase.objects.filter(enterprise=enterprise, summary=row["summary"]).exists():
            continue
        agent = agents[row["agent"]]
        by = agent.user
        case = case_open(
            enterprise=enterprise,
            agent=agent,
            channel=row["channel"],
            summary=row["summary"],
            on=day(row["ago"]),
            by=by,
        )
        if row["project"]:
            case_project_link(case=case, project=Project.objects.get(name=row["project"]), by=by)
        chosen = [catalogue[code] for code, _ in row["items"]]
        if "bundle" in row:  # the whole bundle, as the item picker offers it
            chosen = list(ItemBundle.objects.get(name=row["bundle"]).items.filter(is_active=True))
        case_items_choose(case=case, approval_items=chosen, by=by)
        if "notice" in row:
            notice_issue(case=case, on=day(row["notice"]), by=by)
        if "authorised" in row:
            case_authorise(
                case=case,
                signed_on=day(row["authorised"]),
                signatory=enterprise.legal_representative,
                scope="；".join(item.name for item in chosen) + "（无偿代办）",
                by=by,
            )
        for code, steps in row["items"]:
            _case_steps_play(case.items.get(approval_item=catalogue[code]), steps, by=by, today=today)
        if "closed" in row:
            case_close(case=case, on=day(row["closed"]), by=by)
        if "rating" in row:
            _rating_play(case, row["rating"], today=today)
        created += 1
    return created


def _catalogue_load() -> int:
    created = 0
    for name, source, description in MATERIALS:
        created += get_or_create_valid(Material, {"source": source, "description": description}, name=name)[1]
    departments = {d.name: d for d in Department.objects.filter(zone__name=DISTRICT)}
    for row in ITEMS:
        existing = ApprovalItem.objects.filter(code=row["code"]).first()
        if existing is not None:
            # A catalogue loaded before items had a stage gets one (an editor's choice is kept).
            if existing.stage == ProcessStage.OTHER:
                for name, value in _picker_fields(row["code"]).items():
                    setattr(existing, name, value)
                existing.full_clean()
                existing.save(update_fields=["stage", "project_types", "new_enterprise"])
            continue
        row = {**row, **_picker_fields(row["code"])}
        steps, materials, parent = row.pop("steps"), row.pop("materials"), row.pop("parent")
        row["department"] = departments[row["department"]]
        approval_item = ApprovalItem(**row, parent=ApprovalItem.objects.get(code=parent) if parent else None)
        approval_item.full_clean()
        approval_item.save()
        rows = [
            ProcessStep(item=approval_item, order=order, name=name, description=description)
            for order, (name, description) in enumerate(STEPS[steps], start=1)
        ] + [
            MaterialRequirement(
                item=approval_item,
                material=Material.objects.get(name=material),
                order=order,
                form=form,
                copies=copies,
                required=required,
                note=note,
            )
            for order, (material, form, copies, required, note) in enumerate(materials, start=1)
        ]
        for detail in rows:
            detail.full_clean()
            detail.save()
        created += 1 + len(rows)
    return created


def _agents() -> dict[str, ProxyAgent]:
    return {agent.user.username: agent for agent in ProxyAgent.objects.select_related("user")}


def _enterprises_load() -> int:
    agents, created = _agents(), 0
    zones = {zone.name: zone for zone in Zone.objects.all()}
    for row in ENTERPRISES:
        row = dict(row)
        org, division_code = row.pop("org"), row.pop("division_code", DIVISION_CODE)
        row.update(
            credit_code=credit_code(org, division_code) if org else None,
            zone=zones[row["zone"]],
            registered_capital=Decimal(row["registered_capital"]),
            assigned_agent=agents[row.pop("agent")],
        )
        created += get_or_create_valid(Enterprise, row, name=row.pop("name"))[1]
    for row in CONTACTS:
        row = dict(row)
        username = row.pop("user", None)
        row["user"] = User.objects.get(username=username) if username else None
        enterprise = Enterprise.objects.get(name=row.pop("enterprise"))
        created += get_or_create_valid(EnterpriseContact, row, enterprise=enterprise, name=row.pop("name"))[1]
    return created

    return created


# A hand-over request (移交申请) waiting for the district centre's supervisor: an agent
# of the hi-tech zone's centre met the enterprise whose project agent2's open case
# carries, and asked for it by its code.
HANDOVER_CENTRE = {
    "name": "盐城高新区企业服务中心",
    "zone": HI_TECH_ZONE,
    "phone": "0515-88302888",
    "address": "江苏省盐城市盐都区盐龙大道1号 高新区综合服务中心二楼",
}
HANDOVER_AGENT = {
    "username": "gx_agent1",
    "full_name": "周海峰",
    "phone": "13805152011",
    "employee_no": "GX-H01",
    "specialties": "高新区企业开办、项目落地咨询",
}
HANDOVER_STORY = {
    "enterprise": "盐城智联汽车零部件有限公司",
    "project": "智能网联汽车零部件生产基地项目",
    "summary": "企业到高新区企业服务中心咨询零部件基地项目的施工许可办理",
    "note": "企业称今后由高新区企业服务中心就近代办，请同意移交",
}


def _handover_story_load() -> int:
    centre = ServiceCentre.objects.filter(name=HANDOVER_CENTRE["name"]).first()
    if centre is None:
        row = dict(HANDOVER_CENTRE)
        row.update(zone=Zone.objects.get(name=row["zone"]), opening_hours="工作日 8:30-12:00 13:30-17:30")
        centre = get_or_create_valid(ServiceCentre, row, name=row.pop("name"))[0]
    user = User.objects.filter(username=HANDOVER_AGENT["username"]).first()
    if user is None:
        user = User(
            username=HANDOVER_AGENT["username"], full_name=HANDOVER_AGENT["full_name"], phone=HANDOVER_AGENT["phone"]
        )
        user.set_password(DEMO_PASSWORD)
        user.full_clean()
        user.save()
        user.groups.add(Group.objects.get_or_create(name=GROUP_NAMES[Role.AGENT])[0])
    agent = get_or_create_valid(
        ProxyAgent,
        {
            "centre": centre,
            "employee_no": HANDOVER_AGENT["employee_no"],
            "phone": HANDOVER_AGENT["phone"],
            "specialties": HANDOVER_AGENT["specialties"],
        },
        user=user,
    )[0]
    if ProxyCase.objects.filter(agent=agent, summary=HANDOVER_STORY["summary"]).exists():
        return 0
    enterprise = Enterprise.objects.get(name=HANDOVER_STORY["enterprise"])
    case = case_open(
        enterprise=enterprise,
        agent=agent,
        channel="visit",
        summary=HANDOVER_STORY["summary"],
        on=workdays_add(timezone.localdate(), -1).date,
        by=user,
    )
    handover_request(
        case=case,
        project_code=Project.objects.get(name=HANDOVER_STORY["project"]).code,
        note=HANDOVER_STORY["note"],
        by=user,
    )
    return 1


def load(stdout) -> int:
    today = timezone.localdate()
    catalogue = _catalogue_load()
    milestone_triggers_seed()  # the item triggers name catalogue items, now loaded
    bundles = _bundles_load()
    enterprises = _enterprises_load()
    projects = _projects_load(today)
    cases = _cases_load(today)
    drawings = _drawings_load(today)
    cases += _handover_story_load()
    visits = visits_demo_load(today)
    visits += access_demo(today)  # an invitation pending, a case's thread (projects.portal.access.demo)
    visits += portal_demo(today)  # the enterprise's receipts (projects.portal.demo)
    visits += submissions_demo(today)  # the enterprise's uploads and the agent's review
    stdout.write(
        f"投资项目：申请材料 {len(MATERIALS)} 种，审批事项 {len(ITEMS)} 项，事项套餐 {len(BUNDLES)} 个，企业 {len(ENTERPRISES)} 家，"
        f"项目 {len(PROJECTS)} 个，施工图联审 {len(DRAWING_REVIEWS)} 个，代办案件 {len(CASES)} 件（新建事项目录 {catalogue} 条、"
        f"套餐 {bundles} 个、企业及联系人 {enterprises} 条、项目 {projects} 个、联审 {drawings} 个、案件 {cases} 件）"
    )
    return catalogue + bundles + enterprises + projects + drawings + cases + visits


def visits_demo_load(today) -> int:
    """The joint survey and joint acceptance (联合踏勘、联合验收) of the demo, played by
    ``projects.visits.demo.visits_demo``: a survey of ``SURVEY_PROJECT`` (in design,
    before its drawings) with findings and a rectification still open, and an acceptance
    of ``ACCEPTANCE_PROJECT`` (its permit issued long ago, near completion). Once."""
    from projects.models import JointVisit
    from projects.visits.demo import visits_demo

    survey, acceptance = Project.objects.get(name=SURVEY_PROJECT), Project.objects.get(name=ACCEPTANCE_PROJECT)
    if JointVisit.objects.filter(project__in=[survey, acceptance]).exists():
        return 0
    return len(visits_demo(survey, acceptance, today))
