"""territory_key_figures: one year's validated values and consolidated gains."""

from decimal import Decimal

import pytest

from capitalisation.territory_figures import territory_key_figures
from portal.axes import Axis
from portal.factories import (
    ExperienceFeedbackPageFactory,
    IndicatorGuidePageFactory,
    IndicatorValueFactory,
    TerritoryFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures_world(site_tree):
    territory = TerritoryFactory(slug="aube-kf")
    waste = IndicatorGuidePageFactory(
        parent=site_tree.section(Axis.INDICATORS), title="Déchets", code="dechets-evites", unit="t"
    )
    secret = IndicatorGuidePageFactory(
        parent=site_tree.section(Axis.INDICATORS),
        code="gains-financiers",
        unit="€",
        visibility="membres",
    )
    for year, value, validated in [(2022, 10, True), (2023, 20, True), (2024, 99, False)]:
        IndicatorValueFactory(
            territory=territory, indicator=waste, year=year, value=value, validated=validated
        )
    IndicatorValueFactory(territory=territory, indicator=secret, year=2023, value=5)
    knowledge = site_tree.section(Axis.KNOWLEDGE)
    ExperienceFeedbackPageFactory(
        parent=knowledge,
        territories=[territory],
        year=2021,
        waste_tonnes_avoided=30,
        euros_saved=1000,
        jobs=2,
    )
    ExperienceFeedbackPageFactory(
        parent=knowledge,
        territories=[territory],
        year=2023,
        waste_tonnes_avoided=12,
        euros_saved=None,
        jobs=None,
    )
    ExperienceFeedbackPageFactory(
        parent=knowledge,
        territories=[territory],
        year=2023,
        waste_tonnes_avoided=500,
        live=False,
    )
    return territory


def by_key(figures):
    return {(f["source"], f["code"]): f for f in figures}


def test_one_year_validated_values_and_that_years_gains(figures_world):
    """The portal's latest year (2023: the last year before the pending 2024 return)."""
    figures = by_key(territory_key_figures(figures_world))
    waste = figures[("indicateur", "dechets-evites")]
    assert waste == {
        "code": "dechets-evites",
        "label": "Déchets",
        "value": Decimal(20),
        "unit": "t",
        "year": 2023,
        "source": "indicateur",
        "source_label": "valeur validée par l'animation régionale",
    }
    assert ("indicateur", "gains-financiers") not in figures  # members-only by default
    gains = figures[("retours d'expérience", "dechets-evites")]
    # 2023's documented gains only: 2021's 30 t are not today's figure
    assert gains["value"] == Decimal(12) and gains["year"] == 2023 and gains["unit"] == "t"
    assert ("retours d'expérience", "emplois") not in figures  # 2021 only
    assert all(isinstance(f["value"], Decimal) for f in figures.values())
    assert {f["year"] for f in figures.values()} == {2023}


def test_an_asked_year_gives_that_years_values_and_gains(figures_world):
    figures = by_key(territory_key_figures(figures_world, year=2022))
    assert figures[("indicateur", "dechets-evites")]["value"] == Decimal(10)
    assert ("retours d'expérience", "dechets-evites") not in figures
    figures = by_key(territory_key_figures(figures_world, year=2021))
    assert figures[("retours d'expérience", "dechets-evites")]["value"] == Decimal(30)
    assert figures[("retours d'expérience", "emplois")]["value"] == Decimal(2)


def test_members_only_on_request(figures_world):
    figures = by_key(territory_key_figures(figures_world, include_members_only=True))
    assert figures[("indicateur", "gains-financiers")]["value"] == Decimal(5)


def test_unknown_territory_has_no_figures(site_tree):
    assert territory_key_figures(TerritoryFactory()) == []
