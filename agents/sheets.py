"""Service centres and proxy agents from a sheet: a centre matched on its name, an
agent on the employee number. An agent's account is made (with its role) under
用户 first; the sheet names it by its user name."""

from django.utils.translation import gettext as _

from agents.models import ProxyAgent, ServiceCentre
from crm.accounts.models import User
from crm.imports.cells import Lookup, Text, YesNo
from crm.imports.resources import SheetResource, column
from crm.organisation.models import Zone
from crm.organisation.sheets import ZONE_KEYS


class ServiceCentreSheet(SheetResource):
    name = column("name", "名称", Text(max_length=100, required=True))
    zone = column("zone", "所在区域", Lookup(Zone, ZONE_KEYS, shown="name"))
    address = column("address", "地址", Text(max_length=200))
    phone = column("phone", "服务电话", Text(max_length=30))
    opening_hours = column("opening_hours", "办公时间", Text(max_length=100))

    notes = {"名称": _("导入时按名称识别已有代办中心")}

    class Meta:
        model = ServiceCentre
        import_id_fields = ("name",)
        fields = ("name", "zone", "address", "phone", "opening_hours")

    def example(self) -> dict:
        zone = self.example_zone_name()
        return {
            "名称": _("示例投资项目代办服务中心"),
            "所在区域": zone,
            "地址": _("示例路1号政务服务中心2楼"),
            "服务电话": "0515-88880000",
            "办公时间": _("工作日 9:00-17:00"),
        }


class ProxyAgentSheet(SheetResource):
    employee_no = column("employee_no", "工号", Text(max_length=20, required=True))
    user = column("user", "登录账号", Lookup(User, ("username",), shown="username"))
    centre = column("centre", "代办中心", Lookup(ServiceCentre, ("name",)))
    title = column("title", "职务", Text(max_length=50))
    phone = column("phone", "联系电话", Text(max_length=30, required=True))
    specialties = column("specialties", "擅长领域", Text(max_length=200))
    is_active = column("is_active", "在岗", YesNo(default=True))

    notes = {
        "工号": _("导入时按工号识别已有代办员"),
        "登录账号": _("已在“用户”中创建的账号的用户名（含代办员角色）"),
    }

    class Meta:
        model = ProxyAgent
        import_id_fields = ("employee_no",)
        fields = ("employee_no", "user", "centre", "title", "phone", "specialties", "is_active")

    def example(self) -> dict:
        centre = ServiceCentre.objects.values_list("name", flat=True).first() or _("示例投资项目代办服务中心")
        return {
            "工号": "DB0001",
            "登录账号": User.objects.filter(agent_profile__isnull=True).values_list("username", flat=True).first()
            or "zhangsan",
            "代办中心": centre,
            "职务": _("专职代办员"),
            "联系电话": "0515-88880001",
            "擅长领域": _("工业项目"),
            "在岗": _("是"),
        }


SHEET_KINDS = {"centres": ServiceCentreSheet, "agents": ProxyAgentSheet}
