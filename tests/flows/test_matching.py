from decimal import Decimal

import pytest

from flows.matching import find_matches, matched_flows
from flows.scoring import FlowFacts, designation_words, rank, score
from search.normalize import words as normalize_words
from tests.flows.conftest import make_establishment, make_flow

pytestmark = pytest.mark.django_db


def facts(
    pk,
    establishment,
    direction="besoin",
    code=None,
    words="Palette",
    lat=49.7,
    lon=4.7,
    quantity=100,
    unit="t",
    category="dechets",
):
    key = " ".join(normalize_words(words))
    return FlowFacts(
        pk, establishment, direction, category, code, key, lat, lon, Decimal(quantity), unit, words
    )


def test_rank_orders_code_then_subchapter_then_designation():
    source = facts(1, 1, direction="offre", code="15 01 03", quantity=80)
    candidates = [
        facts(2, 2, words="Palettes bois"),
        facts(3, 3, code="15 01 01", words="carton"),
        facts(4, 4, code="15 01 03", words="autre"),
        facts(5, 1, code="15 01 03"),  # same establishment: never a match
        facts(6, 6, code="15 01 03", lat=52.0),  # beyond the radius
    ]
    ranked = rank(source, candidates, 50, 10)
    assert [m.pk for m in ranked] == [4, 3, 2]
    assert ranked[0].reasons[0] == "même code déchet 15 01 03"
    assert ranked[0].reasons[-1] == "l'offre couvre 80 % du besoin"
    assert ranked[1].reasons[0] == "même sous-chapitre 15 01"
    assert ranked[2].reasons[0] == "même catégorie, désignation proche (palette)"


def test_score_falls_with_distance():
    source = facts(1, 1, direction="offre", code="15 01 03")
    near = score(source, facts(2, 2, code="15 01 03", lat=49.71), 50, frozenset())
    far = score(source, facts(3, 3, code="15 01 03", lat=50.0), 50, frozenset())
    assert near.score > far.score and far.distance_km > near.distance_km


def test_french_normalisation_makes_designations_close():
    assert designation_words("palette") & designation_words("Palettes bois")
    assert "carton" in designation_words("carton") & designation_words(
        "Emballages en papier/carton"
    )
    assert not designation_words("palette") & designation_words("Huiles usagées")


def test_matches_in_the_database(register):
    found = find_matches(register["pallets_offer"])
    assert [m.pk for m in found] == [register["pallets_need"].pk]
    reasons = found[0].reasons
    assert reasons[0] == "même code déchet 15 01 03" and reasons[1].endswith("km")
    assert reasons[2] == "l'offre couvre 80 % du besoin"
    # the Metz cardboard is about 150 km away from Sedan: outside 50 km, inside 200 km
    assert find_matches(register["cardboard_need"]) == []
    wide = matched_flows(register["cardboard_need"], radius_km=200)
    assert [flow for _, flow in wide] == [register["cardboard_offer"]]
    assert "désignation proche (carton)" in wide[0][0].reasons[0]


def test_offers_of_the_same_kind_match_for_pooling(register):
    other = make_establishment(register["sawmill"].territory, "Menuiserie", commune="Sedan")
    twin = make_flow(other, "A-9", "offre", "Palettes usagées", code="15 01 03")
    found = find_matches(register["pallets_offer"], pooling=True)
    assert [m.pk for m in found] == [twin.pk]
    assert "à mutualiser : même sens" in found[0].reasons


def test_the_radius_is_a_setting(register, settings):
    settings.FLOWS_MATCH_RADIUS_KM = 200
    assert [m.pk for m in find_matches(register["cardboard_need"])] == [
        register["cardboard_offer"].pk
    ]


def test_reasons_are_plain_french_words_not_stems():
    source = facts(1, 1, direction="offre", words="Palettes bois cassées")
    found = score(
        source,
        facts(2, 2, words="Bois de palettes"),
        50,
        designation_words("Palettes bois cassées"),
    )
    assert found.reasons[0] == "même catégorie, désignation proche (bois, palettes)"
    assert "boi" not in " ".join(found.reasons).replace("bois", "")
    near = score(
        source,
        facts(3, 3, words="Palette", lat=49.7001),
        50,
        designation_words("Palettes bois cassées"),
    )
    assert near.reasons[1] == "moins de 1 km"


def test_short_stop_and_generic_words_never_match_alone():
    offer = facts(1, 1, direction="offre", words="Écarts de tri de légumes")
    for other in ("Refus de tri", "Déchets de tri en mélange", "Tri", "Déchets verts"):
        assert (
            score(offer, facts(2, 2, words=other), 50, designation_words(offer.designation)) is None
        ), other
    assert designation_words("Déchets d'activités économiques") & designation_words("DAE")
    # a long word shared beside a short one still matches, and says only what it shares
    found = score(
        offer, facts(3, 3, words="Tri des légumes"), 50, designation_words(offer.designation)
    )
    assert found.reasons[0] == "même catégorie, désignation proche (légumes)"


def test_match_list_shows_reasons_without_internal_score(client, register, network):
    client.force_login(network.animator)
    response = client.get(f"/flux/{register['pallets_offer'].pk}/")
    text = response.content.decode()
    assert "même code déchet 15 01 03" in text
    assert "score" not in text.lower()
