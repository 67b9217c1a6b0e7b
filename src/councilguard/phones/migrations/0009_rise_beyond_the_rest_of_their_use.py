"""A month when all a person's use rose together is now judged by how far a measure rose
beyond the rest of their use (issue 18), which takes a volatile user's busy months out, so the
multiple of their usual variation can be lower: 5.5 times instead of 6. Councils still on the
old default move to the new one; a council that chose its own keeps its choice."""

from decimal import Decimal

from django.db import migrations, models


def new_default(apps, schema_editor):
    settings = apps.get_model("phones", "PhoneSettings")
    settings.objects.filter(spread_multiple=Decimal("6.0")).update(spread_multiple=Decimal("5.5"))


def old_default(apps, schema_editor):
    settings = apps.get_model("phones", "PhoneSettings")
    settings.objects.filter(spread_multiple=Decimal("5.5")).update(spread_multiple=Decimal("6.0"))


class Migration(migrations.Migration):
    dependencies = [
        ("phones", "0008_variation_of_all_use"),
    ]

    operations = [
        migrations.AlterField(
            model_name="phonesettings",
            name="spread_multiple",
            field=models.DecimalField(decimal_places=1, default=Decimal("5.5"), max_digits=4),
        ),
        migrations.RunPython(new_default, old_default),
    ]
