"""On SQLite, the stored document (about 5 KB of JSON, on overflow pages) becomes the row's
last column. SQLite reads a row's columns in order: with the document second, every search
walked its overflow pages to reach the visibility and facet terms behind it (10,031 pages:
a common word 88 → 75 ms, facets alone 92 → 68 ms; docs/deployment.md). PostgreSQL keeps
large values out of line (TOAST): nothing to do there.

The field moves last in the migration state too, so that a later table rebuild by Django
keeps the order."""

from django.db import migrations, models


def document_last(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    # Django's own SQLite table rebuild (new table in the state's column order, rows
    # copied, old table dropped, indexes recreated).
    schema_editor._remake_table(apps.get_model("search", "SearchDocument"))


class Migration(migrations.Migration):
    dependencies = [("search", "0005_light_french_inflections")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField("searchdocument", "document"),
                migrations.AddField(
                    "searchdocument", "document", models.JSONField(verbose_name="document")
                ),
            ]
        ),
        migrations.RunPython(document_last, migrations.RunPython.noop, elidable=True),
    ]
