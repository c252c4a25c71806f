"""The Elasticsearch engine: index management (versioned index behind an alias) and queries.

User input only ever reaches Elasticsearch as the text of `multi_match`, `match` or
`match_phrase_prefix` queries and as exact `terms` values: never as query syntax.
"""

import logging
from datetime import UTC, datetime
from functools import lru_cache

from django.conf import settings
from elastic_transport import TransportError
from elasticsearch import ApiError, Elasticsearch, NotFoundError, helpers

from search.documents import FACET_FIELDS, FACETS, LABEL_SEPARATOR, index_mappings, index_settings
from search.engines.base import (
    Engine,
    FacetValue,
    SearchQuery,
    SearchResponse,
    SearchResult,
    pages_for,
    sort_facet_values,
)

logger = logging.getLogger(__name__)

FACET_SIZE = 500
SEARCH_FIELDS = ["title^3", "summary^2", "body", "attachments_text"]
HIGHLIGHT_FIELDS = ("summary", "body", "attachments_text")
SOURCE_FIELDS = [
    "title", "url", "content_type", "content_type_label", "axis", "axis_label", "summary",
    "date", "territories", "themes", "tags",
]  # fmt: skip
SUGGESTION_THRESHOLD = 3


@lru_cache(maxsize=8)
def _client(url: str, timeout: float, retries: int) -> Elasticsearch:
    return Elasticsearch(
        url, request_timeout=timeout, max_retries=retries, retry_on_timeout=retries > 0
    )


def visitor_client() -> Elasticsearch:
    """Short timeout, no retry: a visitor waits at most SEARCH_VISITOR_TIMEOUT."""
    return _client(settings.ELASTICSEARCH_URL, float(settings.SEARCH_VISITOR_TIMEOUT), 0)


def indexing_client() -> Elasticsearch:
    return _client(settings.ELASTICSEARCH_URL, 30.0, 2)


def cluster_status() -> str:
    """green, yellow or red; "unreachable" when the cluster does not answer in time."""
    try:
        return visitor_client().cluster.health(timeout="1s")["status"]
    except (TransportError, ApiError):
        return "unreachable"


def alias_name() -> str:
    return f"{settings.SEARCH_INDEX_PREFIX}-pages"


def new_index_name() -> str:
    return f"{alias_name()}-{datetime.now(UTC).strftime('%Y%m%d%H%M%S%f')}"


# --- index management ---------------------------------------------------------------------


def create_index(client: Elasticsearch | None = None) -> str:
    client = client or indexing_client()
    name = new_index_name()
    client.indices.create(index=name, settings=index_settings(), mappings=index_mappings())
    return name


def aliased_indices(client: Elasticsearch | None = None) -> list[str]:
    client = client or indexing_client()
    try:
        return sorted(client.indices.get_alias(name=alias_name()).keys())
    except NotFoundError:
        return []


def ensure_index(client: Elasticsearch | None = None) -> str:
    """The alias, created over a fresh index the first time a page is indexed."""
    client = client or indexing_client()
    if not aliased_indices(client):
        name = create_index(client)
        client.indices.put_alias(index=name, name=alias_name())
    return alias_name()


def swap_alias(new_index: str, client: Elasticsearch | None = None) -> list[str]:
    """Point the alias at `new_index` atomically, then delete the older versions."""
    client = client or indexing_client()
    old = aliased_indices(client)
    actions = [{"remove": {"index": name, "alias": alias_name()}} for name in old]
    actions.append({"add": {"index": new_index, "alias": alias_name()}})
    client.indices.update_aliases(actions=actions)
    stale = [
        name for name in client.indices.get(index=f"{alias_name()}-*").keys() if name != new_index
    ]
    for name in stale:
        client.indices.delete(index=name, ignore_unavailable=True)
    return stale


def bulk_index(documents, index: str, client: Elasticsearch | None = None):
    """Stream documents into `index`; yields the count after each acknowledged document."""
    client = client or indexing_client()
    actions = ({"_index": index, "_id": doc["id"], "_source": doc} for doc in documents)
    count = 0
    for ok, item in helpers.streaming_bulk(
        client, actions, chunk_size=500, raise_on_error=False, max_retries=2
    ):
        if not ok:
            logger.warning("Bulk indexing failed for %s", item)
        count += 1
        yield count


def index_document(document: dict, client: Elasticsearch | None = None) -> None:
    client = client or indexing_client()
    client.index(index=ensure_index(client), id=document["id"], document=document)


def delete_document(page_id: int, client: Elasticsearch | None = None) -> None:
    client = client or indexing_client()
    if not aliased_indices(client):
        return
    try:
        client.delete(index=alias_name(), id=page_id)
    except NotFoundError:
        pass


def refresh(client: Elasticsearch | None = None) -> None:
    client = client or indexing_client()
    if aliased_indices(client):
        client.indices.refresh(index=alias_name())


def indexed_versions(client: Elasticsearch | None = None) -> dict[int, str]:
    """{page id: last_published_at} of every indexed document (for `search_index status`)."""
    client = client or indexing_client()
    if not aliased_indices(client):
        return {}
    client.indices.refresh(index=alias_name())
    hits = helpers.scan(
        client,
        index=alias_name(),
        query={"query": {"match_all": {}}, "_source": ["last_published_at"]},
    )
    return {int(hit["_id"]): hit["_source"].get("last_published_at") for hit in hits}


# --- queries ------------------------------------------------------------------------------


def _visibility_filter(principals):
    return {"terms": {"visibility": list(principals)}}


def _facet_filter(facet, values):
    return {"terms": {FACET_FIELDS[facet]: list(values)}}


def _text_query(q: str):
    if not q:
        return {"match_all": {}}
    return {
        "multi_match": {
            "query": q,
            "fields": SEARCH_FIELDS,
            "type": "best_fields",
            "operator": "and",
            "lenient": True,
        }
    }


def build_body(query: SearchQuery, principals) -> dict:
    """The request body: query + visibility in `query`, selections in `post_filter`, and
    each facet's aggregation filtered by the OTHER facets' selections (disjunctive)."""
    selections = {facet: _facet_filter(facet, values) for facet, values in query.filters.items()}
    aggs = {}
    for facet in FACETS:
        others = [clause for name, clause in selections.items() if name != facet]
        aggs[facet] = {
            "filter": {"bool": {"filter": others}} if others else {"match_all": {}},
            "aggs": {"values": {"terms": {"field": f"facet_labels.{facet}", "size": FACET_SIZE}}},
        }
    body = {
        "query": {
            "bool": {"must": [_text_query(query.q)], "filter": [_visibility_filter(principals)]}
        },
        "aggs": aggs,
        "from": query.offset,
        "size": query.page_size,
        "track_total_hits": True,
        "_source": SOURCE_FIELDS,
    }
    if selections:
        body["post_filter"] = {"bool": {"filter": list(selections.values())}}
    if query.sort == "date" or not query.q:
        body["sort"] = [{"date": {"order": "desc", "missing": "_last"}}, "_score"]
    if query.q:
        body["highlight"] = {
            "encoder": "html",
            "pre_tags": ["<mark>"],
            "post_tags": ["</mark>"],
            "fields": {
                name: {"fragment_size": 160, "number_of_fragments": 2} for name in HIGHLIGHT_FIELDS
            },
        }
    return body


def _suggestion_body(q: str) -> dict:
    return {"text": q, "did_you_mean": {"term": {"field": "spell", "suggest_mode": "missing"}}}


def _suggestion_text(q: str, suggest: dict) -> str | None:
    words, changed = [], False
    for entry in suggest.get("did_you_mean", []):
        options = entry.get("options") or []
        if options:
            words.append(options[0]["text"])
            changed = True
        else:
            words.append(entry["text"])
    return " ".join(words) if changed else None


class ElasticsearchEngine(Engine):
    name = "elasticsearch"

    def __init__(self, client: Elasticsearch | None = None):
        self.client = client or visitor_client()

    def search(self, query: SearchQuery, principals) -> SearchResponse:
        body = build_body(query, principals)
        if query.q:
            body["suggest"] = _suggestion_body(query.q)
        raw = self.client.search(index=alias_name(), **body).body
        total = raw["hits"]["total"]["value"]
        results = [
            SearchResult.from_document(hit["_source"], _highlights(hit))
            for hit in raw["hits"]["hits"]
        ]
        facets = {}
        for facet in FACETS:
            buckets = raw["aggregations"][facet]["values"]["buckets"]
            values = []
            for bucket in buckets:
                value, _, label = bucket["key"].partition(LABEL_SEPARATOR)
                values.append(FacetValue(value, label or value, bucket["doc_count"]))
            facets[facet] = sort_facet_values(facet, values, query.selected(facet))
        suggestion = None
        if query.q and total <= SUGGESTION_THRESHOLD:
            suggestion = _suggestion_text(query.q, raw.get("suggest", {}))
        return SearchResponse(
            query=query.q,
            engine=self.name,
            total=total,
            page=query.page,
            pages=pages_for(total, query.page_size),
            results=results,
            facets=facets,
            suggestion=suggestion,
        )

    def suggest(self, q: str, principals, limit: int = 8) -> list[dict]:
        if not q:
            return []
        raw = self.client.search(
            index=alias_name(),
            query={
                "bool": {
                    "must": [{"match_phrase_prefix": {"title.folded": {"query": q}}}],
                    "filter": [_visibility_filter(principals)],
                }
            },
            size=limit,
            _source=["title", "url"],
        ).body
        return [
            {"title": hit["_source"]["title"], "url": hit["_source"]["url"]}
            for hit in raw["hits"]["hits"]
        ]


def _highlights(hit) -> list[str]:
    fragments = []
    for name in HIGHLIGHT_FIELDS:
        fragments.extend(hit.get("highlight", {}).get(name, []))
    return fragments[:3]
