"""The two SQL dialects of the database engine's full-text search.

PostgreSQL: a weighted tsvector on the document row (GIN), the `portal_french_light`
configuration (French stop words) over the text as `portal_french_light_text` prepares it
(lower case, no accents, plurals stemmed as search.normalize.stem does), `ts_rank`; facet
terms as a jsonb array (GIN, `?|`). SQLite: the FTS5 table `search_fulltext` (unicode61
tokenizer, diacritics removed) holding the text as search.normalize folds it, `bm25`; facet
and visibility terms in the table `search_term` (term, page id). Both stem plurals only,
as Elasticsearch's `light_french`. Both build their query from the plain words of
`search.query_terms.query_units` (an alternative matches when all its words do, adjacent
or not, as Elasticsearch's `cross_fields` without synonym phrases): no user input reaches
either as query syntax.
"""

import orjson
from django.db import connection
from django.utils.dateparse import parse_date, parse_datetime
from psycopg.types.json import Jsonb

from search.documents import WEIGHT_BOOSTS, WEIGHTED_TEXT
from search.normalize import normalize, words
from search.store import SearchDocument

TABLE = "search_searchdocument"
FTS_TABLE = "search_fulltext"
# SQLite: one row per (facet or visibility term, page), its key led by the term
# (search/migrations/0007): a search tests a row's terms by key instead of parsing its JSON.
TERMS_TABLE = "search_term"
CONFIG = "portal_french_light"
# search/migrations/0004_light_french_stemming.py
PREPARE = "portal_french_light_text"
# The columns of a stored document besides its key and timestamps (search.store).
STORED_COLUMNS = ("document", "terms", "labelled_terms", "date", "last_published_at")
# The weights of the head vector (title, summary): see PostgresFullText.candidates.
HEAD_WEIGHTS = ("A", "B")
# A tsvector holds at most 1 MB: a long attachment is indexed up to this many characters.
MAX_TEXT = 400_000


def _weighted_text(document: dict, names) -> str:
    return " ".join(document.get(name) or "" for name in names)[:MAX_TEXT]


def _placeholders(values) -> str:
    return ", ".join(["%s"] * len(values))


class PostgresFullText:
    vendor = "postgresql"
    # ts_rank reads the whole vector (out of line, compressed): rank only a bounded set of
    # candidates, the matches whose title and summary rank best (`candidate_rank`).
    rank_after_selection = True
    # A search sets `enable_seqscan` off for its transaction: with a common word the
    # planner would read every row's vector to test the match, where the GIN index answers
    # plain-word queries without reading a single vector.
    prefer_index = True
    # Facet terms have a GIN index (`?|` can use it).
    terms_indexed = True
    unnest_terms = "CROSS JOIN LATERAL jsonb_array_elements_text({column}) AS t(value)"

    def store(self, cursor, rows: list[dict]) -> None:
        """Upsert the rows in one statement that also computes their weighted tsvector
        (the rows travel as one JSON array: no per-row work in Python). A row whose
        document is unchanged is left as it is: no text analysis, no new row version."""
        weighted = {
            weight: f"setweight(to_tsvector('{CONFIG}', {PREPARE}(left("
            + " || ' ' || ".join(f"coalesce(r.document->>'{name}', '')" for name in names)
            + f", {MAX_TEXT}))), '{weight}')"
            for weight, names in WEIGHTED_TEXT.items()
        }
        vector = " || ".join(weighted.values())
        head = " || ".join(weighted[weight] for weight in HEAD_WEIGHTS)
        updated = ", ".join(
            f"{column} = EXCLUDED.{column}"
            for column in (*STORED_COLUMNS, "indexed_at", "search_vector", "head_vector")
        )
        cursor.execute(
            f"INSERT INTO {TABLE} (page_id, {', '.join(STORED_COLUMNS)}, indexed_at, "  # noqa: S608
            f"search_vector, head_vector) SELECT r.page_id, "
            f"{', '.join(f'r.{c}' for c in STORED_COLUMNS)}, now(), {vector}, {head} "
            f"FROM jsonb_to_recordset(%s::jsonb) AS r(page_id integer, "
            "document jsonb, terms jsonb, labelled_terms jsonb, date date, "
            "last_published_at timestamptz) "
            f"LEFT JOIN {TABLE} stored ON stored.page_id = r.page_id "
            "WHERE stored.head_vector IS NULL OR stored.document IS DISTINCT FROM r.document "
            f"ON CONFLICT (page_id) DO UPDATE SET {updated}",
            [Jsonb(rows, dumps=orjson.dumps)],
        )

    def delete(self, cursor, page_ids) -> None:
        """The vector lives on the document row: deleting the row is enough."""

    def __init__(self):
        self._queries = {}

    def _tsquery(self, units):
        """("%s::tsquery", [its text]): PostgreSQL turns the units into a tsquery once, in
        its own statement; written into the search, the expression (unaccent, regexps,
        to_tsquery per alternative) would run again for every row it ranks."""
        key = tuple(units)
        if key not in self._queries:
            expression = " && ".join(
                "(" + " || ".join(f"plainto_tsquery('{CONFIG}', {PREPARE}(%s))" for _ in unit) + ")"
                for unit in units
            )
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT CAST({expression} AS text)",  # noqa: S608
                    [phrase for unit in units for phrase in unit],
                )
                self._queries[key] = cursor.fetchone()[0]
        return "%s::tsquery", [self._queries[key]]

    def match(self, units):
        """(FROM, WHERE, its params, rank expression, its params)."""
        query, params = self._tsquery(units)
        # Normalisation 2 (rank / document length): chosen on the relevance set among
        # 20,000 generated pages (hits@3 0.78 without, 0.92 with, under Snowball stemming;
        # 0.95 among 100,000 with light stemming; bench/search_latency.py).
        rank = f"ts_rank(d.search_vector, {query}, 2)"
        return f"{TABLE} d", f"d.search_vector @@ ({query})", params, rank, params

    def candidate_rank(self, units):
        """(expression, params): the match's rank on the small head vector alone."""
        query, params = self._tsquery(units)
        return f"ts_rank(d.head_vector, {query})", params

    def title_prefix(self, prefix_words):
        """(FROM, WHERE, params): titles holding every word, the last one as a prefix."""
        terms = [f"{word}:A" for word in prefix_words[:-1]] + [f"{prefix_words[-1]}:*A"]
        return f"{TABLE} d", f"d.search_vector @@ to_tsquery('{CONFIG}', %s)", [" & ".join(terms)]

    def any_term(self, row, values):
        """(condition, params): the row `row` holds one of the terms (GIN on `terms`)."""
        return f"{row}.terms ?| %s::text[]", [list(values)]


class SqliteFullText:
    vendor = "sqlite"
    # bm25() is only defined inside the MATCH query.
    rank_after_selection = False
    prefer_index = False
    terms_indexed = False
    unnest_terms = "CROSS JOIN json_each({column}) AS t"

    def store(self, cursor, rows: list[dict]) -> None:
        """Upsert the rows, then replace their FTS5 entries."""
        SearchDocument.objects.bulk_create(
            [
                SearchDocument(
                    **{
                        **row,
                        "date": parse_date(row["date"]) if row["date"] else None,
                        "last_published_at": parse_datetime(row["last_published_at"]),
                    }
                )
                for row in rows
            ],
            update_conflicts=True,
            unique_fields=["page_id"],
            update_fields=[*STORED_COLUMNS, "indexed_at"],
        )
        self.delete(cursor, [row["page_id"] for row in rows])
        entries = [
            [row["page_id"]]
            + [
                normalize(_weighted_text(row["document"], names))
                for names in WEIGHTED_TEXT.values()
            ]
            for row in rows
        ]
        cursor.executemany(
            f"INSERT INTO {FTS_TABLE} (rowid, title, summary, body) VALUES (%s, %s, %s, %s)",  # noqa: S608
            entries,
        )
        cursor.executemany(
            f"INSERT OR IGNORE INTO {TERMS_TABLE} (term, page_id) VALUES (%s, %s)",  # noqa: S608
            [(value, row["page_id"]) for row in rows for value in row["terms"]],
        )

    def delete(self, cursor, page_ids) -> None:
        page_ids = list(page_ids)
        if page_ids:
            for table, key in ((FTS_TABLE, "rowid"), (TERMS_TABLE, "page_id")):
                cursor.execute(
                    f"DELETE FROM {table} WHERE {key} IN ({_placeholders(page_ids)})",  # noqa: S608
                    page_ids,
                )

    @staticmethod
    def _phrase(text):
        """Every word of the alternative, anywhere (as `plainto_tsquery`)."""
        return "(" + " AND ".join(f'"{word}"' for word in words(text)) + ")"

    def _fts_query(self, units):
        clauses = []
        for unit in units:
            phrases = [self._phrase(phrase) for phrase in unit if words(phrase)]
            if phrases:
                clauses.append("(" + " OR ".join(dict.fromkeys(phrases)) + ")")
        return " AND ".join(clauses) or '""'  # an empty phrase matches nothing

    def match(self, units):
        weights = ", ".join(str(float(WEIGHT_BOOSTS[weight])) for weight in WEIGHTED_TEXT)
        return (
            f"{FTS_TABLE} JOIN {TABLE} d ON d.page_id = {FTS_TABLE}.rowid",
            f"{FTS_TABLE} MATCH %s",
            [self._fts_query(units)],
            f"-bm25({FTS_TABLE}, {weights})",
            [],
        )

    def title_prefix(self, prefix_words):
        terms = [f'title : "{word}"' for word in prefix_words[:-1]]
        terms.append(f'title : "{prefix_words[-1]}" *')
        return (
            f"{FTS_TABLE} JOIN {TABLE} d ON d.page_id = {FTS_TABLE}.rowid",
            f"{FTS_TABLE} MATCH %s",
            [" AND ".join(terms)],
        )

    def any_term(self, row, values):
        """The row's page among the pages holding one of the terms: SQLite builds that set
        once per statement from the terms table's key."""
        values = list(values)
        pages = f"SELECT page_id FROM {TERMS_TABLE} WHERE term IN ({_placeholders(values)})"  # noqa: S608
        return f"{row}.page_id IN ({pages})", values


def dialect():
    return PostgresFullText() if connection.vendor == "postgresql" else SqliteFullText()
