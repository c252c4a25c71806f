"""The database engine: the same documents, facets and visibility, on the database's own
full-text search (PostgreSQL tsvector + GIN, SQLite FTS5; see search.engines.fulltext).

One statement answers a search: the match set (text, visibility) is computed once, and
the total, the page of results and every facet's disjunctive counts (each facet counted
under the OTHER facets' selections) are derived from it. Facet values and visibility are
"facet=value" terms on the document row.
"""

import json
import re

from django.db import connection, transaction
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.html import escape

from search.documents import FACETS, facet_values
from search.engines.base import (
    Engine,
    FacetValue,
    SearchQuery,
    SearchResponse,
    SearchResult,
    pages_for,
    sort_facet_values,
)
from search.engines.fulltext import TABLE, dialect
from search.normalize import fold, stem, surface_words
from search.query_terms import highlight_terms, query_units
from search.store import SearchDocument

VISIBILITY = "visibility"
EXCERPT_SIZE = 160
EXCERPT_SCAN = 20_000
RELATED_FIELDS = ("title", "url", "content_type_label")


def term(facet: str, value: str) -> str:
    return f"{facet}={value}"


# --- writing ------------------------------------------------------------------------------


def _row(document: dict) -> SearchDocument:
    pairs = facet_values(document)
    return SearchDocument(
        page_id=document["id"],
        document=document,
        terms=[term(f, value) for f, values in pairs.items() for value, _ in values]
        + [term(VISIBILITY, principal) for principal in document["visibility"]],
        labelled_terms=[
            f"{term(f, value)}\u001f{label}"
            for f, values in pairs.items()
            for value, label in values
        ],
        date=parse_date(document["date"]) if document.get("date") else None,
        last_published_at=parse_datetime(document["last_published_at"]),
    )


UPSERT_FIELDS = ["document", "terms", "labelled_terms", "date", "last_published_at", "indexed_at"]


def store_documents(documents: list[dict]) -> None:
    """Insert or replace documents and their full-text entries in bulk (one transaction)."""
    if not documents:
        return
    with transaction.atomic():
        SearchDocument.objects.bulk_create(
            [_row(document) for document in documents],
            update_conflicts=True,
            unique_fields=["page_id"],
            update_fields=UPSERT_FIELDS,
        )
        with connection.cursor() as cursor:
            dialect().write(cursor, documents)


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
    text = text[:EXCERPT_SCAN]
    folded = "".join((fold(char) or char)[0] for char in text)
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


def search_statement(units, principals, selections: dict, sort: str, limit: int, offset: int):
    """(SQL, params) of the one statement: rows ('total', NULL, n), ('hit', document, rank
    of the hit) and ('facet', "facet=value<US>label", count)."""
    sql = dialect()
    visible, visible_params = sql.any_term("d.terms", [term(VISIBILITY, p) for p in principals])
    if units:
        source, match, where_params, rank, rank_params = sql.match(units)
        where = f"{match} AND {visible}"
    else:
        source, where, rank, rank_params, where_params = f"{TABLE} d", visible, "0", [], []
    flags, flag_params = [], []
    for facet in FACETS:
        if facet in selections:
            clause, params = sql.any_term("d.terms", [term(facet, v) for v in selections[facet]])
            flags.append(f"{clause} AS ok_{facet}")
            flag_params += params
    selected = [facet for facet in FACETS if facet in selections]
    all_ok = " AND ".join(f"m.ok_{f}" for f in selected) or "1 = 1"
    order = "m.date DESC NULLS LAST, m.page_id"
    if sort == "relevance" and units:
        order = "m.rank DESC, " + order
    disjunctive = "1 = 1"
    if selected:
        cases = " ".join(
            f"WHEN '{facet}' THEN ("
            + (" AND ".join(f"m.ok_{f}" for f in selected if f != facet) or "1 = 1")
            + ")"
            for facet in selected
        )
        disjunctive = f"CASE {sql.facet_name('t.value')} {cases} ELSE ({all_ok}) END"
    select_flags = "".join(f", {flag}" for flag in flags)
    statement = f"""
        WITH matched AS (
            SELECT d.page_id, d.date, d.labelled_terms, {rank} AS rank{select_flags}
            FROM {source} WHERE {where}
        ),
        selected AS (SELECT m.page_id, m.date, m.rank FROM matched m WHERE {all_ok}),
        hits AS (
            SELECT m.page_id, ROW_NUMBER() OVER (ORDER BY {order}) AS n
            FROM selected m ORDER BY {order} LIMIT %s OFFSET %s
        )
        SELECT 'total', NULL, COUNT(*) FROM selected
        UNION ALL
        SELECT 'hit', CAST(d.document AS TEXT), h.n
        FROM hits h JOIN {TABLE} d ON d.page_id = h.page_id
        UNION ALL
        SELECT 'facet', t.value, COUNT(*)
        FROM matched m {sql.unnest_terms.format(column="m.labelled_terms")}
        WHERE {disjunctive} GROUP BY t.value
    """  # noqa: S608 - identifiers come from constants; every value is a parameter
    params = [*rank_params, *flag_params, *where_params, *visible_params, limit, offset]
    return statement, params


class DatabaseEngine(Engine):
    name = "database"

    def search(self, query: SearchQuery, principals) -> SearchResponse:
        units = query_units(query.q)
        statement, params = search_statement(
            units, principals, query.filters, query.sort, query.page_size, query.offset
        )
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
            rows = cursor.fetchall()
        total, hits, counts = 0, [], {facet: [] for facet in FACETS}
        for kind, text, number in rows:
            if kind == "total":
                total = number
            elif kind == "hit":
                hits.append((number, json.loads(text)))
            else:
                facet_value, _, label = text.partition("\u001f")
                facet, _, value = facet_value.partition("=")
                counts[facet].append(FacetValue(value, label or value, number))
        terms = highlight_terms(units)
        results = [
            SearchResult.from_document(document, self._highlight(document, terms))
            for _, document in sorted(hits, key=lambda hit: hit[0])
        ]
        facets = {
            facet: sort_facet_values(facet, counts[facet], query.selected(facet))
            for facet in FACETS
        }
        return SearchResponse(
            query=query.q,
            engine=self.name,
            total=total,
            page=query.page,
            pages=pages_for(total, query.page_size),
            results=results,
            facets=facets,
            suggestion=None,
        )

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
        prefix_words = surface_words(q)[:10]
        if not prefix_words:
            return []
        sql = dialect()
        if sql.vendor == "sqlite":
            prefix_words = [stem(word) for word in prefix_words]
        source, match, params = sql.title_prefix(prefix_words)
        visible, visible_params = sql.any_term("d.terms", [term(VISIBILITY, p) for p in principals])
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
        visible, visible_params = sql.any_term("d.terms", [term(VISIBILITY, p) for p in principals])
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
