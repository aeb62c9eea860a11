"""Database guards: no statement may delete a ticket or customer under an active legal hold (PostgreSQL),
and an index so that admin log entries naming a purged record are found without a scan."""

from django.db import migrations

GUARD_SQL = """
CREATE OR REPLACE FUNCTION deletion_refuse_held_ticket_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM old_rows o
        WHERE EXISTS (SELECT 1 FROM deletion_legalhold h WHERE h.ticket_id = o.id AND h.released_at IS NULL
                      AND (h.ends_at IS NULL OR h.ends_at > now()))
           OR EXISTS (SELECT 1 FROM deletion_legalhold h WHERE h.customer_id = o.customer_id AND h.released_at IS NULL
                      AND (h.ends_at IS NULL OR h.ends_at > now()))
    ) THEN
        RAISE EXCEPTION 'refused: a ticket under an active legal hold cannot be deleted' USING ERRCODE = 'P0001';
    END IF;
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION deletion_refuse_held_customer_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM old_rows o
        WHERE EXISTS (SELECT 1 FROM deletion_legalhold h WHERE h.customer_id = o.id AND h.released_at IS NULL
                      AND (h.ends_at IS NULL OR h.ends_at > now()))
    ) THEN
        RAISE EXCEPTION 'refused: a customer under an active legal hold cannot be deleted' USING ERRCODE = 'P0001';
    END IF;
    RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS deletion_held_ticket_guard ON supportrecords_ticket;
CREATE TRIGGER deletion_held_ticket_guard AFTER DELETE ON supportrecords_ticket
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION deletion_refuse_held_ticket_delete();
DROP TRIGGER IF EXISTS deletion_held_customer_guard ON supportrecords_customer;
CREATE TRIGGER deletion_held_customer_guard AFTER DELETE ON supportrecords_customer
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION deletion_refuse_held_customer_delete();
"""

UNGUARD_SQL = """
DROP TRIGGER IF EXISTS deletion_held_ticket_guard ON supportrecords_ticket;
DROP TRIGGER IF EXISTS deletion_held_customer_guard ON supportrecords_customer;
DROP FUNCTION IF EXISTS deletion_refuse_held_ticket_delete();
DROP FUNCTION IF EXISTS deletion_refuse_held_customer_delete();
"""


def guard(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(GUARD_SQL)


def unguard(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(UNGUARD_SQL)


class Migration(migrations.Migration):
    dependencies = [
        ("deletion", "0002_retention_defaults"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("supportrecords", "0003_ticket_history"),
    ]

    operations = [
        migrations.RunPython(guard, unguard),
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS deletion_adminlog_object_idx ON django_admin_log (content_type_id, object_id)",
            "DROP INDEX IF EXISTS deletion_adminlog_object_idx",
        ),
    ]
