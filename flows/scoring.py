"""Pure matching rules: how well one flow answers another, and why (in French).

Ranking: the same waste code first, then the same sub-chapter, then the same category
with a close designation (the search's French normalisation and synonyms); within a tier
the score falls with distance and rises with quantity compatibility. Candidates farther
than the radius, or of the same establishment, are not matches.
"""

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from flows.codes import subchapter
from flows.hazard import HAZARDOUS_REASON
from portal.geo import distance_km
from portal.numbers import format_number
from search.normalize import words
from search.query_terms import synonym_groups

TIER_CODE, TIER_SUBCHAPTER, TIER_DESIGNATION = 100, 70, 40
DISTANCE_POINTS, QUANTITY_POINTS = 30, 20


@dataclass(frozen=True)
class FlowFacts:
    """What matching needs to know of a flow."""

    pk: int
    establishment_id: int
    direction: str
    category: str
    waste_code: str | None
    designation_key: str
    latitude: float | None
    longitude: float | None
    annual_quantity: Decimal
    annual_unit: str
    hazardous: bool = False  # a hazardous waste (code with an asterisk)


@dataclass(frozen=True)
class Scored:
    pk: int
    score: float
    distance_km: float | None
    reasons: tuple[str, ...]


@lru_cache(maxsize=50_000)
def expanded_words(designation_key: str) -> frozenset[str]:
    """The normalised words of a designation and those of their synonyms."""
    found = set(designation_key.split())
    for key, terms in synonym_groups().items():
        if set(key.split()) <= found:
            for term in terms:
                found.update(words(term))
    return frozenset(found)


def designation_words(text: str) -> frozenset[str]:
    return expanded_words(" ".join(words(text)))


def _percent(ratio: Decimal) -> str:
    return f"{int(ratio * 100)} %"


def _quantity_reason(source: FlowFacts, candidate: FlowFacts, pooling: bool):
    if source.annual_unit != candidate.annual_unit or not source.annual_quantity:
        return None, 0.0
    if pooling:
        total = source.annual_quantity + candidate.annual_quantity
        return f"ensemble {format_number(total)} {candidate.annual_unit}/an", QUANTITY_POINTS / 2
    offer, need = (source, candidate) if source.direction == "offre" else (candidate, source)
    if not need.annual_quantity:
        return None, 0.0
    ratio = offer.annual_quantity / need.annual_quantity
    if ratio >= 1:
        return "l'offre couvre tout le besoin", float(QUANTITY_POINTS)
    if ratio < Decimal("0.01"):
        return "l'offre couvre moins de 1 % du besoin", 0.0
    return f"l'offre couvre {_percent(ratio)} du besoin", float(QUANTITY_POINTS * ratio)


def score(
    source: FlowFacts,
    candidate: FlowFacts,
    radius_km: float,
    source_words: frozenset[str],
    candidate_words: frozenset[str] | None = None,
) -> Scored | None:
    """The match of `candidate` for `source`, or None when it is not one."""
    if candidate.establishment_id == source.establishment_id or candidate.pk == source.pk:
        return None
    pooling = candidate.direction == source.direction
    reasons = []
    if source.waste_code and source.waste_code == candidate.waste_code:
        points = TIER_CODE
        reasons.append(f"même code déchet {source.waste_code}")
    elif (
        source.waste_code
        and candidate.waste_code
        and subchapter(source.waste_code) == subchapter(candidate.waste_code)
    ):
        points = TIER_SUBCHAPTER
        reasons.append(f"même sous-chapitre {subchapter(source.waste_code)}")
    elif source.category == candidate.category:
        if candidate_words is None:
            candidate_words = expanded_words(candidate.designation_key)
        shared = source_words & candidate_words
        if not shared:
            return None
        overlap = len(shared) / len(source_words | candidate_words)
        points = TIER_DESIGNATION + 10 * overlap
        reasons.append(f"même catégorie, désignation proche ({', '.join(sorted(shared))})")
    else:
        return None
    distance = None
    if None not in (source.latitude, source.longitude, candidate.latitude, candidate.longitude):
        distance = distance_km(
            source.latitude, source.longitude, candidate.latitude, candidate.longitude
        )
        if distance > radius_km:
            return None
        points += DISTANCE_POINTS * (1 - distance / radius_km)
        reasons.append(f"{round(distance)} km")
    else:
        reasons.append("distance inconnue")
    quantity_reason, quantity_points = _quantity_reason(source, candidate, pooling)
    if quantity_reason:
        reasons.append(quantity_reason)
        points += quantity_points
    if pooling:
        reasons.append("à mutualiser : même sens")
    if source.hazardous and candidate.hazardous:
        reasons.append(HAZARDOUS_REASON)
    return Scored(
        candidate.pk,
        round(points, 1),
        None if distance is None else round(distance, 1),
        tuple(reasons),
    )


def rank(source, candidates, radius_km, limit):
    source_words = expanded_words(source.designation_key)
    found = [score(source, c, radius_km, source_words) for c in candidates]
    found = [m for m in found if m is not None]
    found.sort(key=lambda m: (-m.score, m.distance_km if m.distance_km is not None else 1e9, m.pk))
    return found[:limit]
