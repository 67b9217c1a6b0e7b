"""The usual variation is now judged as a proportion of the median (issue 18), so the old
defaults (7 times, at least 30%) would ask for about 6 times the median. Councils still on
them move to the new defaults; a council that chose its own keeps its choice."""

from decimal import Decimal

from django.db import migrations, models


def new_defaults(apps, schema_editor):
    settings = apps.get_model("phones", "PhoneSettings")
    settings.objects.filter(spread_multiple=Decimal("7.0"), spread_floor_percent=30).update(
        spread_multiple=Decimal("4.5"), spread_floor_percent=22
    )


def old_defaults(apps, schema_editor):
    settings = apps.get_model("phones", "PhoneSettings")
    settings.objects.filter(spread_multiple=Decimal("4.5"), spread_floor_percent=22).update(
        spread_multiple=Decimal("7.0"), spread_floor_percent=30
    )


class Migration(migrations.Migration):
    dependencies = [
        ("phones", "0005_own_and_peer_defaults"),
    ]

    operations = [
        migrations.AlterField(
            model_name="phonesettings",
            name="spread_floor_percent",
            field=models.PositiveSmallIntegerField(default=22),
        ),
        migrations.AlterField(
            model_name="phonesettings",
            name="spread_multiple",
            field=models.DecimalField(decimal_places=1, default=Decimal("4.5"), max_digits=4),
        ),
        migrations.RunPython(new_defaults, old_defaults),
    ]
