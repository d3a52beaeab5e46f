"""The eleven assessment types of the regional assessment (盐都区 000 §二(五)) and
the rules saying which of them a project needs. The savings and the land-area
threshold are placeholders for the centre to set in the admin."""

from django.db import migrations

from regional_assessments.seed import assessment_types_seed


def seed(apps, schema_editor):
    assessment_types_seed(
        type_model=apps.get_model("regional_assessments", "AssessmentType"),
        rule_model=apps.get_model("regional_assessments", "AssessmentRule"),
    )


class Migration(migrations.Migration):
    dependencies = [("regional_assessments", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
