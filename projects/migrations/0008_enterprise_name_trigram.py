"""A trigram index for searching enterprises by part of their name (the workbench's
search box) on PostgreSQL. Needs the pg_trgm extension: created when the database
role may; otherwise the search still works, by a scan."""

import logging

from django.db import migrations, transaction

logger = logging.getLogger(__name__)

INDEX = "projects_enterprise_name_trgm"


def up(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic():
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception:  # noqa: BLE001  (no privilege for extensions: keep the plain scan)
        logger.warning("pg_trgm unavailable; enterprise name search will scan")
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON projects_enterprise USING gin (UPPER(name::text) gin_trgm_ops)"
    )


def down(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("projects", "0007_merge_0006_one_time_notice_0006_ratings_callbacks")]
    operations = [migrations.RunPython(up, down)]
