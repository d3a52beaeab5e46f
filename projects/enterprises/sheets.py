"""Enterprises from a sheet, matched on the credit code."""

from django.utils.translation import gettext as _

from agents.models import ProxyAgent
from crm.identifiers import credit_code_check_character
from crm.imports.cells import Choice, Lookup, Number, Text
from crm.imports.resources import SheetResource, column
from crm.organisation.models import Zone
from projects.enterprises.services import ENTERPRISE_EDITABLE_FIELDS, enterprise_register, enterprise_update
from projects.models import Enterprise, Industry

REGISTER_FIELDS = ("name", "credit_code", "zone", "industry", "assigned_agent")


def zone_column(attribute: str = "zone", name: str = "所在区域") -> object:
    """A zone, by its name or short name."""
    return column(attribute, name, Lookup(Zone, ("name", "short_name")))


def agent_column(attribute: str, name: str) -> object:
    """An agent, by the employee number."""
    return column(attribute, name, Lookup(ProxyAgent, ("employee_no",), required=False))


class EnterpriseSheet(SheetResource):
    credit_code = column("credit_code", "统一社会信用代码", Text(max_length=18, required=True, upper=True))
    name = column("name", "企业名称", Text(max_length=200, required=True))
    zone = zone_column()
    industry = column("industry", "所属行业", Choice(Industry.choices))
    legal_representative = column("legal_representative", "法定代表人", Text(max_length=50))
    registered_address = column("registered_address", "注册地址", Text(max_length=200))
    registered_capital = column("registered_capital", "注册资本（万元）", Number())
    assigned_agent = agent_column("assigned_agent", "联系代办员工号")
    responsible_leader = column("responsible_leader", "挂钩联系领导", Text(max_length=50))

    notes = {
        "统一社会信用代码": _("18位，导入时按此代码识别已有企业"),
        "所在区域": _("区域名称或简称"),
    }

    class Meta:
        model = Enterprise
        import_id_fields = ("credit_code",)
        fields = (
            "credit_code",
            "name",
            "zone",
            "industry",
            "legal_representative",
            "registered_address",
            "registered_capital",
            "assigned_agent",
            "responsible_leader",
        )

    def save_row(self, instance, stored):
        if stored is None:
            instance.pk = enterprise_register(
                name=instance.name,
                zone=instance.zone,
                industry=instance.industry,
                by=self.by,
                credit_code=instance.credit_code,
                agent=instance.assigned_agent,
                details={
                    name: getattr(instance, name)
                    for name in ENTERPRISE_EDITABLE_FIELDS
                    if name not in REGISTER_FIELDS and getattr(instance, name) not in (None, "")
                },
            ).pk
        else:
            enterprise_update(
                enterprise=stored, changes=self.changes(instance, stored, ENTERPRISE_EDITABLE_FIELDS), by=self.by
            )

    def example(self) -> dict:
        first17 = "91320903MA1N0000" + "1"
        return {
            "统一社会信用代码": first17 + credit_code_check_character(first17),
            "企业名称": _("示例新材料科技有限公司"),
            "所在区域": self.example_zone_name(),
            "所属行业": str(Industry.MANUFACTURING.label),
            "法定代表人": _("张三"),
            "注册地址": _("示例路1号"),
            "注册资本（万元）": 5000,
            "联系代办员工号": "",
            "挂钩联系领导": "",
        }
