"""Investment projects from a sheet, matched on the project code. A code the database
already gives to another enterprise's project, or one that was changed (its project
now has a new code), is refused rather than taken as an update."""

import datetime as dt

from django.utils.translation import gettext as _

from crm.imports.cells import Choice, Lookup, Number, Text
from crm.imports.resources import SheetResource, column
from projects.enterprises.sheets import EnterpriseSheet, agent_column, zone_column
from projects.investment.services import PROJECT_EDITABLE_FIELDS, project_create, project_update, projects_create
from projects.models import Enterprise, Industry, Project, ProjectCodeChange, ProjectType


class ProjectSheet(SheetResource):
    code = column("code", "投资项目代码", Text(max_length=24, required=True, upper=True))
    name = column("name", "项目名称", Text(max_length=200, required=True))
    enterprise = column("enterprise", "建设单位信用代码", Lookup(Enterprise, ("credit_code",)))
    zone = zone_column("zone", "所在区域")
    location = column("location", "建设地点", Text(max_length=200))
    industry = column("industry", "所属行业", Choice(Industry.choices))
    project_type = column("project_type", "项目类型", Choice(ProjectType.choices))
    investment_amount = column("investment_amount", "总投资（万元）", Number(required=True))
    land_area = column("land_area", "用地面积（平方米）", Number())
    floor_area = column("floor_area", "建筑面积（平方米）", Number())
    agent = agent_column("agent", "代办员工号")

    notes = {
        "投资项目代码": _("如 2024-320903-04-01-123456，导入时按此代码识别已有项目"),
        "建设单位信用代码": _("已登记企业的统一社会信用代码（可先导入企业）"),
    }

    class Meta:
        model = Project
        import_id_fields = ("code",)
        fields = ("code", *PROJECT_EDITABLE_FIELDS)
        use_bulk = True  # no column names another project

    def get_queryset(self):
        return super().get_queryset().select_related("enterprise")

    def before_import(self, dataset, **kwargs):
        """The file's codes that were changed since (one query, not one a row)."""
        super().before_import(dataset, **kwargs)
        codes = {str(code).strip().upper() for code in dataset[self.fields["code"].column_name] if code}
        self._changed_codes = set(
            ProjectCodeChange.objects.filter(old_code__in=codes).values_list("old_code", flat=True)
        )

    def after_init_instance(self, instance, new, row, **kwargs):
        super().after_init_instance(instance, new, row, **kwargs)
        instance._stored_enterprise = None if new else instance.enterprise

    def row_problems(self, instance) -> dict[str, str]:
        stored = getattr(instance, "_stored_enterprise", None)
        if stored is not None and instance.enterprise_id and stored.pk != instance.enterprise_id:
            return {
                "code": _("该代码已是“%(enterprise)s”的项目“%(project)s”的代码，不能再用于另一企业的项目")
                % {"enterprise": stored, "project": Project.objects.get(pk=instance.pk).name}
            }
        if instance.pk is None and instance.code in self._changed_codes:
            change = ProjectCodeChange.objects.filter(old_code=instance.code).select_related("project").first()
            if change is not None:
                return {
                    "code": _("该代码已变更为“%(code)s”（项目“%(project)s”），请使用新代码")
                    % {"code": change.project.code, "project": change.project.name}
                }
        return {}

    def save_new_rows(self, instances):
        projects_create(projects=instances, by=self.by)

    def save_row(self, instance, stored):
        if stored is None:
            project_create(project=instance, by=self.by)
        else:
            project_update(project=stored, changes=self.changes(instance, stored, PROJECT_EDITABLE_FIELDS), by=self.by)

    def example(self) -> dict:
        enterprise = EnterpriseSheet().example()
        return {
            "投资项目代码": f"{dt.date.today().year}-320903-04-01-000001",
            "项目名称": _("示例年产1万吨新材料项目"),
            "建设单位信用代码": enterprise["统一社会信用代码"],
            "所在区域": self.example_zone_name(),
            "建设地点": _("示例路1号"),
            "所属行业": str(Industry.MANUFACTURING.label),
            "项目类型": str(ProjectType.INDUSTRIAL.label),
            "总投资（万元）": 30000,
            "用地面积（平方米）": 50000,
            "建筑面积（平方米）": 42000,
            "代办员工号": "",
        }
