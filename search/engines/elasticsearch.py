"""The Elasticsearch engine: index management (versioned index behind an alias) and queries.

User input only ever reaches Elasticsearch as the text of `multi_match`, `match` or
`match_phrase_prefix` queries and as exact `terms` values: never as query syntax.
"""

import logging
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from functools import lru_cache
from itertools import islice

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
RELATED_TEXT_FIELDS = ["title", "summary", "body"]
RELATED_SOURCE = ["title", "url", "content_type_label"]


@lru_cache(maxsize=8)
def _client(
    url: str, timeout: float, retries: int, ca_certs: str = "", api_key: str = ""
) -> Elasticsearch:
    # Basic-auth credentials, if any, travel in the URL (https://user:password@host:9200).
    return Elasticsearch(
        url,
        request_timeout=timeout,
        max_retries=retries,
        retry_on_timeout=retries > 0,
        ca_certs=ca_certs or None,
        api_key=api_key or None,
    )


def _security() -> tuple[str, str]:
    return settings.ELASTICSEARCH_CA_CERTS, settings.ELASTICSEARCH_API_KEY


def visitor_client() -> Elasticsearch:
    """Short timeout, no retry: a visitor waits at most SEARCH_VISITOR_TIMEOUT."""
    timeout = float(settings.SEARCH_VISITOR_TIMEOUT)
    return _client(settings.ELASTICSEARCH_URL, timeout, 0, *_security())


def indexing_client() -> Elasticsearch:
    return _client(settings.ELASTICSEARCH_URL, 30.0, 2, *_security())


def cluster_health() -> tuple[str, int]:
    """(green, yellow or red, number of nodes); ("unreachable", 0) when it does not answer."""
    try:
        health = visitor_client().cluster.health(timeout="1s")
    except (TransportError, ApiError):
        return "unreachable", 0
    return health["status"], health["number_of_nodes"]


def alias_name() -> str:
    return f"{settings.SEARCH_INDEX_PREFIX}-pages"


def new_index_name() -> str:
    return f"{alias_name()}-{datetime.now(UTC).strftime('%Y%m%d%H%M%S%f')}"


# --- index management ---------------------------------------------------------------------


def create_index(client: Elasticsearch | None = None, *, bulk_load: bool = False) -> str:
    """A new versioned index; `bulk_load` turns refreshing off until `finish_bulk_load`."""
    client = client or indexing_client()
    name = new_index_name()
    index_config = index_settings()
    if bulk_load:
        index_config = {**index_config, "refresh_interval": "-1"}
    client.indices.create(index=name, settings=index_config, mappings=index_mappings())
    return name


def finish_bulk_load(index: str, client: Elasticsearch | None = None) -> None:
    client = client or indexing_client()
    client.indices.put_settings(index=index, settings={"index": {"refresh_interval": None}})
    client.indices.refresh(index=index)


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


BULK_CHUNK = 500


def _send_chunk(client: Elasticsearch, index: str, documents: list[dict]) -> int:
    actions = ({"_index": index, "_id": doc["id"], "_source": doc} for doc in documents)
    for ok, item in helpers.streaming_bulk(
        client, actions, chunk_size=BULK_CHUNK, raise_on_error=False, max_retries=2
    ):
        if not ok:
            logger.warning("Bulk indexing failed for %s", item)
    return len(documents)


def bulk_index(documents, index: str, client: Elasticsearch | None = None):
    """Stream documents into `index`; yields the count of acknowledged documents.

    One chunk is sent from a second thread while the caller builds the next one, so the
    Python work overlaps Elasticsearch's (the database work stays in the caller's thread).
    """
    client = client or indexing_client()
    documents = iter(documents)
    count = 0
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="search-bulk") as sender:
        in_flight = deque()
        while chunk := list(islice(documents, BULK_CHUNK)):
            in_flight.append(sender.submit(_send_chunk, client, index, chunk))
            while len(in_flight) > 1:
                count += in_flight.popleft().result()
                yield count
        while in_flight:
            count += in_flight.popleft().result()
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

    def related(self, page_id: int, terms, principals, limit: int = 4) -> list[dict]:
        """`more_like_this` on the page's own indexed text, plus the shared weighted terms
        ([(facet, value, weight)]); visible documents only, never the page itself."""
        should = [
            {
                "more_like_this": {
                    "fields": RELATED_TEXT_FIELDS,
                    "like": [{"_index": alias_name(), "_id": str(page_id)}],
                    "min_term_freq": 1,
                    "min_doc_freq": 1,
                    "max_query_terms": 25,
                }
            }
        ]
        should += [
            {"constant_score": {"filter": _facet_filter(facet, [value]), "boost": weight}}
            for facet, value, weight in terms
        ]
        raw = self.client.search(
            index=alias_name(),
            query={
                "bool": {
                    "should": should,
                    "minimum_should_match": 1,
                    "filter": [_visibility_filter(principals)],
                    "must_not": [{"ids": {"values": [str(page_id)]}}],
                }
            },
            sort=["_score", {"date": {"order": "desc", "missing": "_last"}}],
            size=limit,
            _source=RELATED_SOURCE,
        ).body
        return [
            {name: hit["_source"].get(name, "") for name in RELATED_SOURCE}
            for hit in raw["hits"]["hits"]
        ]


def _highlights(hit) -> list[str]:
    fragments = []
    for name in HIGHLIGHT_FIELDS:
        fragments.extend(hit.get("highlight", {}).get(name, []))
    return fragments[:3]
