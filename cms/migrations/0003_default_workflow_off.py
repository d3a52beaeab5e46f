"""Wagtail's default workflow ("Moderators approval", put on the whole page tree by
wagtailcore 0048 and approved by Wagtail's own group "Moderators", which none of this
system's roles uses) comes off the tree: explainers and agents' biographies go through
the portal's workflow 政策解读审核 (cms/demo.py, approved by 门户审核) and editors
publish the other pages themselves. Run once: an administrator who puts a workflow on
the tree later keeps it."""

from django.db import migrations

DEFAULT_WORKFLOW = "Moderators approval"


def default_workflow_off(apps, schema_editor):
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowPage.objects.filter(page__depth=1, workflow__name=DEFAULT_WORKFLOW).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0002_contact_request_case"),
        ("wagtailcore", "0048_add_default_workflows"),
    ]

    operations = [migrations.RunPython(default_workflow_off, migrations.RunPython.noop)]
