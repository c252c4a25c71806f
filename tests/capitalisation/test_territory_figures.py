"""territory_key_figures: latest validated values and summed experience-feedback gains."""

from decimal import Decimal

import pytest

from capitalisation.models import IndicatorValue
from capitalisation.territory_figures import territory_key_figures
from portal.axes import Axis
from portal.factories import (
    ExperienceFeedbackPageFactory,
    IndicatorGuidePageFactory,
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
        IndicatorValue(
            territory=territory, indicator=waste, year=year, value=value, validated=validated
        ).save()
    IndicatorValue(territory=territory, indicator=secret, year=2023, value=5, validated=True).save()
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


def test_latest_validated_value_and_summed_gains(figures_world):
    figures = by_key(territory_key_figures(figures_world))
    waste = figures[("indicateur", "dechets-evites")]
    assert waste == {
        "code": "dechets-evites",
        "label": "Déchets",
        "value": Decimal(20),
        "unit": "t",
        "year": 2023,
        "source": "indicateur",
    }
    assert ("indicateur", "gains-financiers") not in figures  # members-only by default
    gains = figures[("retours d'expérience", "dechets-evites")]
    assert gains["value"] == Decimal(42) and gains["year"] == 2023 and gains["unit"] == "t"
    assert figures[("retours d'expérience", "emplois")]["value"] == Decimal(2)
    assert all(isinstance(f["value"], Decimal) for f in figures.values())


def test_year_limits_values_and_gains(figures_world):
    figures = by_key(territory_key_figures(figures_world, year=2022))
    assert figures[("indicateur", "dechets-evites")]["value"] == Decimal(10)
    assert figures[("retours d'expérience", "dechets-evites")]["value"] == Decimal(30)


def test_members_only_on_request(figures_world):
    figures = by_key(territory_key_figures(figures_world, include_members_only=True))
    assert figures[("indicateur", "gains-financiers")]["value"] == Decimal(5)


def test_unknown_territory_has_no_figures(site_tree):
    assert territory_key_figures(TerritoryFactory()) == []
