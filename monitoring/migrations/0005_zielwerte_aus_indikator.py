"""Move ``Indikator.zielwert``/``zieljahr`` into ``Zielwert`` rows and drop the two fields.

A target without a year gets the year 2030: the horizon the trend assessment used for such a
target until now (``trend.ZIELJAHR_STANDARD``), so the assessment of existing data does not
change. Since a Zielwert always has a year, a target without one can no longer be entered.
Backwards, an indicator gets the value and year of its latest target.
"""

from django.db import migrations

ZIELJAHR_OHNE_ANGABE = 2030


def ziele_anlegen(apps, schema_editor):
    Indikator = apps.get_model("monitoring", "Indikator")
    Zielwert = apps.get_model("monitoring", "Zielwert")
    Zielwert.objects.bulk_create(
        [
            Zielwert(
                indikator_id=pk,
                jahr=jahr or ZIELJAHR_OHNE_ANGABE,
                wert=wert,
                anmerkung="" if jahr else "Zieljahr nicht angegeben; 2030 angenommen.",
            )
            for pk, wert, jahr in Indikator.objects.filter(zielwert__isnull=False).values_list(
                "pk", "zielwert", "zieljahr"
            )
        ],
        ignore_conflicts=True,
    )


def ziele_zurueck(apps, schema_editor):
    Indikator = apps.get_model("monitoring", "Indikator")
    Zielwert = apps.get_model("monitoring", "Zielwert")
    for ziel in Zielwert.objects.order_by("indikator_id", "jahr"):
        # Ordered by year: the last one written per indicator is its latest target.
        Indikator.objects.filter(pk=ziel.indikator_id).update(
            zielwert=ziel.wert, zieljahr=ziel.jahr
        )


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0004_indikatorarten_ziele_datenlage"),
    ]

    operations = [
        migrations.RunPython(ziele_anlegen, ziele_zurueck),
        migrations.RemoveConstraint(
            model_name="indikator",
            name="indikator_zieljahr_nur_mit_zielwert",
        ),
        migrations.RemoveField(model_name="historicalindikator", name="zielwert"),
        migrations.RemoveField(model_name="historicalindikator", name="zieljahr"),
        migrations.RemoveField(model_name="indikator", name="zielwert"),
        migrations.RemoveField(model_name="indikator", name="zieljahr"),
    ]
