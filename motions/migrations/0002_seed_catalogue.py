"""Seeds the legal facts (with their sources and dates) and the motion types: both are data (ADR 0120)."""

from django.db import migrations

from motions.catalogue import catalogue_sync


def seed(apps, schema_editor):
    catalogue_sync(apps.get_model("motions", "LegalFact"), apps.get_model("motions", "MotionType"))


class Migration(migrations.Migration):
    dependencies = [("motions", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
