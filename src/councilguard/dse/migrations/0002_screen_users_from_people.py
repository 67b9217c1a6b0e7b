"""Carry the people list's "uses display screen equipment" box into the register: each person
ticked becomes a screen user from their start date (or the day they were added to the list)."""

from django.db import migrations


def carry_over(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    ScreenUser = apps.get_model("dse", "ScreenUser")
    existing = set(ScreenUser.objects.values_list("person_id", flat=True))
    ScreenUser.objects.bulk_create(
        ScreenUser(
            council_id=person.council_id,
            person_id=person.pk,
            since=person.start_date or person.created_at.date(),
        )
        for person in Person.objects.filter(uses_display_screen=True).exclude(pk__in=existing)
    )


class Migration(migrations.Migration):
    dependencies = [("dse", "0001_initial"), ("people", "0001_initial")]

    operations = [migrations.RunPython(carry_over, migrations.RunPython.noop)]
