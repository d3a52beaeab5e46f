"""Zones and departments from a sheet: a zone matched on its name, a department on its
zone and name. A zone names its parent (already stored, or on an earlier row)."""

from django.utils.translation import gettext as _

from crm.imports.cells import Choice, Lookup, Text
from crm.imports.resources import SheetResource, column
from crm.organisation.models import Department, Zone, ZoneKind

# A zone named in a sheet: by its name, short name or division code (ambiguous codes are
# refused with a request for the name).
ZONE_KEYS = ("name", "short_name", "division_code")


class ZoneSheet(SheetResource):
    name = column("name", "名称", Text(max_length=100, required=True))
    short_name = column("short_name", "简称", Text(max_length=30))
    kind = column("kind", "类别", Choice(ZoneKind.choices))
    division_code = column("division_code", "行政区划代码", Text(max_length=6, required=True))
    parent = column("parent", "上级区域", Lookup(Zone, ZONE_KEYS, required=False, shown="name"))
    committee_name = column("committee_name", "管委会名称", Text(max_length=100))
    address = column("address", "地址", Text(max_length=200))

    notes = {"名称": _("导入时按名称识别已有区域"), "行政区划代码": _("6位数字，园区填所在区县的代码")}

    class Meta:
        model = Zone
        import_id_fields = ("name",)
        fields = ("name", "short_name", "kind", "division_code", "parent", "committee_name", "address")

    def example(self) -> dict:
        return {
            "名称": _("示例经济开发区"),
            "简称": _("示例开发区"),
            "类别": str(ZoneKind.DEVELOPMENT_ZONE.label),
            "行政区划代码": "320903",
            "上级区域": "",
            "管委会名称": _("示例经济开发区管理委员会"),
            "地址": "",
        }


class DepartmentSheet(SheetResource):
    zone = column("zone", "所属区域", Lookup(Zone, ZONE_KEYS, shown="name"))
    name = column("name", "名称", Text(max_length=100, required=True))
    short_name = column("short_name", "简称", Text(max_length=30))
    window = column("window", "进驻窗口", Text(max_length=50))
    phone = column("phone", "联系电话", Text(max_length=30))

    notes = {"名称": _("同一区域内按名称识别已有部门")}

    class Meta:
        model = Department
        import_id_fields = ("zone", "name")
        fields = ("zone", "name", "short_name", "window", "phone")

    def example(self) -> dict:
        zone = self.example_zone_name()
        return {
            "所属区域": zone,
            "名称": _("示例区行政审批局"),
            "简称": _("审批局"),
            "进驻窗口": _("3号窗口"),
            "联系电话": "",
        }
