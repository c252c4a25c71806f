"""The one public search service: every caller (views, API, other apps) goes through it.

Other apps import nothing else of `search/` (an import-linter contract in pyproject.toml):
what they need beyond `search()` is offered here, the query type and its parsing, the
facets, and the text normalisation the index uses (folding, words, synonyms) so that an
app compares text exactly as the search does.
"""

import logging

from django.conf import settings
from django.contrib.auth.models import Group
from elastic_transport import TransportError
from elasticsearch import ApiError
from wagtail.models import Page

from portal.search_protocol import SOURCE_ID_BASE, is_knowledge_page
from search import breaker
from search.documents import (
    FACET_LABELS,
    FACETS,
    LOGIN,
    PUBLIC,
    build_document,
    french_search_analyzer,
    french_text,
    group_principal,
    replica_settings,
)
from search.engines.base import SearchQuery, SearchResponse
from search.engines.database import DatabaseEngine, delete_documents, store_documents
from search.engines.elasticsearch import (
    ElasticsearchEngine,
    cluster_health,
    delete_document,
    index_document,
    indexing_client,
    visitor_client,
)
from search.normalize import STOP_WORDS, fold, normalize, stem, surface_words, words
from search.params import parse, querystring
from search.query_terms import synonym_groups
from search.sources import source_document
from search.store import SearchDocument

# offered to the other apps (see the module's docstring)
__all__ = [
    "STOP_WORDS",
    "FACETS",
    "FACET_LABELS",
    "SearchQuery",
    "fold",
    "french_search_analyzer",
    "french_text",
    "replica_settings",
    "normalize",
    "parse",
    "querystring",
    "search",
    "stem",
    "surface_words",
    "synonym_groups",
    "words",
]

logger = logging.getLogger(__name__)

ENGINE_ERRORS = (TransportError, ApiError, ConnectionError, TimeoutError)


def elasticsearch_configured() -> bool:
    return bool(settings.ELASTICSEARCH_URL)


def elasticsearch_available() -> bool:
    """Configured, and not skipped after a recent failure (the circuit breaker): for apps
    keeping an index of their own (flows) that fall back to the database likewise."""
    return elasticsearch_configured() and not breaker.is_open()


def elasticsearch_failed(error) -> None:
    """Record an Elasticsearch failure: the breaker opens and callers fall back a while."""
    logger.warning("Elasticsearch unavailable, falling back to the database: %s", error)
    breaker.record_failure()


def elasticsearch_client(visitor: bool = True):
    """The shared client: a visitor's (short timeout, no retry) or the indexing one."""
    return visitor_client() if visitor else indexing_client()


def active_engine():
    """The engine a visitor's query goes to; the database engine when ES is out of order."""
    if elasticsearch_configured() and not breaker.is_open():
        return ElasticsearchEngine()
    return DatabaseEngine()


def engine_health() -> dict:
    if not elasticsearch_configured():
        return {"status": "ok", "engine": "database"}

    status, nodes = cluster_health()
    healthy = status in ("green", "yellow")
    return {
        "status": "ok" if healthy else "degraded",
        "engine": "elasticsearch",
        "cluster": status,
        "nodes": nodes,
        "fallback": "database" if not healthy else None,
    }


def principals_for(user) -> list[str]:
    """What a user may see: public pages, plus logged-in and group-restricted ones."""
    principals = [PUBLIC]
    if user is not None and user.is_authenticated:
        principals.append(LOGIN)
        groups = Group.objects.all() if user.is_superuser else user.groups.all()
        principals.extend(group_principal(pk) for pk in groups.values_list("pk", flat=True))
    return principals


def _run(method: str, *args):
    """Call the active engine; on an Elasticsearch failure, trip the breaker and fall back."""
    engine = active_engine()
    degraded = elasticsearch_configured() and engine.name == "database"
    if engine.name != "database":
        try:
            return getattr(engine, method)(*args), False
        except ENGINE_ERRORS as error:
            elasticsearch_failed(error)
            engine, degraded = DatabaseEngine(), True
    return getattr(engine, method)(*args), degraded


def search(query: SearchQuery, user=None) -> SearchResponse:
    principals = principals_for(user)
    response, degraded = _run("search", query, principals)
    if response.pages and query.page > response.pages:
        query.page = response.pages
        response, degraded = _run("search", query, principals)
    response.degraded = degraded
    return response


def suggest(q: str, user=None, limit: int = 8) -> list[dict]:
    q = (q or "").strip()[:100]
    if len(q) < 2:
        return []
    suggestions, _ = _run("suggest", q, principals_for(user), limit)
    return suggestions


# Shared terms that make two pages related, and what each shared value weighs.
RELATED_WEIGHTS = {"tag": 3, "theme": 2, "territory": 1}


def related_terms(page_id: int) -> list[tuple[str, str, int]]:
    """[(facet, value, weight)] of the page's indexed document (its tags, themes and
    territories); empty when the page is not indexed (a draft, an unpublished page)."""
    terms = SearchDocument.objects.filter(page_id=page_id).values_list("terms", flat=True).first()
    pairs = (term.partition("=")[::2] for term in terms or [])
    return [
        (facet, value, RELATED_WEIGHTS[facet]) for facet, value in pairs if facet in RELATED_WEIGHTS
    ]


def related(page_id: int, user=None, limit: int = 4) -> list[dict]:
    """Up to `limit` pages like this one that `user` may open: [{title, url,
    content_type_label}], best first (more-like-this on Elasticsearch, shared terms on the
    database engine, which also answers when Elasticsearch is down)."""
    terms = related_terms(page_id)
    if not terms or limit <= 0:
        return []
    results, _ = _run("related", page_id, terms, principals_for(user), limit)
    return results


# --- writing ------------------------------------------------------------------------------


def indexable(page) -> bool:
    return page is not None and page.live and is_knowledge_page(page)


def index_page(page) -> None:
    """(Re)build a page's document in the database table and, when configured, in ES.

    Raises the Elasticsearch error, if any, after the database table is written: the
    caller (a task) records it for a retry.
    """
    page = page.specific
    if not indexable(page):
        remove_page(page.pk)
        return
    document = build_document(page)
    store_documents([document])
    if elasticsearch_configured():
        index_document(document)


def remove_page(page_id: int) -> None:
    delete_documents([page_id])
    if elasticsearch_configured():
        delete_document(page_id)


def index_source_document(document_id: int) -> None:
    """(Re)build a non-page document (search/sources.py), or remove it."""
    document = source_document(document_id)
    if document is None:
        remove_page(document_id)
        return
    store_documents([document])
    if elasticsearch_configured():
        index_document(document)


def index_page_id(page_id: int) -> None:
    if page_id >= SOURCE_ID_BASE:
        index_source_document(page_id)
        return
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        remove_page(page_id)
    else:
        index_page(page)
