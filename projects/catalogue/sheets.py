"""The item catalogue from a sheet, matched on the item code, each item with the
materials it asks for and its steps (a column each, one entry a line or separated by
“；”). The materials named are the item's, in that order (new names join the material
list; a requirement already stored keeps its form, copies and template); the steps
named, “名称：办理要求”, are its steps in that order."""

import re

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from crm.audit.services import audit_changes, audit_field_value, audit_record
from crm.imports.cells import Choice, Lookup, Number, Text, YesNo, cell_text
from crm.imports.resources import SheetResource, column
from crm.live.services import live_announce_change
from crm.organisation.models import Department
from projects.models import (
    MAX_PROCESS_STEPS,
    ApprovalItem,
    ItemBundle,
    ItemKind,
    Material,
    MaterialRequirement,
    OnlineLevel,
    ProcessStep,
)

MATERIALS = "申请材料"
STEPS = "办理环节"
_SEPARATORS = re.compile(r"[\n\r；;]+")


class DepartmentCell(Lookup):
    """A department by its name or short name, written “区域/部门” where two zones have
    a department of that name."""

    def __init__(self):
        super().__init__(Department, ("name", "short_name"))

    def _find(self, text: str):
        zone, slash, name = text.rpartition("/")
        if not slash:
            found = super()._find(text)
            if isinstance(found, str) and "对应多个" in found:
                return _("“%(text)s”在多个区域都有，请写作“区域/部门”，例如“盐城高新区/%(text)s”") % {"text": text[:40]}
            return found
        rows = self.rows if self.rows is not None else Department.objects.all()
        found = list(rows.filter(Q(name=name.strip()) | Q(short_name=name.strip()), zone__name=zone.strip())[:2])
        if len(found) == 1:
            return found[0]
        return _("找不到审批部门“%(text)s”") % {"text": text[:60]}


class MaterialNames(Text):
    """The names of an item's materials, in order, each at most 200 characters."""

    def clean(self, value, row=None, **kwargs) -> list[str]:
        names = [name.strip() for name in _SEPARATORS.split(cell_text(value)) if name.strip()]
        if too_long := [name for name in names if len(name) > 200]:
            raise ValueError(_("材料名称不能超过200个字：“%(name)s…”") % {"name": too_long[0][:20]})
        if twice := sorted({name for name in names if names.count(name) > 1}):
            raise ValueError(_("材料重复列出：%(names)s") % {"names": "、".join(twice)})
        return names

    def render(self, value, obj=None, **kwargs):
        return "\n".join(value or [])


class StepList(Text):
    """An item's steps, in order: at most ``MAX_PROCESS_STEPS``, each “名称” or
    “名称：办理要求” (a name of at most 50 characters, requirements of at most 200)."""

    def clean(self, value, row=None, **kwargs) -> list[str]:
        steps = []
        for entry in _SEPARATORS.split(cell_text(value)):
            name, _colon, requirement = entry.replace(":", "：").partition("：")
            name, requirement = name.strip(), requirement.strip()
            if not name:
                continue
            if len(name) > 50 or len(requirement) > 200:
                raise ValueError(_("环节名称不超过50个字、办理要求不超过200个字：“%(name)s”") % {"name": name[:20]})
            steps.append(f"{name}：{requirement}" if requirement else name)
        if len(steps) > MAX_PROCESS_STEPS:
            raise ValueError(
                _("办理环节最多%(limit)s个（当前%(count)s个）") % {"limit": MAX_PROCESS_STEPS, "count": len(steps)}
            )
        return steps

    def render(self, value, obj=None, **kwargs):
        return "\n".join(value or [])


def item_steps(item: ApprovalItem) -> list[str]:
    if item.pk is None:
        return []
    return [
        f"{name}：{description}" if description else name
        for name, description in item.steps.order_by("order").values_list("name", "description")
    ]


def item_materials(item: ApprovalItem) -> list[str]:
    if item.pk is None:
        return []
    return list(item.requirements.order_by("order").values_list("material__name", flat=True))


class ApprovalItemSheet(SheetResource):
    code = column("code", "事项编码", Text(max_length=40, required=True))
    name = column("name", "事项名称", Text(max_length=200, required=True))
    parent = column("parent", "所属主项编码", Lookup(ApprovalItem, ("code",), required=False))
    department = column("department", "实施部门", DepartmentCell())
    legal_basis = column("legal_basis", "设定依据", Text(required=True))
    kind = column("kind", "办件类型", Choice(ItemKind.choices))
    statutory_days = column("statutory_days", "法定时限（工作日）", Number(required=True, integer=True))
    committed_days = column("committed_days", "承诺时限（工作日）", Number(required=True, integer=True))
    fee = column("fee", "收费标准（元）", Number(), default=0)
    fee_basis = column("fee_basis", "收费依据", Text(max_length=200))
    online_level = column("online_level", "网办深度", Choice(OnlineLevel.choices))
    proxiable = column("proxiable", "列入代办事项目录", YesNo(default=True))
    notification_commitment = column("notification_commitment", "可实行告知承诺制", YesNo(default=False))
    is_active = column("is_active", "有效", YesNo(default=True))
    materials = column(None, MATERIALS, MaterialNames())
    steps = column(None, STEPS, StepList())

    notes = {
        "事项编码": _("导入时按此编码识别已有事项"),
        "实施部门": _("部门名称或简称；多个区域有同名部门时写作“区域/部门”"),
        "承诺时限（工作日）": _("不超过法定时限的一半；即办件为0"),
        MATERIALS: _("每行一种材料，或用“；”分隔；填写后该事项的材料即为所列材料（按所列顺序）"),
        STEPS: _("每行一个环节，写作“名称：办理要求”，最多%(limit)s个") % {"limit": MAX_PROCESS_STEPS},
    }

    class Meta:
        model = ApprovalItem
        import_id_fields = ("code",)
        fields = (
            "code",
            "name",
            "parent",
            "department",
            "legal_basis",
            "kind",
            "statutory_days",
            "committed_days",
            "fee",
            "fee_basis",
            "online_level",
            "proxiable",
            "notification_commitment",
            "is_active",
            "materials",
            "steps",
        )

    # The columns that list related rows: column → (key in the audit entry, what is stored).
    LISTS = {MATERIALS: ("materials", item_materials), STEPS: ("steps", item_steps)}

    def dehydrate_materials(self, item):
        return "\n".join(item_materials(item))

    def dehydrate_steps(self, item):
        return "\n".join(item_steps(item))

    def skip_row(self, instance, original, row, import_validation_errors=None):
        return super().skip_row(instance, original, row, import_validation_errors) and all(
            instance._sheet_lists.get(key) in (None, stored(instance._sheet_stored))
            for key, stored in self.LISTS.values()
        )

    def save_row(self, instance, stored):
        """The item, its materials and its steps, audited as one entry."""
        names = [f.name for f in instance._meta.concrete_fields if f.name != "id"]
        before = {name: audit_field_value(stored, name) for name in names} if stored else {}
        after = {name: audit_field_value(instance, name) for name in names}
        lists = instance._sheet_lists
        for key, stored_list in self.LISTS.values():
            if key in lists:
                before[key] = stored_list(stored) if stored else []
                after[key] = lists[key]
        with transaction.atomic():
            instance.save()
            if "materials" in lists:
                self._set_materials(instance, lists["materials"])
            if "steps" in lists and lists["steps"] != item_steps(instance):
                instance.steps.all().delete()
                ProcessStep.objects.bulk_create(
                    ProcessStep(item=instance, order=order, name=name, description=description)
                    for order, (name, _colon, description) in enumerate(
                        (step.partition("：") for step in lists["steps"]), 1
                    )
                )
            before, after = audit_changes(before, after)
            if after:
                event = f"approvalitem.{'updated' if stored else 'added'}"
                entry = audit_record(subject=instance, actor=self.by, event=event, before=before, after=after)
                live_announce_change(entry, instance)

    def _set_materials(self, item: ApprovalItem, names: list[str]) -> None:
        known = {m.name: m for m in Material.objects.filter(name__in=names)}
        Material.objects.bulk_create([Material(name=name) for name in names if name not in known])
        materials = {m.name: m for m in Material.objects.filter(name__in=names)}
        item.requirements.exclude(material__name__in=names).delete()
        held = {r.material_id: r for r in item.requirements.all()}
        for order, name in enumerate(names, 1):
            requirement = held.get(materials[name].pk)
            if requirement is None:
                MaterialRequirement.objects.create(item=item, material=materials[name], order=order)
            elif requirement.order != order:
                requirement.order = order
                requirement.save(update_fields=["order"])

    def example(self) -> dict:
        department = Department.objects.select_related("zone").first()
        return {
            "事项编码": "320903-XK-00001",
            "事项名称": _("建设工程规划许可证核发"),
            "所属主项编码": "",
            "实施部门": f"{department.zone}/{department.name}" if department else _("示例经济开发区/示例区行政审批局"),
            "设定依据": _("《中华人民共和国城乡规划法》第四十条"),
            "办件类型": str(ItemKind.COMMITTED.label),
            "法定时限（工作日）": 20,
            "承诺时限（工作日）": 5,
            "收费标准（元）": 0,
            "收费依据": _("不收费"),
            "网办深度": str(OnlineLevel.ONLINE_PREREVIEW.label),
            "列入代办事项目录": _("是"),
            "可实行告知承诺制": _("否"),
            "有效": _("是"),
            MATERIALS: _("建设工程规划许可申请表\n建设工程设计方案"),
            STEPS: _("受理：材料齐全当场受理\n审查\n决定：作出许可决定并送达"),
        }


BUNDLE_ITEMS = "包含事项编码"


class ItemCodes(Text):
    """Item codes, one a line or separated by “；”, each of a catalogued item."""

    def clean(self, value, row=None, **kwargs) -> list[ApprovalItem]:
        codes = [code.strip() for code in _SEPARATORS.split(cell_text(value)) if code.strip()]
        if not codes:
            raise ValueError(_("必填，不能为空"))
        found = {item.code: item for item in ApprovalItem.objects.filter(code__in=codes)}
        if unknown := [code for code in codes if code not in found]:
            raise ValueError(_("找不到事项编码：%(codes)s") % {"codes": "、".join(c[:40] for c in unknown[:10])})
        return [found[code] for code in dict.fromkeys(codes)]


def bundle_codes(bundle: ItemBundle) -> list[str]:
    return sorted(bundle.items.values_list("code", flat=True)) if bundle.pk else []


class ItemBundleSheet(SheetResource):
    name = column("name", "套餐名称", Text(max_length=100, required=True))
    description = column("description", "适用情形", Text())
    items = column(None, BUNDLE_ITEMS, ItemCodes(required=True))
    is_active = column("is_active", "有效", YesNo(default=True))

    notes = {"套餐名称": _("导入时按名称识别已有套餐"), BUNDLE_ITEMS: _("每行一个事项编码，或用“；”分隔")}

    class Meta:
        model = ItemBundle
        import_id_fields = ("name",)
        fields = ("name", "description", "items", "is_active")

    def dehydrate_items(self, bundle):
        return "\n".join(bundle_codes(bundle))

    def skip_row(self, instance, original, row, import_validation_errors=None):
        return super().skip_row(instance, original, row, import_validation_errors) and (
            "items" not in instance._sheet_lists
            or sorted(item.code for item in instance._sheet_lists["items"]) == bundle_codes(instance._sheet_stored)
        )

    def save_row(self, instance, stored):
        """The bundle and its items, audited as one entry (the items by their codes)."""
        names = ("name", "description", "is_active")
        before = {name: audit_field_value(stored, name) for name in names} if stored else {}
        after = {name: audit_field_value(instance, name) for name in names}
        items = instance._sheet_lists.get("items")
        if items is not None:
            before["items"] = bundle_codes(stored) if stored else []
            after["items"] = sorted(item.code for item in items)
        instance.save()
        if items is not None:
            instance.items.set(items)
        before, after = audit_changes(before, after)
        if after:
            event = f"itembundle.{'updated' if stored else 'added'}"
            entry = audit_record(subject=instance, actor=self.by, event=event, before=before, after=after)
            live_announce_change(entry, instance)

    def example(self) -> dict:
        codes = list(ApprovalItem.objects.order_by("code").values_list("code", flat=True)[:2])
        return {
            "套餐名称": _("工业项目开工套餐"),
            "适用情形": _("新建工业项目取得土地后申请开工"),
            BUNDLE_ITEMS: "\n".join(codes) or "320903-XK-00001",
            "有效": _("是"),
        }
