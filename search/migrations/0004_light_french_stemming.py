"""PostgreSQL full-text on light stemming (plurals only), as the SQLite index and
Elasticsearch's `light_french`: Snowball's French stemmer merged « valorisables » with
« valorisation » and « recyclage » with « recycler », which the relevance set does not
need and which made a query match most of the corpus (search/relevance/set.yaml,
bench/search_latency.py). The stored vectors are recomputed in place."""

from django.db import migrations

CONFIG = "portal_french_light"
# The words as search.normalize.stem leaves them: lower case, no accents, a final s or x
# dropped from words of four letters or more.
TEXT_FUNCTION = r"""
    CREATE OR REPLACE FUNCTION portal_french_light_text(text) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT regexp_replace(lower(unaccent($1)), '([a-z0-9]{3,})[sx]\M', '\1', 'g') $$
"""
# lz4 compresses the stored documents and vectors at twice pglz's speed (a rebuild's
# PostgreSQL time) for the same size; a server built without lz4 keeps pglz.
LZ4 = """DO $$ BEGIN
    ALTER TABLE search_searchdocument
        ALTER COLUMN document SET COMPRESSION lz4,
        ALTER COLUMN search_vector SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN NULL;
END $$"""
SETUP = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    TEXT_FUNCTION,
    """DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_dict WHERE dictname = 'portal_french_stop') THEN
            CREATE TEXT SEARCH DICTIONARY portal_french_stop
                (TEMPLATE = pg_catalog.simple, STOPWORDS = french);
        END IF;
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'portal_french_light') THEN
            CREATE TEXT SEARCH CONFIGURATION portal_french_light (COPY = simple);
            ALTER TEXT SEARCH CONFIGURATION portal_french_light
                ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
                WITH portal_french_stop;
        END IF;
    END $$""",
]
TEARDOWN = [
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS portal_french_light",
    "DROP TEXT SEARCH DICTIONARY IF EXISTS portal_french_stop",
    "DROP FUNCTION IF EXISTS portal_french_light_text(text)",
]
# search.engines.fulltext at the time of this migration, frozen.
FIELDS_BY_WEIGHT = {"A": ("title",), "B": ("summary",), "C": ("body", "attachments_text")}


def _vector_sql(config: str, prepare: str) -> str:
    """The weighted vector of a stored document; `prepare` wraps each text ("{}")."""
    parts = []
    for weight, names in FIELDS_BY_WEIGHT.items():
        text = " || ' ' || ".join(f"coalesce(document->>'{name}', '')" for name in names)
        prepared = prepare.format(f"left({text}, 400000)")
        parts.append(f"setweight(to_tsvector('{config}', {prepared}), '{weight}')")
    return " || ".join(parts)


def _recompute(config: str, prepare: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(
                f"UPDATE search_searchdocument SET search_vector = {_vector_sql(config, prepare)}"  # noqa: S608
            )

    return run


def _statements(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0003_fulltext_search_documents")]

    operations = [
        migrations.RunPython(_statements(SETUP), _statements(TEARDOWN)),
        migrations.RunPython(
            _recompute(CONFIG, "portal_french_light_text({})"),
            _recompute("portal_french", "{}"),
        ),
    ]
