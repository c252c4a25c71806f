"""The flows' own Elasticsearch index: one document per active flow, matching (a `bool`
query with a `function_score`) and pooling (aggregations) for a register that outgrows
one database, and their fallback to the database path.

With ELASTICSEARCH_URL set, flows live in `<SEARCH_INDEX_PREFIX>-flows` (an alias over a
versioned index, as the pages do); without it, or while Elasticsearch fails (the search
app's circuit breaker), `flows.matching` and `flows.pooling` answer from the database.
Both paths return the same rows: the index only chooses the candidates, and every
candidate is scored by `flows.scoring`, so a match gives the same reasons either way.

The designation is analysed with the knowledge base's French analysers, imported from
`search.documents` (the one place the analysis and the synonyms are declared: changing
them there changes both indices); its significant words (`flows.scoring.expanded_words`)
are also kept as keywords so that both paths agree on which designations are close.
"""

import logging
from datetime import UTC, datetime
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from elasticsearch import NotFoundError, helpers
from elasticsearch.dsl import (
    Boolean,
    Date,
    Document,
    Double,
    GeoPoint,
    Index,
    Integer,
    Keyword,
    MetaField,
    Search,
    Text,
)
from elasticsearch.dsl import Q as ESQ

from flows.codes import subchapter
from flows.models import Flow
from flows.scoring import (
    DISTANCE_POINTS,
    QUANTITY_POINTS,
    TIER_CODE,
    TIER_DESIGNATION,
    TIER_SUBCHAPTER,
    FlowFacts,
    expanded_words,
)
from portal.models import Territory
from search import service
from search.service import french_search_analyzer, french_text, replica_settings

logger = logging.getLogger(__name__)

BULK_CHUNK = 2000
# The database path scores every candidate in its box; the index hands the best
# `CANDIDATES_PER_MATCH × limit` (at least `MIN_CANDIDATES`) to the same scoring.
CANDIDATES_PER_MATCH = 2
MIN_CANDIDATES = 40
CARDINALITY_PRECISION = 3000  # distinct counts exact up to about this many, then within ~1 %

DOC_FIELDS = (
    "pk",
    "establishment_id",
    "territory_id",
    "territory__slug",
    "establishment__commune__epci_siren",
    "direction",
    "category",
    "waste_code__code",
    "waste_subchapter",
    "waste_code__hazardous",
    "designation",
    "designation_key",
    "annual_quantity",
    "annual_unit",
    "latitude",
    "longitude",
    "confirmed_on",
    "is_demo",
)


class FlowDocument(Document):
    """The mapping of a flow's document (the output of `flow_document`)."""

    id = Integer()
    establishment_id = Integer()
    territory_id = Integer()
    territory = Keyword()
    epci = Keyword()
    direction = Keyword()
    category = Keyword()
    waste_code = Keyword()
    waste_subchapter = Keyword()
    waste_chapter = Keyword()
    hazardous = Boolean()
    designation = Text(analyzer=french_text, search_analyzer=french_search_analyzer())
    designation_key = Keyword(index=False)
    designation_words = Keyword()
    annual_quantity = Double()
    annual_unit = Keyword()
    location = GeoPoint()
    confirmed_on = Date()
    is_demo = Boolean()

    class Meta:
        dynamic = MetaField(False)


def flow_document(row) -> dict:
    """A flow's document from a `DOC_FIELDS` row."""
    (
        pk, establishment_id, territory_id, territory, epci, direction, category, code,
        sub, hazardous, designation, key, quantity, unit, lat, lon, confirmed_on, is_demo,
    ) = row  # fmt: skip
    return {
        "id": pk,
        "establishment_id": establishment_id,
        "territory_id": territory_id,
        "territory": territory,
        "epci": epci or None,
        "direction": direction,
        "category": category,
        "waste_code": code,
        "waste_subchapter": sub or None,
        "waste_chapter": sub[:2] if sub else None,
        "hazardous": bool(hazardous),
        "designation": designation,
        "designation_key": key,
        "designation_words": sorted(expanded_words(designation)),
        "annual_quantity": float(quantity),
        "annual_unit": unit,
        "location": None if lat is None or lon is None else {"lat": lat, "lon": lon},
        "confirmed_on": confirmed_on.isoformat() if confirmed_on else None,
        "is_demo": is_demo,
    }


def facts_of(source: dict) -> FlowFacts:
    """What `flows.scoring` needs, from an indexed document."""
    location = source.get("location") or {}
    return FlowFacts(
        source["id"],
        source["establishment_id"],
        source["direction"],
        source["category"],
        source.get("waste_code"),
        source.get("designation_key", ""),
        location.get("lat"),
        location.get("lon"),
        Decimal(str(source["annual_quantity"])),
        source["annual_unit"],
        source.get("designation", ""),
        bool(source.get("hazardous")),
    )


# --- the index ---------------------------------------------------------------------------


def alias_name() -> str:
    return f"{settings.SEARCH_INDEX_PREFIX}-flows"


def configured() -> bool:
    return service.elasticsearch_configured()


def available() -> bool:
    return service.elasticsearch_available()


def flows_index(name: str, shards: int = 1) -> Index:
    index = Index(name)
    index.settings(number_of_shards=shards, **replica_settings())
    index.document(FlowDocument)
    return index


def create_index(client, *, bulk_load=False) -> str:
    name = f"{alias_name()}-{datetime.now(UTC).strftime('%Y%m%d%H%M%S%f')}"
    index = flows_index(name)
    if bulk_load:
        index.settings(refresh_interval="-1")
    index.create(using=client)
    return name


def aliased_indices(client) -> list[str]:
    try:
        return sorted(client.indices.get_alias(name=alias_name()).keys())
    except NotFoundError:
        return []


def ensure_index(client) -> str:
    if not aliased_indices(client):
        client.indices.put_alias(index=create_index(client), name=alias_name())
    return alias_name()


def active_rows(flow_ids=None):
    flows = Flow.objects.active()
    if flow_ids is not None:
        flows = flows.filter(pk__in=flow_ids)
    return flows.order_by("pk").values_list(*DOC_FIELDS)


def _actions(index, rows):
    for row in rows:
        document = flow_document(row)
        yield {"_index": index, "_id": document["id"], "_source": document}


def bulk_write(client, index, rows, progress=None) -> int:
    done = 0
    for ok, item in helpers.streaming_bulk(
        client, _actions(index, rows), chunk_size=BULK_CHUNK, raise_on_error=False
    ):
        if not ok:
            logger.warning("Flow indexing failed for %s", item)
        done += 1
        if progress and done % 10000 == 0:
            progress(done)
    return done


def rebuild(stdout=None, rows=None) -> int:
    """A new index from every active flow (or `rows`), swapped in by alias; the older
    versions are deleted. Returns the number of documents."""
    client = service.elasticsearch_client(visitor=False)
    index = create_index(client, bulk_load=True)
    try:
        write = (lambda done: stdout.write(f"{done} flux indexés")) if stdout else None
        done = bulk_write(client, index, active_rows() if rows is None else rows, write)
        client.indices.put_settings(index=index, settings={"index": {"refresh_interval": None}})
        client.indices.refresh(index=index)
        old = aliased_indices(client)
        actions = [{"remove": {"index": name, "alias": alias_name()}} for name in old]
        client.indices.update_aliases(
            actions=[*actions, {"add": {"index": index, "alias": alias_name()}}]
        )
        for name in client.indices.get(index=f"{alias_name()}-*"):
            if name != index:
                client.indices.delete(index=name, ignore_unavailable=True)
    except BaseException:
        client.indices.delete(index=index, ignore_unavailable=True)
        raise
    return done


def sync_flows(flow_ids) -> None:
    """(Re)index these flows if active, remove them otherwise; errors are logged (the
    next `search_index rebuild` repairs), never raised to the one who saved."""
    flow_ids = sorted(set(flow_ids))
    if not configured() or not flow_ids:
        return
    client = service.elasticsearch_client(visitor=False)
    try:
        index = ensure_index(client)
        rows = list(active_rows(flow_ids))
        bulk_write(client, index, rows)
        gone = set(flow_ids) - {row[0] for row in rows}
        for pk in gone:
            client.options(ignore_status=404).delete(index=index, id=pk)
    except service.ENGINE_ERRORS as error:
        logger.warning("The flows index missed %s flows: %s", len(flow_ids), error)


def sync_on_commit(flow_ids) -> None:
    if configured():
        flow_ids = list(flow_ids)
        transaction.on_commit(lambda: sync_flows(flow_ids))


def refresh() -> None:
    client = service.elasticsearch_client(visitor=False)
    if aliased_indices(client):
        client.indices.refresh(index=alias_name())


# --- matching ----------------------------------------------------------------------------


# The quantity fit as steps of the offer/need ratio (ratio at least → share of the points),
# without a script (the development node has no scripting module): the index only has to
# rank candidates close to `flows.scoring`, which scores them exactly afterwards.
QUANTITY_STEPS = ((1.0, 1.0), (0.5, 0.75), (0.25, 0.375), (0.1, 0.175))


def quantity_functions(source: FlowFacts, pooling: bool) -> list[dict]:
    if not source.annual_quantity:
        return []
    same_unit = ESQ("term", annual_unit=source.annual_unit)
    if pooling:
        return [{"filter": same_unit, "weight": QUANTITY_POINTS / 2}]
    quantity = float(source.annual_quantity)
    functions, previous = [], None
    for ratio, share in QUANTITY_STEPS:
        if source.direction == "offre":  # the candidate is a need n: ratio = q / n
            bounds = {"lte": quantity / ratio, "gt": 0}
            if previous:
                bounds["gt"] = quantity / previous
        else:  # the candidate is an offer o: ratio = o / q
            bounds = {"gte": quantity * ratio}
            if previous:
                bounds["lt"] = quantity * previous
        functions.append(
            {
                "filter": same_unit & ESQ("range", annual_quantity=bounds),
                "weight": QUANTITY_POINTS * share,
            }
        )
        previous = ratio
    return functions


def match_search(source: FlowFacts, radius_km: float, pooling: bool, size: int, client=None):
    """The candidates of `source` as an elasticsearch.dsl Search: same code, sub-chapter or
    category with a shared word, within the radius, scored like `flows.scoring`."""
    opposite = "besoin" if source.direction == "offre" else "offre"
    words = sorted(expanded_words(source.designation))
    kinds, functions = [], []
    if source.waste_code:
        sub = subchapter(source.waste_code)
        kinds += [ESQ("term", waste_code=source.waste_code), ESQ("term", waste_subchapter=sub)]
        functions += [
            {"filter": ESQ("term", waste_code=source.waste_code), "weight": TIER_CODE},
            {
                "filter": ESQ("term", waste_subchapter=sub)
                & ~ESQ("term", waste_code=source.waste_code),
                "weight": TIER_SUBCHAPTER,
            },
        ]
    if words:
        designation = ESQ("term", category=source.category) & ESQ("terms", designation_words=words)
        kinds.append(designation)
        not_same_kind = (
            designation & ~ESQ("term", waste_subchapter=subchapter(source.waste_code))
            if source.waste_code
            else designation
        )
        functions.append({"filter": not_same_kind, "weight": TIER_DESIGNATION})
    if not kinds:
        return None
    filters = [
        ESQ("term", direction=source.direction if pooling else opposite),
        ESQ("bool", should=kinds, minimum_should_match=1),
    ]
    if source.latitude is not None and source.longitude is not None:
        origin = {"lat": source.latitude, "lon": source.longitude}
        filters.append(ESQ("geo_distance", distance=f"{radius_km}km", location=origin))
        functions.append(
            {
                "linear": {
                    "location": {"origin": origin, "scale": f"{radius_km}km", "decay": 0.001}
                },
                "weight": DISTANCE_POINTS,
            }
        )
    functions += quantity_functions(source, pooling)
    # freshness: a flow confirmed lately is a little more likely to still be there
    functions.append(
        {
            "gauss": {
                "confirmed_on": {"origin": timezone.localdate().isoformat(), "scale": "365d"}
            },
            "weight": 1,
        }
    )
    query = ESQ(
        "function_score",
        query=ESQ(
            "bool",
            filter=filters,
            must_not=[ESQ("term", establishment_id=source.establishment_id)],
        ),
        functions=functions,
        score_mode="sum",
        boost_mode="replace",
    )
    search = Search(using=client, index=alias_name()).query(query)
    return search.extra(size=size, track_total_hits=False).source(
        ["id", "establishment_id", "direction", "category", "waste_code", "designation",
         "designation_key", "location", "annual_quantity", "annual_unit", "hazardous"]
    )  # fmt: skip


def candidates(source: FlowFacts, radius_km: float, pooling: bool, limit: int):
    """[FlowFacts] of the best candidates by the index's score, for `flows.scoring.rank`."""
    size = max(limit * CANDIDATES_PER_MATCH, MIN_CANDIDATES)
    search = match_search(
        source, radius_km, pooling, size, client=service.elasticsearch_client(visitor=True)
    )
    if search is None:
        return []
    return [facts_of(hit.to_dict()) for hit in search.execute()]


def with_fallback(indexed, database, *args, **kwargs):
    """`indexed(*args)` when Elasticsearch is available, else (or when it fails, the
    breaker then opening) `database(*args)`: a visitor never gets an error for it."""
    if available():
        try:
            return indexed(*args, **kwargs)
        except NotFoundError:
            # Not built yet (`search_index rebuild`): the engine itself is fine, so the
            # page search keeps it; only this answer comes from the database.
            logger.warning("The flows index %s does not exist yet.", alias_name())
        except service.ENGINE_ERRORS as error:
            service.elasticsearch_failed(error)
    return database(*args, **kwargs)


# --- pooling -----------------------------------------------------------------------------


def _scoped(scope, client):
    search = Search(using=client, index=alias_name()).extra(size=0)
    if scope.waste_code:
        search = search.filter("term", waste_code=scope.waste_code.code)
    elif scope.category:
        search = search.filter("term", category=scope.category)
    return search


def _count(field):
    return {"cardinality": {"field": field, "precision_threshold": CARDINALITY_PRECISION}}


def _per_unit(search, *, territories=True):
    units = search.aggs.bucket("direction", "terms", field="direction", size=10).bucket(
        "unit", "terms", field="annual_unit", size=50
    )
    units.metric("establishments", _count("establishment_id"))
    units.metric("total", "sum", field="annual_quantity")
    if territories:
        units.metric("territories", _count("territory_id"))
    return search


def _unit_rows(buckets):
    for direction in buckets:
        for unit in direction.unit.buckets:
            yield direction.key, unit, Decimal(str(round(unit.total.value, 3)))


def regional_totals(scope):
    client = service.elasticsearch_client(visitor=True)
    response = _per_unit(_scoped(scope, client)).execute()
    rows = [
        {
            "direction": direction,
            "unit": unit.key,
            "flows": unit.doc_count,
            "establishments": unit.establishments.value,
            "territories": unit.territories.value,
            "annual_quantity": total,
        }
        for direction, unit, total in _unit_rows(response.aggregations.direction.buckets)
    ]
    return sorted(rows, key=lambda row: (row["direction"], row["unit"]))


def territory_totals(scope):
    client = service.elasticsearch_client(visitor=True)
    search = _scoped(scope, client)
    per_territory = search.aggs.bucket("territory", "terms", field="territory_id", size=10000)
    units = per_territory.bucket("direction", "terms", field="direction", size=10).bucket(
        "unit", "terms", field="annual_unit", size=50
    )
    units.metric("establishments", _count("establishment_id"))
    units.metric("total", "sum", field="annual_quantity")
    response = search.execute()
    buckets = response.aggregations.territory.buckets
    territories = Territory.objects.in_bulk([bucket.key for bucket in buckets])
    rows = []
    for bucket in buckets:
        territory = territories.get(bucket.key)
        if territory is None:
            continue
        for direction, unit, total in _unit_rows(bucket.direction.buckets):
            rows.append(
                {
                    "territory_id": territory.pk,
                    "slug": territory.slug,
                    "name": territory.name,
                    "latitude": territory.latitude,
                    "longitude": territory.longitude,
                    "direction": direction,
                    "unit": unit.key,
                    "flows": unit.doc_count,
                    "establishments": unit.establishments.value,
                    "annual_quantity": total,
                }
            )
    return sorted(rows, key=lambda row: (row["name"], row["direction"], row["unit"]))


def index_size_bytes() -> int:
    client = service.elasticsearch_client(visitor=False)
    stats = client.indices.stats(index=alias_name(), metric="store")
    return stats["_all"]["primaries"]["store"]["size_in_bytes"]
