"""One "latest year" for the whole portal: the home page, the territory pages and the
dashboard show the same year (`capitalisation.dashboard.latest_year`), whoever looks."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from capitalisation.dashboard import latest_year
from portal.axes import Axis
from portal.factories import IndicatorGuidePageFactory, IndicatorValueFactory, TerritoryFactory
from tests.support.members import build_network

pytestmark = pytest.mark.django_db

THIS_YEAR = timezone.localdate().year
LAST, BEFORE = THIS_YEAR - 1, THIS_YEAR - 2


@pytest.fixture
def region(site_tree):
    """Two territories reported BEFORE; last year, only the first has a validated value
    (the second's is waiting for the animation): the region's last complete year is
    BEFORE, while the first territory alone has a LAST value."""
    ahead = TerritoryFactory(name="Territoire en avance", slug="en-avance")
    late = TerritoryFactory(name="Territoire en retard", slug="en-retard")
    waste = IndicatorGuidePageFactory(
        parent=site_tree.section(Axis.INDICATORS),
        title="Tonnes de déchets évités",
        code="dechets-evites",
        unit="t",
    )
    for territory, year, value, validated in [
        (ahead, BEFORE, 100, True),
        (late, BEFORE, 50, True),
        (ahead, LAST, 130, True),
        (late, LAST, 60, False),
    ]:
        IndicatorValueFactory(
            territory=territory,
            indicator=waste,
            year=year,
            value=Decimal(value),
            validated=validated,
        )
    return ahead, late


def test_the_rule_is_the_regions_last_complete_year(region):
    assert latest_year() == BEFORE
    today = datetime.date(LAST + 1, 1, 15)
    assert latest_year(today=today) == BEFORE


def test_home_territory_page_and_dashboard_show_the_same_year(client, region):
    ahead, _late = region
    home = client.get("/").content.decode()
    assert f"Le réseau en chiffres ({BEFORE})" in home
    territory = client.get(f"/territoires/{ahead.slug}/").content.decode()
    assert f"Chiffres clés {BEFORE}" in territory
    assert f"Chiffres clés {LAST}" not in territory
    dashboard = client.get("/indicateurs/tableau-de-bord/").content.decode()
    assert f"Chiffres clés {BEFORE} – Grand Est" in dashboard
    assert f"Par territoire, {BEFORE}" in dashboard
    filtered = client.get(f"/indicateurs/tableau-de-bord/?territory={ahead.slug}")
    assert f"Chiffres clés {BEFORE} – {ahead.name}" in filtered.content.decode()


def test_a_member_sees_the_same_year_as_a_visitor(client, region):
    network = build_network()
    client.force_login(network.animator)
    ahead, _late = region
    assert f"Chiffres clés {BEFORE}" in client.get(f"/territoires/{ahead.slug}/").content.decode()
