"""Zone reports (区域评估报告) from a sheet, matched on the approval number (批复文号):
registered and corrected through the reports' services, so each row is audited."""

import re

from django.core.exceptions import MultipleObjectsReturned, ValidationError
from django.utils.translation import gettext as _
from import_export import fields

from crm.imports.cells import Date, Number, Text, cell_text
from crm.imports.resources import SheetResource, column
from projects.enterprises.sheets import zone_column
from regional_assessments.reports.models import AssessmentType, ZoneReport
from regional_assessments.reports.services import zone_report_register, zone_report_update

COVERED = "涵盖的评估"
_SEPARATORS = re.compile(r"[\n\r；;、，,]+")
# The columns a sheet corrects (the covered assessments apart: a list).
EDITABLE = (
    "zone",
    "title",
    "issuing_body",
    "valid_from",
    "valid_until",
    "land_parcels",
    "max_investment",
    "max_land_area",
)


class AssessmentTypeNames(Text):
    """Assessment types by their names (or codes), one a line or separated by “；” or “、”."""

    def clean(self, value, row=None, **kwargs) -> list[AssessmentType]:
        names = [name.strip() for name in _SEPARATORS.split(cell_text(value)) if name.strip()]
        if not names:
            raise ValueError(_("必填，不能为空"))
        types = list(AssessmentType.objects.all())
        known = {t.name: t for t in types} | {t.code: t for t in types}
        if unknown := [name for name in names if name not in known]:
            raise ValueError(
                _("找不到评估类型：%(names)s（可选：%(known)s）")
                % {"names": "、".join(n[:40] for n in unknown[:10]), "known": "、".join(t.name for t in types)}
            )
        return list(dict.fromkeys(known[name] for name in names))


def covered_names(report: ZoneReport) -> list[str]:
    return [t.name for t in report.assessment_types.order_by("order", "pk")] if report.pk else []


def _same_types(types: list[AssessmentType], report: ZoneReport) -> bool:
    return sorted(t.pk for t in types) == sorted(report.assessment_types.values_list("pk", flat=True))


class CoveredColumn(fields.Field):
    """The covered assessments as the admin's preview shows a row: as the file names them
    while it is imported (what will be written), else as stored."""

    def export(self, instance, **kwargs):
        chosen = getattr(instance, "_sheet_lists", {}).get("assessment_types")
        return "\n".join(t.name for t in chosen) if chosen is not None else "\n".join(covered_names(instance))


class ZoneReportSheet(SheetResource):
    approval_no = column("approval_no", "批复文号", Text(max_length=100, required=True))
    title = column("title", "报告名称", Text(max_length=200, required=True))
    zone = zone_column("zone", "园区/区域")
    assessment_types = CoveredColumn(attribute=None, column_name=COVERED, widget=AssessmentTypeNames(required=True))
    issuing_body = column("issuing_body", "编制/审批单位", Text(max_length=200, required=True))
    valid_from = column("valid_from", "生效日期", Date(required=True))
    valid_until = column("valid_until", "有效期至", Date())
    land_parcels = column("land_parcels", "适用地块", Text())
    max_investment = column("max_investment", "适用总投资上限（万元）", Number())
    max_land_area = column("max_land_area", "适用用地面积上限（平方米）", Number())

    notes = {
        "批复文号": _("导入时按批复文号识别已登记的报告"),
        COVERED: _("填写评估类型名称，每行一个，或用“；”分隔"),
        "有效期至": _("留空则为生效日期起5年"),
        "适用地块": _("每行一个地块；留空表示区域内全部地块"),
    }

    class Meta:
        model = ZoneReport
        import_id_fields = ("approval_no",)
        fields = ("approval_no", *EDITABLE, "assessment_types")

    def dehydrate_assessment_types(self, report):
        return self.fields["assessment_types"].export(report)

    def get_instance(self, instance_loader, row):
        try:
            return super().get_instance(instance_loader, row)
        except MultipleObjectsReturned:
            raise ValidationError({"批复文号": [_("已登记多份使用该批复文号的报告，请在后台逐份修改")]}) from None

    def import_instance(self, instance, row, **kwargs):
        """An empty expiry is the default validity (as the model fills it), so that a
        re-import of the same row changes nothing."""
        try:
            super().import_instance(instance, row, **kwargs)
        finally:
            if instance.valid_until is None and instance.valid_from is not None:
                instance.clean()

    def row_problems(self, instance) -> dict[str, str]:
        if instance.valid_from and instance.valid_until and instance.valid_until < instance.valid_from:
            return {
                "valid_until": _("有效期至（%(until)s）不能早于生效日期（%(start)s）")
                % {"until": f"{instance.valid_until:%Y-%m-%d}", "start": f"{instance.valid_from:%Y-%m-%d}"}
            }
        return {}

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """Unchanged when its columns are and it covers the same assessments (read for
        the stored row: ``instance`` carries its primary key)."""
        return super().skip_row(instance, original, row, import_validation_errors) and (
            "assessment_types" not in instance._sheet_lists
            or _same_types(instance._sheet_lists["assessment_types"], instance)
        )

    def save_row(self, instance, stored):
        types = instance._sheet_lists.get("assessment_types")
        if stored is None:
            zone_report_register(report=instance, assessment_types=types or [], by=self.by)
            return
        changes = self.changes(instance, stored, EDITABLE)
        if types is not None and not _same_types(types, stored):
            changes["assessment_types"] = types
        zone_report_update(report=stored, changes=changes, by=self.by)

    def example(self) -> dict:
        names = list(AssessmentType.objects.order_by("order", "pk").values_list("name", flat=True)[:3])
        return {
            "批复文号": _("示例管委发〔2026〕1号"),
            "报告名称": _("示例园区区域评估报告"),
            "园区/区域": self.example_zone_name(),
            COVERED: "\n".join(names),
            "编制/审批单位": _("示例园区管委会"),
            "生效日期": "2026-01-01",
            "有效期至": "",
            "适用地块": "",
            "适用总投资上限（万元）": "",
            "适用用地面积上限（平方米）": "",
        }
