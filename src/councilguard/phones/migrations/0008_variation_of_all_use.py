"""A person's usual variation is now the wider of one measure's over six months and all their
use's over a year (issue 18), which no longer understates a volatile user's, so the multiple
can be higher and the floor lower: 6 times and 14% instead of 4.5 times and 22%. Councils still
on the old defaults move to the new ones; a council that chose its own keeps its choice."""

from decimal import Decimal

from django.db import migrations, models


def new_defaults(apps, schema_editor):
    settings = apps.get_model("phones", "PhoneSettings")
    settings.objects.filter(spread_multiple=Decimal("4.5"), spread_floor_percent=22).update(
        spread_multiple=Decimal("6.0"), spread_floor_percent=14
    )


def old_defaults(apps, schema_editor):
    settings = apps.get_model("phones", "PhoneSettings")
    settings.objects.filter(spread_multiple=Decimal("6.0"), spread_floor_percent=14).update(
        spread_multiple=Decimal("4.5"), spread_floor_percent=22
    )


class Migration(migrations.Migration):
    dependencies = [
        ("phones", "0007_usage_month_judged_figures"),
    ]

    operations = [
        migrations.AlterField(
            model_name="phonesettings",
            name="spread_floor_percent",
            field=models.PositiveSmallIntegerField(default=14),
        ),
        migrations.AlterField(
            model_name="phonesettings",
            name="spread_multiple",
            field=models.DecimalField(decimal_places=1, default=Decimal("6.0"), max_digits=4),
        ),
        migrations.RunPython(new_defaults, old_defaults),
    ]
