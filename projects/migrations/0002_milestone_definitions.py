"""The "3550" targets of the Yandu plan (seed 000), as editable data."""

from django.db import migrations

from projects.seed import DEFINITIONS, milestone_definitions_seed


def up(apps, schema_editor):
    milestone_definitions_seed(model=apps.get_model("projects", "MilestoneDefinition"))


def down(apps, schema_editor):
    apps.get_model("projects", "MilestoneDefinition").objects.filter(code__in=[d["code"] for d in DEFINITIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]
    operations = [migrations.RunPython(up, down)]
