from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION nominations_auditevent_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only (%% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER nominations_auditevent_append_only
    BEFORE UPDATE OR DELETE ON nominations_auditevent
    FOR EACH ROW EXECUTE FUNCTION nominations_auditevent_refuse_change();
"""
DROP = """
DROP TRIGGER IF EXISTS nominations_auditevent_append_only ON nominations_auditevent;
DROP FUNCTION IF EXISTS nominations_auditevent_refuse_change();
"""


def create_trigger(apps, schema_editor):
    # SQLite has no such guard; the model and its queryset refuse changes there.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("nominations", "0001_initial")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
