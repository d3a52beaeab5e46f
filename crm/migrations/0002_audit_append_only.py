"""The database itself refuses to change or delete audit entries, whatever the
interface (admin, shell, raw SQL from the application's role)."""

from django.db import migrations

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION crm_auditentry_refuse() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit entries are append-only (审计记录不可修改或删除)';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER crm_auditentry_no_update BEFORE UPDATE OR DELETE ON crm_auditentry
    FOR EACH ROW EXECUTE FUNCTION crm_auditentry_refuse();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS crm_auditentry_no_update ON crm_auditentry;
DROP FUNCTION IF EXISTS crm_auditentry_refuse();
"""
SQLITE_UP = [
    """CREATE TRIGGER crm_auditentry_no_update BEFORE UPDATE ON crm_auditentry
       BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;""",
    """CREATE TRIGGER crm_auditentry_no_delete BEFORE DELETE ON crm_auditentry
       BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;""",
]
SQLITE_DOWN = ["DROP TRIGGER IF EXISTS crm_auditentry_no_update;", "DROP TRIGGER IF EXISTS crm_auditentry_no_delete;"]


def up(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_UP)
    elif vendor == "sqlite":
        for statement in SQLITE_UP:
            schema_editor.execute(statement)


def down(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_DOWN)
    elif vendor == "sqlite":
        for statement in SQLITE_DOWN:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("crm", "0001_initial")]
    operations = [migrations.RunPython(up, down)]
