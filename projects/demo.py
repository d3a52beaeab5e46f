"""Demo data of projects: the item catalogue an industrial project needs in Yandu,
enterprises with their contacts, and investment projects whose "3550" milestones
are in every state.

Milestone histories are written as stories in working days before today and
played through the services, so the deadlines, pauses and audit trail are real and
the demo looks the same whenever it is loaded. Each piece is looked up by its
natural key first (material name, item code, enterprise name, project code), so a
second run creates nothing.
"""

from dataclasses import dataclass
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
    drawing_review_start,
    drawing_review_submit,
)
from projects.investment.events import MilestoneEvent as E
from projects.investment.services import (
    milestone_pause,
    milestone_resume,
    project_code_change,
    project_create,
    project_event_record,
)
from projects.models import (
    ApprovalItem,
    Enterprise,
    EnterpriseContact,
    Industry,
    ItemKind,
    Material,
    MaterialForm,
    MaterialRequirement,
    MaterialSource,
    OnlineLevel,
    OpinionVerdict,
    PauseCause,
    ProcessStep,
    Project,
    ProjectCodeChange,
    ProjectType,
    ProxyCase,
    ReviewDiscipline,
)

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

# --- Projects and their milestone stories --------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One thing that happened to a project, ``ago`` working days before today."""

    ago: int
    action: str  # "event", "pause" or "resume"
    target: str  # the event, or the milestone definition's code
    cause: str = ""
    reason: str = ""


def event(ago: int, name: E) -> Step:
    return Step(ago, "event", name)


def pause(ago: int, milestone: str, cause: PauseCause, reason: str) -> Step:
    return Step(ago, "pause", milestone, cause, reason)


def resume(ago: int, milestone: str) -> Step:
    return Step(ago, "resume", milestone)


INDUSTRIAL, COMMERCIAL = ProjectType.INDUSTRIAL, ProjectType.COMMERCIAL

# ``code_years_ago``: the code was issued that many years before this one.
PROJECTS = [
    {
        "code": "%d-320903-89-01-316752",
        "code_years_ago": 1,
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
        "story": [  # done, every milestone on time
            event(80, E.PROJECT_FILED),
            event(79, E.ASSESSMENTS_STARTED),
            event(42, E.ASSESSMENTS_APPROVED),
            event(38, E.DRAWINGS_ACCEPTED),
            event(36, E.PROPERTY_REGISTRATION_ACCEPTED),
            event(32, E.DRAWING_REVIEW_PASSED),
            event(32, E.PROPERTY_TITLE_ISSUED),
            event(31, E.CONSTRUCTION_PERMIT_ISSUED),
        ],
    },
    {
        "code": "%d-320903-89-01-528140",
        "code_years_ago": 1,
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
        "story": [  # permit issued late
            event(95, E.PROJECT_FILED),
            event(94, E.ASSESSMENTS_STARTED),
            event(56, E.ASSESSMENTS_APPROVED),
            event(50, E.DRAWINGS_ACCEPTED),
            event(48, E.PROPERTY_REGISTRATION_ACCEPTED),
            event(45, E.PROPERTY_TITLE_ISSUED),
            event(44, E.DRAWING_REVIEW_PASSED),
            event(38, E.CONSTRUCTION_PERMIT_ISSUED),
        ],
    },
    {
        "code": "%d-320903-04-01-472935",
        "code_years_ago": 0,
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
        "story": [  # assessments and title late, drawings on time thanks to a pause, permit overdue
            event(72, E.PROJECT_FILED),
            event(71, E.ASSESSMENTS_STARTED),
            event(25, E.ASSESSMENTS_APPROVED),
            event(22, E.DRAWINGS_ACCEPTED),
            event(20, E.PROPERTY_REGISTRATION_ACCEPTED),
            pause(
                19,
                "drawing_review",
                PauseCause.CORRECTION,
                "联审意见：消防设计专篇与总平面图不一致，退回申请人一次性修改",
            ),
            resume(14, "drawing_review"),
            event(14, E.PROPERTY_TITLE_ISSUED),
            event(11, E.DRAWING_REVIEW_PASSED),
        ],
    },
    {
        "code": "%d-320903-04-01-650218",
        "code_years_ago": 0,
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
        "story": [  # permit running, assessments paused for correction
            event(36, E.PROJECT_FILED),
            event(35, E.ASSESSMENTS_STARTED),
            event(30, E.PROPERTY_REGISTRATION_ACCEPTED),
            event(26, E.PROPERTY_TITLE_ISSUED),
            pause(
                6, "assessments", PauseCause.CORRECTION, "环境影响报告表需补充大气污染物排放总量来源说明，待企业补正"
            ),
        ],
    },
    {
        "code": "%d-320903-89-01-193847",
        "code_years_ago": 0,
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
        "story": [  # drawing review about to expire (accepted 6 working days ago: see DRAWING_REVIEWS)
            event(22, E.PROJECT_FILED),
            event(21, E.ASSESSMENTS_STARTED),
            event(19, E.PROPERTY_REGISTRATION_ACCEPTED),
            event(15, E.PROPERTY_TITLE_ISSUED),
            event(5, E.ASSESSMENTS_APPROVED),
        ],
    },
    {
        "code": "%d-320903-89-01-804516",
        "code_years_ago": 0,
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
        "story": [  # permit paused and resumed (deadline extended), title late
            event(42, E.PROJECT_FILED),
            event(41, E.ASSESSMENTS_STARTED),
            pause(
                30,
                "construction_permit",
                PauseCause.CORRECTION,
                "建设工程规划许可申请材料需补正：总平面图与规划设计条件不一致",
            ),
            resume(23, "construction_permit"),
            event(22, E.PROPERTY_REGISTRATION_ACCEPTED),
            event(15, E.PROPERTY_TITLE_ISSUED),
            event(8, E.ASSESSMENTS_APPROVED),
            event(3, E.DRAWINGS_ACCEPTED),
        ],
    },
    {
        "code": "%d-320903-89-01-265903",
        "code_years_ago": 0,
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
        "story": [  # just filed: deadlines reach into a year whose holidays are not yet published;
            event(5, E.PROJECT_FILED),  # its merged assessment starts 4 working days ago (regional_assessments demo)
        ],
    },
    {
        "code": "%d-320903-89-01-738425",
        "code_years_ago": 0,
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
        "story": [event(1, E.REGISTRATION_ACCEPTED)],
    },  # opening the new enterprise (3 working days)
    {
        "code": "%d-320903-99-02-581736",
        "code_years_ago": 0,
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
        "story": [event(2, E.PROPERTY_REGISTRATION_ACCEPTED)],
    },
    {
        "code": "%d-320903-99-02-917364",
        "code_years_ago": 0,
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
        "story": [],
    },
    {
        "code": "%d-320903-89-02-402581",
        "code_years_ago": 0,
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
        "story": [],
    },
    {
        "code": "%d-320902-89-01-613058",
        "code_years_ago": 0,
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
        "story": [event(12, E.PROJECT_FILED), event(10, E.ASSESSMENTS_STARTED)],
    },
]

CODE_CHANGE_REASON = "项目代码重新赋码"


# --- Loading ---------------------------------------------------------------------------------


def _catalogue_load() -> int:
    created = 0
    for name, source, description in MATERIALS:
        created += get_or_create_valid(Material, {"source": source, "description": description}, name=name)[1]
    departments = {d.name: d for d in Department.objects.filter(zone__name=DISTRICT)}
    for row in ITEMS:
        if ApprovalItem.objects.filter(code=row["code"]).exists():
            continue
        row = dict(row)
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


def _story_play(project: Project, story: list[Step], *, by, today) -> None:
    """Replay the story through the services, oldest step first."""
    for step in sorted(story, key=lambda s: -s.ago):
        on = workdays_add(today, -step.ago).date
        if step.action == "event":
            project_event_record(project=project, event=step.target, on=on, by=by)
            continue
        milestone = project.milestones.get(definition__code=step.target)  # fresh: the state may have moved
        if step.action == "pause":
            milestone_pause(milestone=milestone, cause=step.cause, reason=step.reason, on=on, by=by)
        else:
            milestone_resume(milestone=milestone, on=on, by=by)


def _project_exists(*codes: str | None) -> bool:
    codes = [code for code in codes if code]
    return (
        Project.objects.filter(code__in=codes).exists() or ProjectCodeChange.objects.filter(old_code__in=codes).exists()
    )


def _projects_load() -> int:
    today = timezone.localdate()
    admin = User.objects.get(username="admin")
    supervisor = User.objects.get(username="supervisor")
    agents, zones, created = _agents(), {zone.name: zone for zone in Zone.objects.all()}, 0
    for row in PROJECTS:
        row = dict(row)
        code = row.pop("code") % (today.year - row.pop("code_years_ago"))
        new_code = row.pop("new_code", None)
        new_code = new_code % int(code[:4]) if new_code else None
        if _project_exists(code, new_code):
            continue
        story, agent = row.pop("story"), agents.get(row.pop("agent"))
        row.update(enterprise=Enterprise.objects.get(name=row["enterprise"]), zone=zones[row["zone"]])
        for field in ("investment_amount", "land_area", "floor_area"):
            row[field] = Decimal(row[field]) if row[field] is not None else None
        project = Project(**row, code=code, agent=agent)
        project_create(project=project, by=admin)
        by = agent.user if agent else supervisor
        if new_code:
            project_code_change(project=project, new_code=new_code, reason=CODE_CHANGE_REASON, by=by)
        _story_play(project, story, by=by, today=today)
        created += 1
    return created


# --- Joint drawing reviews: ``ago`` working days before today -------------------------------

DRAWING_REVIEWS = [
    {
        "project": "智能装备产业园一期项目",
        "package": "一期厂房及综合楼",
        "submitted": 7,
        "accepted": 6,
        "started": 5,
        "acceptance_no": "YDLS-2026-0417",
        "opinions": [
            ("planning", 4, OpinionVerdict.PASS, ""),
            ("structure", 3, OpinionVerdict.PASS, ""),
            ("energy", 2, OpinionVerdict.OBJECTION, "外墙保温系统节能计算书缺少热桥部位校核，需补充"),
        ],
    },
]


def _drawings_load(today) -> int:
    """Packages in joint review, some disciplines still to speak (the demo reviewer
    answers for fire protection)."""
    reviewer = User.objects.get(username="reviewer")
    ReviewDiscipline.objects.get(code="fire").reviewers.add(reviewer)
    created = 0
    for row in DRAWING_REVIEWS:
        project = Project.objects.get(name=row["project"])
        if project.drawing_reviews.filter(package=row["package"]).exists():
            continue
        by = project.agent.user
        ago = lambda n: workdays_add(today, -n).date
        review = drawing_review_submit(project=project, package=row["package"], by=by, on=ago(row["submitted"]))
        drawing_review_accept(review=review, acceptance_no=row["acceptance_no"], by=by, on=ago(row["accepted"]))
        drawing_review_start(review=review, by=by, on=ago(row["started"]))
        for code, days_ago, verdict, text in row["opinions"]:
            drawing_opinion_give(
                review=review,
                discipline=ReviewDiscipline.objects.get(code=code),
                verdict=verdict,
                text=text,
                by=by,
                on=ago(days_ago),
            )
        created += 1
    return created


# --- Proxy cases: each item's steps, ``ago`` working days before today ----------------------

DELIVER_EMS = {"method": "express", "trips": 0, "carrier": "EMS"}

CASES = [
    {
        "enterprise": "江苏盐都精密机械有限公司",
        "project": "年产2万台精密数控机床项目",
        "agent": "agent1",
        "channel": "visit",
        "ago": 85,
        "summary": "数控机床项目从备案到施工许可全程代办",
        "authorised": 84,
        "closed": 30,
        "items": [
            (
                "320903-XK-0303",
                [
                    ("pass_prereview", 82, {}),
                    ("submit", 81, {}),
                    ("accept", 81, {"acceptance_no": "YDGH-2025-0871"}),
                    ("start_review", 80, {}),
                    ("approve", 76, {"decision_no": "建字第320903202500871号"}),
                    ("deliver", 75, {**DELIVER_EMS, "tracking_no": "1178450236519"}),
                ],
            ),
            (
                "320903-XK-0701",
                [
                    ("pass_prereview", 40, {}),
                    ("submit", 38, {}),
                    ("accept", 38, {"acceptance_no": "YDJS-2025-1203"}),
                    ("start_review", 37, {}),
                    ("approve", 31, {"decision_no": "320903202512030101"}),
                    ("deliver", 31, {"method": "agent", "trips": 0}),
                ],
            ),
        ],
    },
    {
        "enterprise": "盐城高新区新能源科技有限公司",
        "project": "年产30万套新能源汽车电机项目",
        "agent": "agent1",
        "channel": "visit",
        "ago": 75,
        "summary": "新能源汽车电机项目落地，委托代办规划、消防、施工许可",
        "authorised": 74,
        "items": [
            (
                "320903-XK-0303",
                [
                    ("pass_prereview", 70, {}),
                    ("submit", 70, {}),
                    ("accept", 69, {"acceptance_no": "YDGH-2026-0112"}),
                    ("start_review", 68, {}),
                    ("approve", 62, {"decision_no": "建字第320903202600112号"}),
                    ("deliver", 61, {**DELIVER_EMS, "tracking_no": "1178450236888"}),
                ],
            ),
            ("320903-XK-0601", [("request_correction", 12, {"reason": "消防设计专篇缺少防火分区示意图，请企业补充"})]),
            (
                "320903-XK-0701",
                [
                    ("pass_prereview", 14, {}),
                    ("submit", 13, {}),
                    ("accept", 13, {"acceptance_no": "YDJS-2026-0331"}),
                    ("start_review", 12, {}),
                ],
            ),
        ],
    },
    {
        "enterprise": "盐城智联汽车零部件有限公司",
        "project": "智能网联汽车零部件生产基地项目",
        "agent": "agent2",
        "channel": "online",
        "ago": 40,
        "summary": "零部件生产基地环评、水保、施工图审查代办",
        "authorised": 39,
        "items": [
            (
                "320903-XK-0501-02",
                [
                    ("pass_prereview", 30, {}),
                    ("submit", 29, {}),
                    ("accept", 29, {"acceptance_no": "YDHP-2026-0415"}),
                    ("start_review", 28, {}),
                    ("return_for_correction", 6, {"reason": "大气污染物排放总量来源说明不充分，退回补正"}),
                ],
            ),
            (
                "320903-XK-0503",
                [
                    ("pass_prereview", 30, {}),
                    ("submit", 29, {}),
                    ("accept", 29, {"acceptance_no": "YDSB-2026-0102"}),
                    ("start_review", 27, {}),
                    ("approve", 22, {"decision_no": "盐都水许〔2026〕19号"}),
                ],
            ),
        ],
    },
    {
        "enterprise": "盐城芯谷半导体科技有限公司",
        "project": "半导体封装测试项目",
        "agent": "agent1",
        "channel": "phone",
        "ago": 2,
        "summary": "新设半导体企业，代办注册开业（执照、公章、税务）",
        "authorised": 1,
        "items": [
            (
                "320903-XK-0101",
                [
                    ("pass_prereview", 1, {}),
                    ("submit", 1, {}),
                    ("accept", 1, {"acceptance_no": "YDSC-2026-2201"}),
                    ("start_review", 1, {}),
                ],
            ),
            ("320903-QT-0101", []),
            ("320903-GG-0101", []),
        ],
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
        "authorised": 8,
        "items": [
            (
                "320903-XK-0303",
                [
                    ("pass_prereview", 6, {}),
                    ("submit", 5, {}),
                    ("accept", 5, {"acceptance_no": "JKGH-2026-0208"}),
                    ("start_review", 4, {}),
                ],
            ),
        ],
    },
]


def _case_steps_play(item, steps, *, by, today) -> None:
    for action, ago, fields in steps:
        item_action_perform(item=item, action=action, on=workdays_add(today, -ago).date, by=by, **fields)


def _cases_load() -> int:
    today, agents, created = timezone.localdate(), _agents(), 0
    catalogue = {item.code: item for item in ApprovalItem.objects.all()}
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
            on=workdays_add(today, -row["ago"]).date,
            by=by,
        )
        if row["project"]:
            case_project_link(case=case, project=Project.objects.get(name=row["project"]), by=by)
        case_items_choose(case=case, approval_items=[catalogue[code] for code, _ in row["items"]], by=by)
        if "authorised" in row:
            case_authorise(
                case=case,
                signed_on=workdays_add(today, -row["authorised"]).date,
                signatory=enterprise.legal_representative,
                scope="；".join(catalogue[code].name for code, _ in row["items"]) + "（无偿代办）",
                by=by,
            )
        for code, steps in row["items"]:
            _case_steps_play(case.items.get(approval_item=catalogue[code]), steps, by=by, today=today)
        if "closed" in row:
            case_close(case=case, on=workdays_add(today, -row["closed"]).date, by=by)
        created += 1
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
    catalogue = _catalogue_load()
    enterprises = _enterprises_load()
    projects = _projects_load()
    drawings = _drawings_load(timezone.localdate())
    cases = _cases_load() + _handover_story_load()
    stdout.write(
        f"投资项目：申请材料 {len(MATERIALS)} 种，审批事项 {len(ITEMS)} 项，企业 {len(ENTERPRISES)} 家，"
        f"项目 {len(PROJECTS)} 个，施工图联审 {len(DRAWING_REVIEWS)} 个，代办案件 {len(CASES)} 件（新建事项目录 {catalogue} 条、"
        f"企业及联系人 {enterprises} 条、项目 {projects} 个、联审 {drawings} 个、案件 {cases} 件）"
    )
    return catalogue + enterprises + projects + drawings + cases
