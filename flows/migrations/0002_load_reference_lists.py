from django.db import migrations


def load(apps, schema_editor):
    from flows.reference import load_reference

    load_reference(
        apps.get_model("flows", "WasteCode"),
        apps.get_model("flows", "TreatmentOperation"),
        apps.get_model("flows", "Commune"),
    )


class Migration(migrations.Migration):
    dependencies = [("flows", "0001_register_and_synergies")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
