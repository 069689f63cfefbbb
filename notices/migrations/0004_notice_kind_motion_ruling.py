"""A notice may carry a judge's ruling on a motion (motions app, guided requests)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("notices", "0003_print_letters_permission")]

    operations = [
        migrations.AlterField(
            model_name="notice",
            name="kind",
            field=models.CharField(
                choices=[
                    ("registration", "Registration notice"),
                    ("hearing", "Hearing notice"),
                    ("filing_decision", "Decision on a filing"),
                    ("motion_ruling", "Judge's ruling on a motion"),
                ],
                max_length=16,
                verbose_name="kind",
            ),
        ),
    ]
