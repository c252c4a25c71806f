"""What people look for: an anonymous, aggregated log of the searches.

Nothing personal is kept: no user, no IP address, no session, no time of day. One row per
(day, normalised query, facets) counts its searches in `hits`, incremented in the
database (F()), so the table stays small. Logging never breaks a search.
"""

import hashlib
import json
import logging

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from search.store import SearchQueryLog

logger = logging.getLogger(__name__)

MAX_QUERY_CHARS = 200


def normalise_query(q: str) -> str:
    """Lowercased, whitespace collapsed, at most 200 characters."""
    return " ".join((q or "").lower().split())[:MAX_QUERY_CHARS]


def canonical_facets(filters: dict) -> dict[str, list[str]]:
    """The selected facet values, sorted, so that the same selection gives the same row."""
    return {facet: sorted(set(values)) for facet, values in sorted(filters.items()) if values}


def facets_hash(facets: dict) -> str:
    payload = json.dumps(facets, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def record(q: str, filters: dict, results: int, engine: str, day=None) -> None:
    """Count one search in its row of the day (created on the day's first search)."""
    query = normalise_query(q)
    facets = canonical_facets(filters)
    key = {
        "day": day or timezone.localdate(),
        "query": query,
        "facets_hash": facets_hash(facets),
    }
    changes = {"hits": F("hits") + 1, "results": results, "engine": engine}
    with transaction.atomic():
        if SearchQueryLog.objects.filter(**key).update(**changes):
            return
        try:
            with transaction.atomic():
                SearchQueryLog.objects.create(
                    **key, facets=facets, results=results, engine=engine, hits=1
                )
        except IntegrityError:
            # Another request created the row in between: count this search in it.
            SearchQueryLog.objects.filter(**key).update(**changes)


def log_search(query, response, requested_page: int | None = None) -> None:
    """Log a visitor's search (first page of a query or a filter only); never raises.

    `requested_page` is the page asked for, before the service brings it within range.
    """
    page = query.page if requested_page is None else requested_page
    if page != 1 or not (query.q.strip() or query.filters):
        return
    try:
        record(query.q, query.filters, response.total, response.engine)
    except Exception:
        logger.exception("Could not log a search query")
