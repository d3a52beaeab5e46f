"""Demo data of the proxy-agent team: the service centres and the agent profiles of
the demo users created by ``crm/demo.py``."""

from agents.models import ProxyAgent, ServiceCentre
from crm.accounts.models import User
from crm.demo import get_or_create_valid
from crm.organisation.models import Zone

OPENING_HOURS = "工作日 8:30-12:00 13:30-17:30"

CENTRES = [
    {
        "name": "盐都区投资项目代办服务中心",
        "zone": "盐都区",
        "phone": "0515-88201888",
        "address": "江苏省盐城市盐都区新都西路88号 区政务服务中心一楼 投资项目代办专区",
    },
    {
        "name": "盐城高新区企业服务中心",
        "zone": "盐城高新技术产业开发区",
        "phone": "0515-88302888",
        "address": "江苏省盐城市盐都区盐龙大道1号 高新区综合服务中心二楼",
    },
    {
        "name": "盐城经济技术开发区投资项目代办服务中心",
        "zone": "盐城经济技术开发区",
        "phone": "0515-88502888",
        "address": "江苏省盐城市亭湖区希望大道南路5号 经开区政务服务中心三楼",
    },
]

# One team serves the whole district, the hi-tech zone included, so the supervisor
# sees every case; the zone's own centre is a service point without agents yet.
AGENTS = [
    {
        "username": "supervisor",
        "centre": "盐都区投资项目代办服务中心",
        "employee_no": "YD-001",
        "title": "代办中心负责人",
        "phone": "13805151001",
        "specialties": "统筹调度、疑难项目协调、超时督办",
    },
    {
        "username": "agent1",
        "centre": "盐都区投资项目代办服务中心",
        "employee_no": "YD-002",
        "title": "专职代办员",
        "phone": "13805151011",
        "specialties": "工业项目全流程代办、企业开办、不动产登记",
    },
    {
        "username": "agent2",
        "centre": "盐都区投资项目代办服务中心",
        "employee_no": "YD-003",
        "title": "专职代办员",
        "phone": "13805151012",
        "specialties": "规划许可、施工图多图联审、施工许可",
    },
    {
        "username": "agent3",
        "centre": "盐都区投资项目代办服务中心",
        "employee_no": "YD-004",
        "title": "专职代办员",
        "phone": "13805151013",
        "specialties": "多评合一、环评与节能审查、区域评估成果复用",
    },
    # The development zone's own team: sees only its centre's cases and projects.
    {
        "username": "supervisor2",
        "centre": "盐城经济技术开发区投资项目代办服务中心",
        "employee_no": "JK-001",
        "title": "代办中心负责人",
        "phone": "13805152001",
        "specialties": "经开区重大项目统筹调度",
    },
    {
        "username": "agent4",
        "centre": "盐城经济技术开发区投资项目代办服务中心",
        "employee_no": "JK-002",
        "title": "专职代办员",
        "phone": "13805152011",
        "specialties": "汽车及零部件项目代办、规划与施工许可",
    },
]


def load(stdout) -> int:
    created = 0
    for row in CENTRES:
        row = dict(row)
        row.update(zone=Zone.objects.get(name=row["zone"]), opening_hours=OPENING_HOURS)
        created += get_or_create_valid(ServiceCentre, row, name=row.pop("name"))[1]
    for row in AGENTS:
        row = dict(row)
        row["centre"] = ServiceCentre.objects.get(name=row["centre"])
        created += get_or_create_valid(ProxyAgent, row, user=User.objects.get(username=row.pop("username")))[1]
    stdout.write(f"代办队伍：代办中心 {len(CENTRES)} 个，代办员 {len(AGENTS)} 名（新建 {created} 条）")
    return created
