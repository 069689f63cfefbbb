"""Adds the motion to change venue (and anything else of the catalogue still missing)."""

from django.db import migrations

from motions.catalogue import catalogue_sync


def seed(apps, schema_editor):
    catalogue_sync(apps.get_model("motions", "LegalFact"), apps.get_model("motions", "MotionType"))


class Migration(migrations.Migration):
    dependencies = [("motions", "0003_venue")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
