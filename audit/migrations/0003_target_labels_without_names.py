"""Rewrites every stored target label to "<kind> <id>" (issue 13, finding 3).

Labels used to be str(target): a respondent's name and A-number, a user's email address, kept
forever in an append-only table. This migration is the one sanctioned change to past events: only
`target_label` changes, to what `audit.services.target_label_of` writes now; every other column and
every row stays as it was. On PostgreSQL the append-only trigger (0002) is disabled for this
UPDATE and enabled again inside the same transaction, so no other change can slip through, and a
failure leaves both the rows and the trigger as they were.
"""

from django.apps import apps as global_apps
from django.db import migrations
from django.utils import translation
from django.utils.text import capfirst

TRIGGER = "audit_event_append_only"


def _kind(target_type: str) -> str:
    """The English verbose name of a target type ("cases.respondent" -> "Respondent")."""
    app_label, _, model_name = target_type.partition(".")
    try:
        # The label names the model as the code knows it today, exactly as audit_record now writes it.
        model = global_apps.get_model(app_label, model_name)
    except (LookupError, ValueError):
        return capfirst(model_name.replace("_", " ")) or "Record"
    with translation.override(None):
        return capfirst(str(model._meta.verbose_name))


def _has_trigger(cursor) -> bool:
    cursor.execute("SELECT 1 FROM pg_trigger WHERE tgname = %s AND tgrelid = 'audit_auditevent'::regclass", [TRIGGER])
    return cursor.fetchone() is not None


def rewrite_labels(apps, schema_editor):
    connection = schema_editor.connection
    table = schema_editor.quote_name("audit_auditevent")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT DISTINCT target_type FROM {table} WHERE target_label <> ''")  # noqa: S608  # nosec B608 (table name from the model, values bound)
        target_types = [row[0] for row in cursor.fetchall()]
        if not target_types:
            return
        guarded = connection.vendor == "postgresql" and _has_trigger(cursor)
        if guarded:
            # ALTER TABLE refuses while deferred checks (a foreign key of a row inserted earlier in
            # this transaction) are pending: run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {TRIGGER}")
        for target_type in target_types:
            if not target_type:  # no target, no label
                cursor.execute(f"UPDATE {table} SET target_label = '' WHERE target_type = ''")  # noqa: S608  # nosec B608 (table name from the model, values bound)
                continue
            kind = _kind(target_type)
            cursor.execute(
                f"UPDATE {table} SET target_label = LEFT(CASE WHEN target_id = '' THEN %s "  # noqa: S608  # nosec B608 (table name from the model, values bound)
                "ELSE %s || ' ' || target_id END, 200) WHERE target_type = %s AND target_label <> ''",
                [kind, kind, target_type],
            )
        if guarded:
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {TRIGGER}")


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_trigger")]
    # Not reversible in substance: the names must not come back. Reversing leaves the new labels.
    operations = [migrations.RunPython(rewrite_labels, migrations.RunPython.noop, elidable=False)]
