"""SQLite: the facet and visibility terms of each stored document in a table keyed by term
(`search_term`), filled from the stored rows. A search tested each row by parsing its JSON
terms with `json_each`, the largest cost of a search on a large match set (10,031 pages,
facets alone 135 → 52 ms p95; docs/deployment.md). PostgreSQL has a GIN index on the JSON terms
(migration 0003): nothing to do there."""

from django.db import migrations

SETUP = [
    "CREATE TABLE search_term (term text NOT NULL, page_id integer NOT NULL, "
    "PRIMARY KEY (term, page_id)) WITHOUT ROWID",
    "CREATE INDEX search_term_page ON search_term (page_id)",
    "INSERT OR IGNORE INTO search_term (term, page_id) "
    "SELECT t.value, d.page_id FROM search_searchdocument d, json_each(d.terms) t",
]
TEARDOWN = ["DROP TABLE IF EXISTS search_term"]


def _on_sqlite(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0006_document_column_last")]

    operations = [migrations.RunPython(_on_sqlite(SETUP), _on_sqlite(TEARDOWN))]
