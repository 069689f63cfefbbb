"""Name-prefix indexes for the clerk admin's search (PostgreSQL only).

Django's istartswith on PostgreSQL is `UPPER("col"::text) LIKE UPPER('x%')`; only an expression
index on exactly that, with text_pattern_ops, serves it under a non-C collation. SQLite (the
embedded demo) has no such index type and does not need one at demo scale.
"""

from django.db import migrations

INDEXES = {
    "respondent_family_upper_idx": "family_name",
    "respondent_given_upper_idx": "given_name",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, column in INDEXES.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS {name} ON cases_respondent (UPPER("{column}"::text) text_pattern_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(create, drop, elidable=False)]
