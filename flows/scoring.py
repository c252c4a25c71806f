"""Pure matching rules: how well one flow answers another, and why (in French).

Ranking: the same waste code first, then the same sub-chapter, then the same category
with a close designation (the search's French normalisation and synonyms); within a tier
the score falls with distance and rises with quantity compatibility. Candidates farther
than the radius, or of the same establishment, are not matches.
"""

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from flows.codes import subchapter
from flows.hazard import HAZARDOUS_REASON
from flows.models.register import Unit
from portal.geo import distance_km
from portal.numbers import format_number
from search.service import STOP_WORDS, stem, surface_words, synonym_groups, words

TIER_CODE, TIER_SUBCHAPTER, TIER_DESIGNATION = 100, 70, 40
DISTANCE_POINTS, QUANTITY_POINTS = 30, 20
# A designation word makes a match only with at least this many letters as written ("tri",
# "fer" or an acronym's three letters are too short to say two resources are alike), and
# never a word that only names the kind of resource every flow of a category shares.
MIN_WORD_LENGTH = 4
GENERIC_WORDS = frozenset(
    stem(word) for word in ("dechets", "matieres", "produits", "residus", "divers", "autres")
)
_WRITTEN_WORD = re.compile(r"[^\W_]+")


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
    designation: str = ""
    hazardous: bool = False  # a hazardous waste (code with an asterisk)


@dataclass(frozen=True)
class Scored:
    pk: int
    score: float
    distance_km: float | None
    reasons: tuple[str, ...]


def significant(word: str) -> bool:
    """Whether a word, as written, may make a match: long enough, neither a stop word nor a
    generic one."""
    return len(word) >= MIN_WORD_LENGTH and word not in STOP_WORDS


def _significant_stems(text: str) -> set[str]:
    return {stem(word) for word in surface_words(text) if significant(word)} - GENERIC_WORDS


@lru_cache(maxsize=50_000)
def expanded_words(designation: str) -> frozenset[str]:
    """The significant words of a designation (folded, lightly stemmed, as stored in
    `designation_key`) and those of their synonyms."""
    found = _significant_stems(designation)
    normalised = set(words(designation))
    for key, terms in synonym_groups().items():
        if set(key.split()) <= normalised:
            for term in terms:
                found |= _significant_stems(term)
    return frozenset(found)


def designation_words(text: str) -> frozenset[str]:
    return expanded_words(text)


@lru_cache(maxsize=50_000)
def written_words(designation: str) -> dict[str, str]:
    """{stem: the word as the designation writes it, in lower case}."""
    found = {}
    for token in _WRITTEN_WORD.findall(designation or ""):
        folded = surface_words(token)
        if len(folded) == 1:
            found.setdefault(stem(folded[0]), token.lower())
    return found


def shared_words_label(shared, *designations) -> str:
    """The shared words as people wrote them (the source's spelling first), in order."""
    spellings = [written_words(text) for text in designations]
    labels = []
    for key in sorted(shared):
        label = next((spelled[key] for spelled in spellings if key in spelled), key)
        if label not in labels:
            labels.append(label)
    return ", ".join(labels)


def unit_label(unit: str) -> str:
    return Unit(unit).label if unit in Unit.values else unit


def distance_label(distance: float) -> str:
    return "moins de 1 km" if distance < 1 else f"{format_number(round(distance))} km"


def _percent(ratio: Decimal) -> str:
    return f"{int(ratio * 100)} %"


def _quantity_reason(source: FlowFacts, candidate: FlowFacts, pooling: bool):
    if source.annual_unit != candidate.annual_unit or not source.annual_quantity:
        return None, 0.0
    if pooling:
        total = source.annual_quantity + candidate.annual_quantity
        label = f"ensemble {format_number(total)} {unit_label(candidate.annual_unit)} par an"
        return label, QUANTITY_POINTS / 2
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
            candidate_words = expanded_words(candidate.designation or candidate.designation_key)
        shared = source_words & candidate_words
        if not shared:
            return None
        overlap = len(shared) / len(source_words | candidate_words)
        points = TIER_DESIGNATION + 10 * overlap
        label = shared_words_label(shared, source.designation, candidate.designation)
        reasons.append(f"même catégorie, désignation proche ({label})")
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
        reasons.append(distance_label(distance))
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
    source_words = expanded_words(source.designation or source.designation_key)
    found = [score(source, c, radius_km, source_words) for c in candidates]
    found = [m for m in found if m is not None]
    found.sort(key=lambda m: (-m.score, m.distance_km if m.distance_km is not None else 1e9, m.pk))
    return found[:limit]
