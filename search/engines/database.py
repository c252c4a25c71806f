"""The database engine: the same documents, facets and visibility, in plain portable SQL.

Every query word (normalised, accents folded, plural stripped, jargon synonyms expanded)
must appear in the text; results are ranked by where the words appear (title, summary,
elsewhere). Facet counts are SQL aggregations over `SearchFacetValue`, each facet
filtered by the other facets' selections only (disjunctive facets).
"""

import re
from functools import reduce
from operator import or_

from django.db import connection, transaction
from django.db.models import Case, Count, Exists, IntegerField, Max, OuterRef, Q, Sum, Value, When
from django.db.models.fields.json import KT
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
from search.models import SearchDocument, SearchFacetValue
from search.normalize import fold, normalize, synonym_map, words

VISIBILITY = "visibility"
EXCERPT_SIZE = 160
EXCERPT_SCAN = 20_000
RELATED_FIELDS = ("title", "url", "content_type_label")


# --- writing ------------------------------------------------------------------------------


def _rows(document: dict):
    doc = SearchDocument(
        page_id=document["id"],
        document=document,
        title=normalize(document["title"]),
        summary=normalize(document["summary"]),
        text=normalize(
            " ".join(
                [
                    document["title"],
                    document["summary"],
                    document["body"],
                    document["attachments_text"],
                ]
            )
        ),
        date=parse_date(document["date"]) if document.get("date") else None,
        last_published_at=parse_datetime(document["last_published_at"]),
    )
    page_id = document["id"]
    values = [
        (page_id, facet, value[:200], label[:200])
        for facet, pairs in facet_values(document).items()
        for value, label in pairs
    ]
    values += [(page_id, VISIBILITY, principal, principal) for principal in document["visibility"]]
    return doc, values


UPSERT_FIELDS = ["document", "title", "summary", "text", "date", "last_published_at", "indexed_at"]


def store_documents(documents: list[dict]) -> None:
    """Insert or replace documents in bulk (one transaction per batch)."""
    rows = [_rows(document) for document in documents]
    ids = [doc.page_id for doc, _ in rows]
    with transaction.atomic():
        # An upsert and a fast delete of the facet rows: deleting the documents themselves
        # would load each one (with its JSON) to cascade.
        SearchFacetValue.objects.filter(document_id__in=ids).delete()
        SearchDocument.objects.bulk_create(
            [doc for doc, _ in rows],
            update_conflicts=True,
            unique_fields=["page_id"],
            update_fields=UPSERT_FIELDS,
        )
        _insert_facet_values([value for _, values in rows for value in values])


def _insert_facet_values(values: list[tuple]) -> None:
    """(page id, facet, value, label) rows as plain parameterised inserts: about ten rows
    per document, which the ORM's bulk_create spent longer compiling than writing."""
    table = connection.ops.quote_name(SearchFacetValue._meta.db_table)
    sql = f"INSERT INTO {table} (document_id, facet, value, label) VALUES (%s, %s, %s, %s)"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, values)


def delete_documents(page_ids) -> None:
    SearchDocument.objects.filter(page_id__in=list(page_ids)).delete()


# --- querying -----------------------------------------------------------------------------


def _facet_exists(facet, values):
    return Exists(
        SearchFacetValue.objects.filter(document=OuterRef("pk"), facet=facet, value__in=values)
    )


def _word_condition(word: str) -> Q:
    alternatives = [word, *synonym_map().get(word, [])]
    return reduce(or_, (Q(text__contains=f" {term}") for term in alternatives))


def _score(query_words):
    def weight(field, word, points):
        return Case(
            When(**{f"{field}__contains": f" {word}"}, then=Value(points)),
            default=Value(0),
            output_field=IntegerField(),
        )

    parts = [weight("title", w, 3) + weight("summary", w, 2) for w in query_words]
    return reduce(lambda a, b: a + b, parts, Value(1, output_field=IntegerField()))


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


class DatabaseEngine(Engine):
    name = "database"

    def _base(self, query_words, principals):
        queryset = SearchDocument.objects.filter(_facet_exists(VISIBILITY, list(principals)))
        for word in query_words:
            queryset = queryset.filter(_word_condition(word))
        return queryset

    def search(self, query: SearchQuery, principals) -> SearchResponse:
        query_words = list(dict.fromkeys(words(query.q)))[:20]
        base = self._base(query_words, principals)
        selections = dict(query.filters)

        matched = base
        for facet, values in selections.items():
            matched = matched.filter(_facet_exists(facet, values))
        total = matched.count()

        if query.sort == "relevance" and query_words:
            ordered = matched.annotate(score=_score(query_words)).order_by(
                "-score", "-date", "page_id"
            )
        else:
            ordered = matched.order_by("-date", "page_id")
        documents = list(
            ordered.values_list("document", flat=True)[
                query.offset : query.offset + query.page_size
            ]
        )
        terms = [fold(word) for word in query_words]
        results = [
            SearchResult.from_document(document, self._highlight(document, terms))
            for document in documents
        ]
        facets = {
            facet: sort_facet_values(
                facet, self._facet_counts(base, facet, selections), query.selected(facet)
            )
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
    def _facet_counts(base, facet, selections) -> list[FacetValue]:
        scope = base
        for other, values in selections.items():
            if other != facet:
                scope = scope.filter(_facet_exists(other, values))
        rows = (
            SearchFacetValue.objects.filter(facet=facet, document__in=scope.values("pk"))
            .values("value")
            .annotate(count=Count("id"), label=Max("label"))
        )
        return [FacetValue(row["value"], row["label"], row["count"]) for row in rows]

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
        prefix = normalize(q).rstrip()
        if not prefix.strip():
            return []
        documents = (
            SearchDocument.objects.filter(_facet_exists(VISIBILITY, list(principals)))
            .filter(title__contains=prefix)
            .order_by("-date", "page_id")
            .values_list("document", flat=True)[:limit]
        )
        return [{"title": d["title"], "url": d["url"]} for d in documents]

    def related(self, page_id: int, terms, principals, limit: int = 4) -> list[dict]:
        """Visible documents sharing the most weighted terms with the page, in one query.

        `terms`: [(facet, value, weight)] of the page (see service.related_terms).
        """
        if not terms:
            return []
        shared = reduce(
            or_, (Q(facets__facet=facet, facets__value=value) for facet, value, _ in terms)
        )
        weights = {facet: weight for facet, _, weight in terms}
        score = Sum(
            Case(
                *(
                    When(facets__facet=facet, then=Value(weight))
                    for facet, weight in weights.items()
                ),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        documents = (
            SearchDocument.objects.filter(_facet_exists(VISIBILITY, list(principals)))
            .exclude(page_id=page_id)
            .filter(shared)
            .annotate(score=score)
            .order_by("-score", "-date", "page_id")
            .values_list(*(KT(f"document__{name}") for name in RELATED_FIELDS))[:limit]
        )
        return [dict(zip(RELATED_FIELDS, row, strict=True)) for row in documents]
