"""The page tree's root and the libraries' root collection are called "Root" by Wagtail's
migrations, and editors see that name in the page explorer and the collection choosers:
they get Chinese names."""

from django.db import migrations

NAMES = {"page": "全部页面", "collection": "全部文件"}


def roots_named(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    Page.objects.filter(depth=1, title="Root").update(title=NAMES["page"], draft_title=NAMES["page"])
    Collection.objects.filter(depth=1, name="Root").update(name=NAMES["collection"])


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0003_default_workflow_off"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(roots_named, migrations.RunPython.noop)]
