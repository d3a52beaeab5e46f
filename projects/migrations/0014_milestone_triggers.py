"""Milestones name the events that start and finish them as rows (MilestoneTrigger): each
definition's start and end event become its first two triggers, and the seeded item
triggers are added where the catalogue already holds the items. Pauses say whose time
the government's own is, and which work caused them."""

import django.db.models.deletion
from django.db import migrations, models

from projects.seed import milestone_triggers_seed


def triggers_from_events(apps, schema_editor):
    definitions = apps.get_model("projects", "MilestoneDefinition")
    triggers = apps.get_model("projects", "MilestoneTrigger")
    for definition in definitions.objects.all():
        for move, event in (("start", definition.start_event), ("finish", definition.end_event)):
            if event:
                triggers.objects.get_or_create(
                    definition=definition, event=event, approval_item=None, defaults={"move": move}
                )
    milestone_triggers_seed(
        definition_model=definitions, trigger_model=triggers, item_model=apps.get_model("projects", "ApprovalItem")
    )


def events_from_triggers(apps, schema_editor):
    definitions = apps.get_model("projects", "MilestoneDefinition")
    for definition in definitions.objects.all():
        plain = definition.triggers.filter(approval_item__isnull=True)
        definition.start_event = getattr(plain.filter(move="start").first(), "event", "")
        definition.end_event = getattr(plain.filter(move="finish").first(), "event", "")
        definition.save(update_fields=["start_event", "end_event"])


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0013_upload_original_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="milestonepause",
            name="source",
            field=models.CharField(
                blank=True,
                help_text="由办理工作（如办件退回补正）引起的暂停记下来源，该工作恢复时一并恢复；手工暂停为空",
                max_length=40,
                verbose_name="暂停来源",
            ),
        ),
        migrations.AlterField(
            model_name="drawingreviewpause",
            name="cause",
            field=models.CharField(
                choices=[
                    ("correction", "申请人补正材料"),
                    ("expert_review", "专家评审"),
                    ("hearing", "听证"),
                    ("public_notice", "公示"),
                    ("inspection", "现场勘验/检测"),
                    ("enterprise", "企业自身原因"),
                    ("intermediary", "中介机构办理"),
                    ("government", "政府部门原因（计入政府用时）"),
                ],
                max_length=20,
                verbose_name="暂停类型",
            ),
        ),
        migrations.AlterField(
            model_name="itempause",
            name="cause",
            field=models.CharField(
                choices=[
                    ("correction", "申请人补正材料"),
                    ("expert_review", "专家评审"),
                    ("hearing", "听证"),
                    ("public_notice", "公示"),
                    ("inspection", "现场勘验/检测"),
                    ("enterprise", "企业自身原因"),
                    ("intermediary", "中介机构办理"),
                    ("government", "政府部门原因（计入政府用时）"),
                ],
                max_length=20,
                verbose_name="暂停类型",
            ),
        ),
        migrations.AlterField(
            model_name="milestonepause",
            name="cause",
            field=models.CharField(
                choices=[
                    ("correction", "申请人补正材料"),
                    ("expert_review", "专家评审"),
                    ("hearing", "听证"),
                    ("public_notice", "公示"),
                    ("inspection", "现场勘验/检测"),
                    ("enterprise", "企业自身原因"),
                    ("intermediary", "中介机构办理"),
                    ("government", "政府部门原因（计入政府用时）"),
                ],
                max_length=20,
                verbose_name="暂停类型",
            ),
        ),
        migrations.CreateModel(
            name="MilestoneTrigger",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "move",
                    models.CharField(
                        choices=[("start", "开始计时"), ("finish", "完成")], max_length=10, verbose_name="作用"
                    ),
                ),
                (
                    "event",
                    models.CharField(
                        choices=[
                            ("registration_accepted", "企业设立登记申请受理"),
                            ("enterprise_opened", "企业开业手续办结（执照、印章、税务、银行）"),
                            ("property_registration_accepted", "不动产登记申请受理"),
                            ("property_title_issued", "不动产权证书核发"),
                            ("project_filed", "项目备案（核准）完成"),
                            ("construction_permit_issued", "建筑工程施工许可证核发"),
                            ("drawings_accepted", "施工图联审受理"),
                            ("drawing_review_passed", "施工图审查合格"),
                            ("assessments_started", "评估事项启动"),
                            ("assessments_approved", "评估审批完成"),
                            ("assessments_all_reused", "区域评估成果覆盖全部评估事项"),
                            ("joint_acceptance_passed", "联合验收通过"),
                            ("item_accepted", "事项受理"),
                            ("item_approved", "事项准予许可"),
                            ("item_delivered", "事项结果送达"),
                        ],
                        max_length=60,
                        verbose_name="事件",
                    ),
                ),
                (
                    "approval_item",
                    models.ForeignKey(
                        blank=True,
                        help_text="事项受理、准予许可、结果送达三类事件须指定事项；其他事件不填",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="milestone_triggers",
                        to="projects.approvalitem",
                        verbose_name="审批事项",
                    ),
                ),
                (
                    "definition",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="triggers",
                        to="projects.milestonedefinition",
                        verbose_name="里程碑",
                    ),
                ),
            ],
            options={
                "verbose_name": "里程碑起止事件",
                "verbose_name_plural": "里程碑起止事件",
                "ordering": ["definition__order", "move", "pk"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("definition", "event", "approval_item"), name="trigger_once_per_definition"
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("approval_item__isnull", True)),
                        fields=("definition", "event"),
                        name="trigger_event_once_per_definition",
                    ),
                ],
            },
        ),
        migrations.RunPython(triggers_from_events, events_from_triggers),
        migrations.RemoveField(
            model_name="milestonedefinition",
            name="end_event",
        ),
        migrations.RemoveField(
            model_name="milestonedefinition",
            name="start_event",
        ),
    ]
