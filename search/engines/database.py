"""The database engine: the same documents, facets and visibility, on the database's own
full-text search (PostgreSQL tsvector + GIN, SQLite FTS5; see search.engines.fulltext).

One statement answers a search: the match set (text, visibility) is computed once, and
the total, the page of results and every facet's disjunctive counts (each facet counted
under the OTHER facets' selections) are derived from it. Facet values and visibility are
"facet=value" terms on the document row.
"""

import json
import re
import unicodedata
from contextlib import nullcontext

from django.db import connection, transaction
from django.utils.html import escape

from search.documents import FACETS, facet_values
from search.engines.base import (
    Engine,
    FacetValue,
    SearchQuery,
    SearchResponse,
    SearchResult,
    about,
)
from search.engines.fulltext import TABLE, dialect
from search.normalize import fold_aligned, stem, surface_words
from search.query_terms import highlight_terms, query_units
from search.store import SearchDocument

VISIBILITY = "visibility"
EXCERPT_SIZE = 160
EXCERPT_SCAN = 20_000
RELATED_FIELDS = ("title", "url", "content_type_label")
# PostgreSQL ranks this many candidates on their full vector (more for a deep page).
RANKED_CANDIDATES = 200
# Above this many matches, facet values are counted on a sample of about this many
# (every n-th page id) and scaled; the response says that its counts are estimates.
FACET_SAMPLE = 2000


def term(facet: str, value: str) -> str:
    return f"{facet}={value}"


# --- writing ------------------------------------------------------------------------------


def _row(document: dict) -> dict:
    """The columns of a document's row (search.store.SearchDocument), as JSON values."""
    pairs = facet_values(document)
    return {
        "page_id": document["id"],
        "document": document,
        "terms": [term(f, value) for f, values in pairs.items() for value, _ in values]
        + [term(VISIBILITY, principal) for principal in document["visibility"]],
        "labelled_terms": [
            f"{term(f, value)}\u001f{label}"
            for f, values in pairs.items()
            for value, label in values
        ],
        "date": document.get("date") or None,
        "last_published_at": document["last_published_at"],
    }


def store_documents(documents: list[dict]) -> None:
    """Insert or replace documents and their full-text entries in bulk (one transaction)."""
    if not documents:
        return
    with transaction.atomic(), connection.cursor() as cursor:
        dialect().store(cursor, [_row(document) for document in documents])


def delete_documents(page_ids) -> None:
    page_ids = list(page_ids)
    with transaction.atomic():
        SearchDocument.objects.filter(page_id__in=page_ids).delete()
        with connection.cursor() as cursor:
            dialect().delete(cursor, page_ids)


# --- querying -----------------------------------------------------------------------------


def excerpt(text: str, terms: list[str], size: int = EXCERPT_SIZE) -> str | None:
    """An escaped excerpt around the first matching word, matches wrapped in <mark>."""
    if not text or not terms:
        return None
    text = unicodedata.normalize("NFC", text[:EXCERPT_SCAN])
    folded = fold_aligned(text)
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(t) for t in terms) + r")\w*")
    first = pattern.search(folded)
    if first is None:
        return None
    start = max(0, first.start() - size // 3)
    end = min(len(text), start + size)
    pieces, cursor = [], start
    for match in pattern.finditer(folded, start, end):
        pieces.append(escape(text[cursor : match.start()]))
        pieces.append(f"<mark>{escape(text[match.start() : match.end()])}</mark>")
        cursor = match.end()
    pieces.append(escape(text[cursor:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return prefix + "".join(pieces).strip() + suffix


def candidate_count(limit: int, offset: int) -> int:
    return max(RANKED_CANDIDATES, offset + limit)


def search_statement(units, principals, selections: dict, sort: str, limit: int, offset: int):
    """(SQL, params) of the one statement: rows ('total', NULL, n), ('step', NULL, facet
    sampling step), ('hit', document, rank of the hit) and ('facet', "facet=value<US>label",
    count)."""
    sql = dialect()
    visible, visible_params = sql.any_term("d", [term(VISIBILITY, p) for p in principals])
    relevance = sort == "relevance" and bool(units)
    if units:
        source, match, where_params, rank, rank_params = sql.match(units)
        where = f"{match} AND {visible}"
    else:
        source, where, rank, rank_params, where_params = f"{TABLE} d", visible, "0", [], []
    selected = [facet for facet in FACETS if facet in selections]
    # {facet: (SQL, params)}: does the row hold one of the facet's selected values?
    passes = {
        facet: sql.any_term("d", [term(facet, v) for v in selections[facet]]) for facet in selected
    }
    flags = [f"{passes[facet][0]} AS ok_{facet}" for facet in selected]
    flag_params = [param for facet in selected for param in passes[facet][1]]
    all_ok = " AND ".join(f"m.ok_{f}" for f in selected) or "1 = 1"
    order = "m.date DESC NULLS LAST, m.page_id"
    if relevance:
        order = "m.rank DESC, " + order
    # Disjunctive counts: a row passing every selection counts in every facet; a row
    # missing exactly one selection counts only in that facet (its `scope`, a LIKE
    # pattern on "facet=value" terms); a row missing two counts nowhere and is dropped.
    scope, near_miss = "'%%'", "1 = 1"
    if selected:
        misses = " ".join(f"WHEN NOT m.ok_{f} THEN '{f}=%%'" for f in selected)
        scope = f"CASE {misses} ELSE '%%' END"
        passed = " + ".join(f"CASE WHEN m.ok_{f} THEN 1 ELSE 0 END" for f in selected)
        near_miss = f"{passed} >= {len(selected) - 1}"
    prefilter, prefilter_params = "", []
    if len(selected) >= 2 and sql.terms_indexed:
        # The same pruning, said so that the terms index finds those rows (a BitmapOr of
        # BitmapAnds): with most pages matching the text, the scan halves.
        clauses = []
        for missed in selected:
            others = [facet for facet in selected if facet != missed]
            clauses.append("(" + " AND ".join(passes[facet][0] for facet in others) + ")")
            prefilter_params += [param for facet in others for param in passes[facet][1]]
        prefilter = " AND (" + " OR ".join(clauses) + ")"
    select_flags = "".join(f", {flag}" for flag in flags)
    # Ranking: SQLite's bm25 comes with the match; PostgreSQL ranks every match on its
    # small head vector (title, summary) and the full vector of the best candidates only.
    late_rank = sql.rank_after_selection and relevance
    matched_rank, matched_params, candidates = "0", [], "SELECT * FROM selected"
    if not sql.rank_after_selection:
        matched_rank, matched_params = rank, rank_params
    elif late_rank:
        matched_rank, matched_params = sql.candidate_rank(units)
        candidates = (
            "SELECT m.page_id, m.date FROM selected m "
            "ORDER BY m.rank DESC, m.date DESC NULLS LAST, m.page_id LIMIT %s"
        )
    ranked = "SELECT m.page_id, m.date, m.rank FROM candidates m"
    if late_rank:
        ranked = (
            f"SELECT m.page_id, m.date, {rank} AS rank "  # noqa: S608
            f"FROM candidates m JOIN {TABLE} d ON d.page_id = m.page_id"
        )
    # The labelled terms are read only for the rows that the facets count (every step-th),
    # not carried with every match: at 91,394 matches they spilled 33 MB to temporary files.
    statement = f"""
        WITH matched AS (
            SELECT m.*, {scope} AS scope FROM (
                SELECT d.page_id, d.date, {matched_rank} AS rank{select_flags}
                FROM {source} WHERE {where}{prefilter}
            ) m WHERE {near_miss}
        ),
        selected AS (SELECT m.page_id, m.date, m.rank FROM matched m WHERE {all_ok}),
        candidates AS ({candidates}),
        ranked AS ({ranked}),
        hits AS (
            SELECT m.page_id, ROW_NUMBER() OVER (ORDER BY {order}) AS n
            FROM ranked m ORDER BY {order} LIMIT %s OFFSET %s
        ),
        sampling AS (
            SELECT CASE WHEN COUNT(*) > {FACET_SAMPLE}
                THEN (COUNT(*) + {FACET_SAMPLE - 1}) / {FACET_SAMPLE} ELSE 1 END AS step
            FROM matched
        )
        SELECT 'total', NULL, COUNT(*) FROM selected
        UNION ALL
        SELECT 'step', NULL, step FROM sampling
        UNION ALL
        SELECT 'hit', CAST(d.document AS TEXT), h.n
        FROM hits h JOIN {TABLE} d ON d.page_id = h.page_id
        UNION ALL
        SELECT 'facet', t.value, COUNT(*) * s.step
        FROM matched m CROSS JOIN sampling s JOIN {TABLE} f ON f.page_id = m.page_id
        {sql.unnest_terms.format(column="f.labelled_terms")}
        WHERE t.value LIKE m.scope AND m.page_id %% s.step = 0 GROUP BY t.value, s.step
    """  # noqa: S608 - identifiers come from constants; every value is a parameter
    params = [
        *matched_params,
        *flag_params,
        *where_params,
        *visible_params,
        *prefilter_params,
        *([candidate_count(limit, offset)] if late_rank else []),
        *(rank_params if late_rank else []),
        limit,
        offset,
    ]
    return statement, params


def _run(statement, params) -> list:
    """The rows of the search statement. On PostgreSQL, in a transaction of its own that
    turns sequential scans off (see PostgresFullText.prefer_index); on SQLite, outside any
    transaction: the portal's SQLite transactions take the write lock at once, and
    concurrent searches would wait on each other ("database is locked")."""
    prefer_index = dialect().prefer_index
    with transaction.atomic() if prefer_index else nullcontext(), connection.cursor() as cursor:
        if prefer_index:
            cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(statement, params)
        return cursor.fetchall()


class DatabaseEngine(Engine):
    name = "database"

    def search(self, query: SearchQuery, principals) -> SearchResponse:
        units = query_units(query.q)
        statement, params = search_statement(
            units, principals, query.filters, query.sort, query.page_size, query.offset
        )
        rows = _run(statement, params)
        total, step, hits, counts = 0, 1, [], {facet: [] for facet in FACETS}
        for kind, text, number in rows:
            if kind == "total":
                total = number
            elif kind == "step":
                step = number
            elif kind == "hit":
                hits.append((number, json.loads(text)))
            else:
                facet_value, _, label = text.partition("\u001f")
                facet, _, value = facet_value.partition("=")
                counts[facet].append(
                    FacetValue(value, label or value, about(number) if step > 1 else number)
                )
        terms = highlight_terms(units)
        results = [
            SearchResult.from_document(document, self._highlight(document, terms))
            for _, document in sorted(hits, key=lambda hit: hit[0])
        ]
        return self.respond(query, total, results, counts, estimated=step > 1)

    @staticmethod
    def _highlight(document, terms) -> list[str]:
        fragments = []
        for field in ("summary", "body", "attachments_text"):
            fragment = excerpt(document.get(field, ""), terms)
            if fragment:
                fragments.append(fragment)
            if len(fragments) == 2:
                break
        return fragments

    def suggest(self, q: str, principals, limit: int = 8) -> list[dict]:
        prefix_words = [stem(word) for word in surface_words(q)[:10]]
        if not prefix_words:
            return []
        sql = dialect()
        source, match, params = sql.title_prefix(prefix_words)
        visible, visible_params = sql.any_term("d", [term(VISIBILITY, p) for p in principals])
        statement = (
            f"SELECT CAST(d.document AS TEXT) FROM {source} WHERE {match} AND {visible} "  # noqa: S608
            "ORDER BY d.date DESC NULLS LAST, d.page_id LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(statement, [*params, *visible_params, limit])
            documents = [json.loads(row[0]) for row in cursor.fetchall()]
        return [{"title": d["title"], "url": d["url"]} for d in documents]

    def related(self, page_id: int, terms, principals, limit: int = 4) -> list[dict]:
        """Visible documents sharing the most weighted terms with the page, in one query.

        `terms`: [(facet, value, weight)] of the page (see service.related_terms).
        """
        if not terms:
            return []
        sql = dialect()
        weights = {term(facet, value): weight for facet, value, weight in terms}
        visible, visible_params = sql.any_term("d", [term(VISIBILITY, p) for p in principals])
        cases = " ".join("WHEN %s THEN %s" for _ in weights)
        case_params = [item for pair in weights.items() for item in pair]
        statement = f"""
            SELECT d.page_id, CAST(d.document AS TEXT),
                SUM(CASE t.value {cases} ELSE 0 END) AS score, MAX(d.date) AS date
            FROM {TABLE} d {sql.unnest_terms.format(column="d.terms")}
            WHERE {visible} AND d.page_id <> %s AND t.value IN ({", ".join(["%s"] * len(weights))})
            GROUP BY d.page_id ORDER BY score DESC, date DESC NULLS LAST, d.page_id LIMIT %s
        """  # noqa: S608
        params = [*case_params, *visible_params, page_id, *weights, limit]
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
            documents = [json.loads(row[1]) for row in cursor.fetchall()]
        return [{name: document.get(name, "") for name in RELATED_FIELDS} for document in documents]
