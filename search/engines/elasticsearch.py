"""The Elasticsearch engine: index management (versioned index behind an alias) and queries.

Queries, aggregations, highlights and suggestions are built with elasticsearch.dsl's
`Search`, `Q` and `A`. User input only ever reaches Elasticsearch as the text of
`multi_match` or `match_phrase_prefix` queries and as exact `terms` values: never as
query syntax.
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
from elasticsearch.dsl import A, MultiSearch, Q, Search
from elasticsearch.serializer import OrjsonSerializer

from search.documents import (
    FACET_FIELDS,
    FACETS,
    LABEL_SEPARATOR,
    WEIGHT_BOOSTS,
    WEIGHTED_TEXT,
    search_index,
)
from search.engines.base import (
    Engine,
    FacetValue,
    SearchQuery,
    SearchResponse,
    SearchResult,
    about,
)

logger = logging.getLogger(__name__)

FACET_SIZE = 500
# Above twice this many matches, facet values are counted on a random sample of about this
# many pages (`random_sampler`, counts scaled back) and the response says that they are
# estimates, as the database engine does above its own FACET_SAMPLE.
FACET_SAMPLE = 10_000
# The same pages sampled for the same query: counts do not move from one page to the next.
SAMPLE_SEED = 20261207
SEARCH_FIELDS = [
    f"{name}^{WEIGHT_BOOSTS[weight]}" for weight, names in WEIGHTED_TEXT.items() for name in names
]
HIGHLIGHT_FIELDS = ("summary", "body", "attachments_text")
SOURCE_FIELDS = [
    "title", "url", "content_type", "content_type_label", "axis", "axis_label", "summary",
    "date", "territories", "themes", "tags",
]  # fmt: skip
SUGGESTION_THRESHOLD = 3
HIGHLIGHT_MAX_OFFSET = 20_000
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
        # orjson: serialising the documents of a rebuild took the standard library 4 s
        # of the rebuild's critical path (the Python process) at 100,000 pages.
        serializer=OrjsonSerializer(),
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
    index = search_index(name)
    if bulk_load:
        index.settings(refresh_interval="-1")
    index.create(using=client)
    return name


# Merging a freshly built 100,000-page index into one segment took 11 s here, and took a
# quarter off a search's median (docs/deployment.md).
MERGE_TIMEOUT = 900


def finish_bulk_load(index: str, client: Elasticsearch | None = None) -> None:
    """Searchable, refreshed, and merged into one segment before the alias points at it."""
    client = client or indexing_client()
    client.indices.put_settings(index=index, settings={"index": {"refresh_interval": None}})
    client.options(request_timeout=MERGE_TIMEOUT).indices.forcemerge(
        index=index, max_num_segments=1
    )
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
# Bulk requests in flight at once: a shard indexes one request on one thread, so two keep
# a two-core node busy while the caller prepares the next chunk.
BULK_SENDERS = 2


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

    BULK_SENDERS chunks are sent from other threads while the caller builds the next one,
    so the Python work overlaps Elasticsearch's (the database work stays in the caller's
    thread).
    """
    client = client or indexing_client()
    documents = iter(documents)
    count = 0
    with ThreadPoolExecutor(max_workers=BULK_SENDERS, thread_name_prefix="search-bulk") as pool:
        in_flight = deque()
        while chunk := list(islice(documents, BULK_CHUNK)):
            in_flight.append(pool.submit(_send_chunk, client, index, chunk))
            while len(in_flight) > BULK_SENDERS:
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
    search = Search(using=client, index=alias_name()).source(["last_published_at"])
    return {int(hit.meta.id): getattr(hit, "last_published_at", None) for hit in search.scan()}


# --- queries ------------------------------------------------------------------------------


def _visibility_filter(principals):
    return Q("terms", visibility=list(principals))


def _facet_filter(facet, values):
    return Q("terms", **{FACET_FIELDS[facet]: list(values)})


def _text_query(q: str):
    """Every word must match, in any of the text fields (`cross_fields`: "convaincre les
    élus" finds a page with « élus » in its title and « convaincre » in its summary, as the
    database engine does); a multi-word synonym's words need not be adjacent ("bâtiment et
    des travaux publics" meets "BTP")."""
    if not q:
        return Q("match_all")
    return Q(
        "multi_match", query=q, fields=SEARCH_FIELDS, type="cross_fields", operator="and",
        lenient=True, auto_generate_synonyms_phrase_query=False,
    )  # fmt: skip


def _facet_aggregation(facet: str, selections: dict):
    """One facet's counts, filtered by the OTHER facets' selections (disjunctive facets)."""
    others = [clause for name, clause in selections.items() if name != facet]
    scope = A("filter", Q("bool", filter=others) if others else Q("match_all"))
    scope.bucket("values", "terms", field=f"facet_labels.{facet}", size=FACET_SIZE)
    return scope


def _selections(query: SearchQuery) -> dict:
    return {facet: _facet_filter(facet, values) for facet, values in query.filters.items()}


def _matches(query: SearchQuery, principals):
    """The match set as a filter: the text, unscored, among what the reader may see."""
    return Q("bool", filter=[_text_query(query.q), _visibility_filter(principals)])


def count_search(query: SearchQuery, principals, client=None) -> Search:
    """How many pages match the text (exact, unscored: a few milliseconds even when most
    of the index matches), and how many of them pass every selection (`selected`)."""
    search = (
        Search(using=client, index=alias_name())
        .query(_matches(query, principals))
        .extra(size=0, track_total_hits=True)
    )
    if selections := _selections(query):
        search.aggs.bucket("selected", "filter", Q("bool", filter=list(selections.values())))
    return search


def hits_search(query: SearchQuery, principals, client=None) -> Search:
    """The page of results with its highlights. Neither aggregations nor an exact total:
    Lucene then skips the matches that cannot reach the page (a common word's page took a
    tenth of the time of the search that also counted and aggregated every match)."""
    visible_selected = [_visibility_filter(principals), *_selections(query).values()]
    search = (
        Search(using=client, index=alias_name())
        .query(Q("bool", must=[_text_query(query.q)], filter=visible_selected))
        .extra(track_total_hits=False)
        .source(SOURCE_FIELDS)
    )[query.offset : query.offset + query.page_size]
    if query.sort == "date" or not query.q:
        search = search.sort({"date": {"order": "desc", "missing": "_last"}}, "_score")
    if query.q:
        search = search.highlight_options(
            encoder="html", pre_tags=["<mark>"], post_tags=["</mark>"]
        ).highlight(
            *HIGHLIGHT_FIELDS,
            fragment_size=160,
            number_of_fragments=2,
            # Fragments come from a text's first characters (an index built before the
            # offsets of search.documents has its hits' text analysed again).
            max_analyzed_offset=HIGHLIGHT_MAX_OFFSET,
        )
    return search


def sampling_probability(matches: int) -> float:
    """1 (every match counted) up to twice FACET_SAMPLE matches; beyond, the share that
    leaves about FACET_SAMPLE pages to count (`random_sampler` takes at most 0.5)."""
    return 1.0 if matches <= 2 * FACET_SAMPLE else FACET_SAMPLE / matches


def facets_search(query: SearchQuery, principals, matches: int, client=None) -> Search:
    """One filtered aggregation per facet over the match set; on a random sample of it
    when `matches` is large (the counts come back scaled: estimates)."""
    selections = _selections(query)
    search = (
        Search(using=client, index=alias_name())
        .query(_matches(query, principals))
        .extra(size=0, track_total_hits=False)
    )
    parent = search.aggs
    probability = sampling_probability(matches)
    if probability < 1:
        parent = search.aggs.bucket(
            "sample", "random_sampler", probability=probability, seed=SAMPLE_SEED
        )
    for facet in FACETS:
        parent.bucket(facet, _facet_aggregation(facet, selections))
    return search


def suggestion_search(q: str, client=None) -> Search:
    """The did-you-mean suggestion alone: asked only when a search finds few pages (the
    term suggester took a third of a common word's search when asked every time)."""
    search = Search(using=client, index=alias_name()).extra(size=0, track_total_hits=False)
    return search.suggest("did_you_mean", q, term={"field": "spell", "suggest_mode": "missing"})


def _suggestion_text(suggest) -> str | None:
    words, changed = [], False
    for entry in getattr(suggest, "did_you_mean", []):
        if entry.options:
            words.append(entry.options[0].text)
            changed = True
        else:
            words.append(entry.text)
    return " ".join(words) if changed else None


def _facet_values(aggregation, estimated: bool) -> list[FacetValue]:
    values = []
    for bucket in aggregation.values.buckets:
        value, _, label = bucket.key.partition(LABEL_SEPARATOR)
        count = about(bucket.doc_count) if estimated else bucket.doc_count
        values.append(FacetValue(value, label or value, count))
    return values


class ElasticsearchEngine(Engine):
    name = "elasticsearch"

    def __init__(self, client: Elasticsearch | None = None, request_cache: bool | None = None):
        self.client = client or visitor_client()
        # None: Elasticsearch's default (its shard request cache keeps the answers of
        # searches without hits, here the counts and the facets, until the next refresh).
        self.request_cache = request_cache

    def search(self, query: SearchQuery, principals) -> SearchResponse:
        """Two round trips: the exact counts first (they decide whether the facets are
        sampled and whether a suggestion is asked), then the page of results, the facets
        and the suggestion in one `msearch`, which the node answers in parallel."""
        counted = self._prepared(count_search(query, principals, self.client)).execute()
        matches = counted.hits.total.value
        total = counted.aggregations.selected.doc_count if query.filters else matches
        searches = MultiSearch(using=self.client, index=alias_name())
        searches = searches.add(self._prepared(hits_search(query, principals)))
        searches = searches.add(self._prepared(facets_search(query, principals, matches)))
        if query.q and total <= SUGGESTION_THRESHOLD:
            searches = searches.add(self._prepared(suggestion_search(query.q)))
        hits, facets, *suggested = searches.execute(raise_on_error=True)
        results = [SearchResult.from_document(hit.to_dict(), _highlights(hit)) for hit in hits]
        estimated = sampling_probability(matches) < 1
        counts = facets.aggregations.sample if estimated else facets.aggregations
        facet_values = {facet: _facet_values(counts[facet], estimated) for facet in FACETS}
        suggestion = None
        if suggested and "suggest" in suggested[0]:
            suggestion = _suggestion_text(suggested[0].suggest)
        return self.respond(
            query, total, results, facet_values, suggestion=suggestion, estimated=estimated
        )

    def _prepared(self, search: Search) -> Search:
        """`request_cache=False` (the benchmark) measures every search as if it were new."""
        if self.request_cache is None:
            return search
        return search.params(request_cache=self.request_cache)

    def suggest(self, q: str, principals, limit: int = 8) -> list[dict]:
        if not q:
            return []
        search = (
            Search(using=self.client, index=alias_name())
            .query(
                Q(
                    "bool",
                    must=[Q("match_phrase_prefix", title__folded={"query": q})],
                    filter=[_visibility_filter(principals)],
                )
            )
            .source(["title", "url"])
        )[:limit]
        return [{"title": hit.title, "url": hit.url} for hit in search.execute()]

    def related(self, page_id: int, terms, principals, limit: int = 4) -> list[dict]:
        """`more_like_this` on the page's own indexed text, plus the shared weighted terms
        ([(facet, value, weight)]); visible documents only, never the page itself."""
        like = Q(
            "more_like_this",
            fields=RELATED_TEXT_FIELDS,
            like=[{"_index": alias_name(), "_id": str(page_id)}],
            min_term_freq=1,
            min_doc_freq=1,
            max_query_terms=25,
        )
        shared = [
            Q("constant_score", filter=_facet_filter(facet, [value]), boost=weight)
            for facet, value, weight in terms
        ]
        search = (
            Search(using=self.client, index=alias_name())
            .query(
                Q(
                    "bool",
                    should=[like, *shared],
                    minimum_should_match=1,
                    filter=[_visibility_filter(principals)],
                    must_not=[Q("ids", values=[str(page_id)])],
                )
            )
            .sort("_score", {"date": {"order": "desc", "missing": "_last"}})
            .source(RELATED_SOURCE)
        )[:limit]
        return [
            {name: getattr(hit, name, "") for name in RELATED_SOURCE} for hit in search.execute()
        ]


def _highlights(hit) -> list[str]:
    highlight = getattr(hit.meta, "highlight", None)
    fragments = []
    for name in HIGHLIGHT_FIELDS:
        if highlight is not None and name in highlight:
            fragments.extend(highlight[name])
    return fragments[:3]
