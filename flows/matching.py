"""Find the candidate counterparts of a flow in the database (see `flows.scoring`)."""

import math

from django.conf import settings
from django.db.models import Q

from flows import flow_index
from flows.codes import subchapter
from flows.models import Direction, Flow, FlowStatus
from flows.scoring import FlowFacts, expanded_words, rank

FACT_FIELDS = (
    "pk",
    "establishment_id",
    "direction",
    "category",
    "waste_code__code",
    "designation_key",
    "latitude",
    "longitude",
    "annual_quantity",
    "annual_unit",
    "designation",
    "waste_code__hazardous",
)


def default_radius_km() -> float:
    return float(settings.FLOWS_MATCH_RADIUS_KM)


def facts(row) -> FlowFacts:
    (pk, establishment, direction, category, code, key, lat, lon, quantity, unit, text, hazard) = (
        row
    )
    return FlowFacts(
        pk,
        establishment,
        direction,
        category,
        code,
        key,
        None if lat is None else float(lat),
        None if lon is None else float(lon),
        quantity,
        unit,
        text,
        bool(hazard),
    )


def flow_facts(flow) -> FlowFacts:
    row = Flow.objects.filter(pk=flow.pk).values_list(*FACT_FIELDS).get()
    return facts(row)


def words_pattern(words) -> str:
    """A regular expression matching a normalised designation holding one of `words`
    (letters and digits only), the same on PostgreSQL and SQLite."""
    return r"(^| )(" + "|".join(sorted(words)) + r")( |$)"


def candidate_queryset(source: FlowFacts, radius_km: float, pooling: bool):
    """A superset of the matches `flows.scoring` keeps, narrowed in SQL: same sub-chapter,
    or same category with a designation sharing a word, within the radius's box."""
    opposite = Direction.NEED if source.direction == Direction.OFFER else Direction.OFFER
    source_words = expanded_words(source.designation)
    same_kind = (
        Q(category=source.category, designation_key__regex=words_pattern(source_words))
        if source_words
        else Q(pk__in=[])
    )
    if source.waste_code:
        same_kind |= Q(waste_subchapter=subchapter(source.waste_code))
    queryset = (
        Flow.objects.filter(status=FlowStatus.ACTIVE)
        .filter(same_kind)
        .filter(direction=source.direction if pooling else opposite)
        .exclude(establishment_id=source.establishment_id)
        .order_by()
    )
    if source.latitude is not None and source.longitude is not None:
        dlat = radius_km / 111.0
        dlon = radius_km / (111.0 * max(math.cos(math.radians(source.latitude)), 0.1))
        queryset = queryset.filter(
            latitude__range=(source.latitude - dlat, source.latitude + dlat),
            longitude__range=(source.longitude - dlon, source.longitude + dlon),
        )
    return queryset


def database_matches(source: FlowFacts, radius_km, pooling, limit):
    """The database path: every candidate of the SQL box, scored in Python."""
    rows = candidate_queryset(source, radius_km, pooling).values_list(*FACT_FIELDS)
    return rank(source, (facts(row) for row in rows), radius_km, limit)


def indexed_matches(source: FlowFacts, radius_km, pooling, limit):
    """The Elasticsearch path: the index's best candidates, scored by the same rules."""
    return rank(source, flow_index.candidates(source, radius_km, pooling, limit), radius_km, limit)


def find_matches(flow, radius_km=None, pooling=False, limit=20):
    """[Scored], best first: needs for an offer (or offers for a need); with `pooling`,
    flows of the same direction to pool with. From the flows' index when Elasticsearch is
    configured and answers, from the database otherwise (the same rules either way)."""
    radius_km = default_radius_km() if radius_km is None else radius_km
    source = flow_facts(flow)
    return flow_index.with_fallback(
        indexed_matches, database_matches, source, radius_km, pooling, limit
    )


def matched_flows(flow, radius_km=None, pooling=False, limit=20):
    """[(Scored, Flow)] with each flow's establishment and territory loaded (one query)."""
    found = find_matches(flow, radius_km=radius_km, pooling=pooling, limit=limit)
    flows = Flow.objects.select_related("establishment", "territory", "waste_code").in_bulk(
        [m.pk for m in found]
    )
    return [(m, flows[m.pk]) for m in found if m.pk in flows]
