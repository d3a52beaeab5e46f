import datetime as dt
from collections import defaultdict

from django.db.models import Max, QuerySet
from django.utils import timezone

from projects.models import (
    EnterpriseMaterial,
    MaterialForm,
    MaterialRequirement,
    NoticeKind,
    OneTimeNotice,
    ProjectItem,
    ProxyCase,
)

CONTENT_VERSION = 1


_FORM_ORDER = {value: index for index, value in enumerate(MaterialForm.values)}


def cases_for_notice() -> QuerySet[ProxyCase]:
    """Cases with everything a notice's header shows."""
    return ProxyCase.objects.select_related("enterprise", "project", "agent__user", "agent__centre")


def notices_of(case: ProxyCase) -> list[OneTimeNotice]:
    """The case's issued notices, in the order they were issued."""
    return list(case.notices.select_related("issued_by").order_by("sequence"))


def notice_current(notices: list[OneTimeNotice]) -> OneTimeNotice | None:
    """The end of the chain: the notice no later one supplements."""
    return notices[-1] if notices else None


def _header(case: ProxyCase, on: dt.date) -> dict:
    agent, project = case.agent, case.project
    return {
        "case": {"number": case.number},
        "enterprise": {"name": case.enterprise.name, "credit_code": case.enterprise.credit_code or ""},
        "project": {"name": project.name, "code": project.code} if project else None,
        "agent": {"name": str(agent.user), "phone": agent.phone},
        "centre": {
            "name": agent.centre.name,
            "phone": agent.centre.phone,
            "address": agent.centre.address,
            "opening_hours": agent.centre.opening_hours,
        },
        "issued_on": on.isoformat(),
    }


def _item_row(item: ProjectItem) -> dict:
    approval_item = item.approval_item
    return {
        "approval_item_id": approval_item.pk,
        "code": approval_item.code,
        "name": approval_item.name,
        "department": approval_item.department.name,
        "kind": approval_item.kind,
        "kind_label": str(approval_item.get_kind_display()),
        "committed_days": approval_item.committed_days,
        "fee": str(approval_item.fee),
        "free": not approval_item.fee,
        "fee_basis": approval_item.fee_basis,
        "online_level": approval_item.online_level,
        "online_level_label": str(approval_item.get_online_level_display()),
        "by_commitment": item.by_commitment,
    }


def _materials(items: list[ProjectItem], enterprise_id: int, on: dt.date, told: dict[int, str]) -> tuple[list, list]:
    """Merge the items' requirements by material (first appearance order): which
    items need it, every form asked, the most copies any item asks, required if any
    item requires it. Materials in ``told`` (id -> number of the notice that asked)
    go to the second list instead."""
    names = {item.approval_item_id: item.approval_item.name for item in items}
    requirements = (
        MaterialRequirement.objects.filter(item_id__in=names).select_related("material").order_by("order", "pk")
    )
    by_item = defaultdict(list)
    for requirement in requirements:
        by_item[requirement.item_id].append(requirement)
    merged: dict[int, dict] = {}
    for item in items:
        for requirement in by_item[item.approval_item_id]:
            material = requirement.material
            row = merged.setdefault(
                material.pk,
                {
                    "material_id": material.pk,
                    "name": material.name,
                    "reusable": material.reusable,
                    "items": [],
                    "forms": [],
                    "copies": 0,
                    "required": False,
                    "template_url": "",
                    "notes": [],
                },
            )
            row["items"].append(names[item.approval_item_id])
            if requirement.form not in row["forms"]:
                row["forms"].append(requirement.form)
            row["copies"] = max(row["copies"], requirement.copies)
            row["required"] = row["required"] or requirement.required
            if requirement.form_template and not row["template_url"]:
                row["template_url"] = requirement.form_template.url
            if requirement.note and requirement.note not in row["notes"]:
                row["notes"].append(requirement.note)
    held = dict(
        EnterpriseMaterial.objects.on_file(on=on)
        .filter(enterprise_id=enterprise_id, material_id__in=[pk for pk, row in merged.items() if row["reusable"]])
        .values("material_id")
        .annotate(latest=Max("received_on"))
        .values_list("material_id", "latest")
    )
    new, already_told = [], []
    for row in merged.values():
        row["forms"].sort(key=_FORM_ORDER.__getitem__)
        row["form_label"] = "、".join(str(MaterialForm(form).label) for form in row["forms"])
        row["note"] = "；".join(row.pop("notes"))
        row["on_file"] = row["material_id"] in held
        row["on_file_received_on"] = held[row["material_id"]].isoformat() if row["on_file"] else None
        if row["material_id"] in told:
            already_told.append({"name": row["name"], "items": row["items"], "notice": told[row["material_id"]]})
        else:
            new.append(row)
    for number, row in enumerate(new, start=1):
        row["number"] = number
    return new, already_told


def notice_content(case: ProxyCase, *, on: dt.date | None = None, supplement: bool = False) -> dict:
    """The notice as it would be issued on ``on``: header, items and the merged
    material list. ``supplement``: only the items no earlier notice covered, and only
    the materials no earlier notice asked for (the rest are listed as already told).

    Queries: items, requirements, materials on file (and, for a supplement, the
    earlier notices) — however many items the case has."""
    on = on or timezone.localdate()
    items = list(case.items.select_related("approval_item__department").order_by("pk"))
    told_items: set[int] = set()
    told_materials: dict[int, str] = {}
    supplements = None
    if supplement:
        earlier = notices_of(case)
        for notice in earlier:
            told_items.update(row["approval_item_id"] for row in notice.content["items"])
            for row in notice.content["materials"]:
                told_materials.setdefault(row["material_id"], notice.number)
        items = [item for item in items if item.approval_item_id not in told_items]
        supplements = notice_current(earlier)
    materials, already_told = _materials(items, case.enterprise_id, on, told_materials)
    content = {
        "version": CONTENT_VERSION,
        "kind": (NoticeKind.SUPPLEMENT if supplement else NoticeKind.FULL).value,
        **_header(case, on),
        "items": [_item_row(item) for item in items],
        "materials": materials,
        "already_told": already_told,
        "supplements": supplements.number if supplements else None,
        "supplements_issued_on": supplements.issued_on.isoformat() if supplements else None,
    }
    content["to_submit"] = sum(1 for row in materials if not row["on_file"])
    content["optional"] = sum(1 for row in materials if not row["required"])
    return content


def notice_materials(case: ProxyCase, *, on: dt.date | None = None) -> list[dict]:
    """Every material the case's items need, once each, with on-file marks."""
    return notice_content(case, on=on)["materials"]
