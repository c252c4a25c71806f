from django.db import migrations, models


def load(apps, schema_editor):
    from flows.reference import load_reference

    load_reference(
        apps.get_model("flows", "WasteCode"),
        apps.get_model("flows", "TreatmentOperation"),
        apps.get_model("flows", "Commune"),
    )


class Migration(migrations.Migration):
    dependencies = [("flows", "0003_flow_position_and_subchapter_for_matching")]

    operations = [
        migrations.AddField(
            model_name="commune",
            name="postal_codes",
            field=models.CharField(
                blank=True,
                help_text="Séparés par une espace.",
                max_length=120,
                verbose_name="codes postaux",
            ),
        ),
        migrations.AddField(
            model_name="commune",
            name="epci_siren",
            field=models.CharField(
                blank=True, db_index=True, max_length=9, verbose_name="SIREN de l'EPCI"
            ),
        ),
        migrations.AddField(
            model_name="commune",
            name="epci_name",
            field=models.CharField(
                blank=True, max_length=200, verbose_name="intercommunalité (EPCI)"
            ),
        ),
        migrations.AddField(
            model_name="commune",
            name="population",
            field=models.PositiveIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="commune",
            name="current_insee_code",
            field=models.CharField(
                blank=True,
                help_text="La commune à laquelle elle appartient aujourd'hui (fusions depuis 2018).",
                max_length=5,
                verbose_name="code INSEE actuel",
            ),
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
