"""The head vector (title and summary, for ranking a bounded candidate set) and light
French stemming beyond plurals, as search.normalize.stem: infinitive (-er) and
feminine or past-participle (-e, -ee) endings go too, so « évité », « évitée », « évités »
and « évitées » meet, as they do in Elasticsearch's `light_french`. Derived words
(« valorisation », « valorisable ») stay apart. The stored vectors are recomputed in place;
a document indexed before this migration lacks only its type's name (`content_type_text`)
until the next `search_index rebuild`."""

import django.contrib.postgres.search
from django.db import migrations

# The rules of search.normalize.stem, in the same order, one regexp per rule.
TEXT_FUNCTION = r"""
    CREATE OR REPLACE FUNCTION portal_french_light_text(text) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT
        regexp_replace(regexp_replace(regexp_replace(regexp_replace(
            lower(unaccent($1)),
            '([a-z0-9]{3,})[sx]\M', '\1', 'g'),
            '([a-z0-9]{4,})er\M', '\1', 'g'),
            '([a-z0-9]{3,})e\M', '\1', 'g'),
            '([a-z0-9]{3,})e\M', '\1', 'g')
    $$
"""
PLURALS_ONLY = r"""
    CREATE OR REPLACE FUNCTION portal_french_light_text(text) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT regexp_replace(lower(unaccent($1)), '([a-z0-9]{3,})[sx]\M', '\1', 'g') $$
"""
# search.engines.fulltext at the time of this migration, frozen.
FIELDS_BY_WEIGHT = {
    "A": ("title",),
    "B": ("summary",),
    "C": ("body", "attachments_text", "content_type_text"),
}


def _vector_sql(weights=("A", "B", "C")) -> str:
    parts = []
    for weight in weights:
        names = FIELDS_BY_WEIGHT[weight]
        text = " || ' ' || ".join(f"coalesce(document->>'{name}', '')" for name in names)
        parts.append(
            "setweight(to_tsvector('portal_french_light', "
            f"portal_french_light_text(left({text}, 400000))), '{weight}')"
        )
    return " || ".join(parts)


def _apply(function_sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(function_sql)
            schema_editor.execute(
                f"UPDATE search_searchdocument SET search_vector = {_vector_sql()}, "  # noqa: S608
                f"head_vector = {_vector_sql(('A', 'B'))}"
            )

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0004_light_french_stemming")]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="head_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True, verbose_name="vecteur titre et résumé"
            ),
        ),
        migrations.RunPython(_apply(TEXT_FUNCTION), _apply(PLURALS_ONLY)),
    ]
