"""The indicator dashboard: aggregation rules, gains, visibility, filters and exports."""

import csv
import io
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.urls import include, path
from openpyxl import load_workbook
from wagtail import hooks

from capitalisation.dashboard import (
    Point,
    aggregate,
    consolidate_gains,
    regional_totals,
)
from capitalisation.hooks import SYNERGY_GAINS
from capitalisation.models import IndicatorValue
from portal.axes import Axis
from portal.exports import safe_cell
from portal.factories import (
    ExperienceFeedbackPageFactory,
    IndicatorGuidePageFactory,
    IndicatorValueFactory,
    TerritoryFactory,
    UserFactory,
)
from portal.roles import MEMBERS_GROUP
from portal.urls import urlpatterns as portal_urlpatterns

urlpatterns = [path("", include("capitalisation.urls")), *portal_urlpatterns]

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.capitalisation.test_dashboard")]

URL = "/indicateurs/tableau-de-bord/"
D = Decimal


# --- pure aggregation -------------------------------------------------------------------


def test_sum_and_average_per_year():
    values = {(1, 2023): D(10), (2, 2023): D(20), (1, 2024): D(5)}
    assert aggregate("somme", values, [2022, 2023, 2024]) == {
        2022: None,
        2023: D(30),
        2024: D(5),
    }
    assert aggregate("moyenne", values, [2023, 2024]) == {2023: D(15), 2024: D(5)}
    assert aggregate("moyenne", {(1, 2023): D(1), (2, 2023): D(2)}, [2023]) == {2023: D("1.50")}


def test_latest_carries_each_territory_last_value():
    values = {(1, 2021): D(4), (2, 2021): D(3), (1, 2023): D(6)}
    assert aggregate("derniere", values, [2020, 2021, 2022, 2023]) == {
        2020: None,
        2021: D(7),
        2022: D(7),
        2023: D(9),
    }


def test_regional_totals_use_each_indicator_rule():
    class Indicator:
        def __init__(self, pk, aggregation):
            self.pk, self.aggregation = pk, aggregation

    points = [Point(1, 1, 2024, D(2)), Point(1, 2, 2024, D(4)), Point(2, 1, 2024, D(2))]
    points += [Point(2, 2, 2024, D(4))]
    totals = regional_totals(points, [Indicator(1, "somme"), Indicator(2, "moyenne")], [2024])
    assert totals == {1: {2024: D(6)}, 2: {2024: D(3)}}


def test_gains_consolidation_counts_a_shared_page_once_regionally():
    rows = [
        {"pk": 1, "year": 2023, "territories": 10, "waste_tonnes_avoided": D(100), "jobs": 2},
        {"pk": 1, "year": 2023, "territories": 20, "waste_tonnes_avoided": D(100), "jobs": 2},
        {"pk": 2, "year": 2023, "territories": 10, "waste_tonnes_avoided": D(5), "jobs": None},
    ]
    by_territory, regional = consolidate_gains(rows)
    assert by_territory[10][2023] == {"dechets-evites": D(105), "emplois": D(2)}
    assert by_territory[20][2023] == {"dechets-evites": D(100), "emplois": D(2)}
    assert regional[2023] == {"dechets-evites": D(105), "emplois": D(2)}


def test_safe_cell_neutralises_formulas():
    assert [safe_cell(v) for v in ("=1+1", "+3", "-2", "@SUM", "ok", 5)] == [
        "'=1+1",
        "'+3",
        "'-2",
        "'@SUM",
        "ok",
        5,
    ]


# --- the page -----------------------------------------------------------------------------


@pytest.fixture
def data(site_tree):
    section = site_tree.section(Axis.INDICATORS)
    aube = TerritoryFactory(name="Aube (test)", slug="aube-test")
    moselle = TerritoryFactory(name="Moselle (test)", slug="moselle-test")
    waste = IndicatorGuidePageFactory(
        parent=section, title="Déchets évités", code="dechets-evites", unit="t"
    )
    secret = IndicatorGuidePageFactory(
        parent=section,
        title="Gains financiers secrets",
        code="gains-financiers",
        unit="€",
        visibility="membres",
    )
    for territory, year, value, validated in [
        (aube, 2023, "100", True),
        (moselle, 2023, "50", True),
        (aube, 2024, "70", False),  # not validated: never counted
    ]:
        IndicatorValueFactory(
            territory=territory,
            indicator=waste,
            year=year,
            value=D(value),
            validated=validated,
            source='=HYPERLINK("x")' if territory == aube else "Registre",
        )
    IndicatorValueFactory(territory=aube, indicator=secret, year=2023, value=D("12345"))
    ExperienceFeedbackPageFactory(
        parent=site_tree.section(Axis.KNOWLEDGE),
        territories=[aube],
        year=2023,
        waste_tonnes_avoided=40,
        euros_saved=None,
    )
    ExperienceFeedbackPageFactory(
        parent=site_tree.section(Axis.KNOWLEDGE),
        territories=[aube],
        year=2023,
        waste_tonnes_avoided=999,
        live=False,  # a draft: not counted
    )
    return {"aube": aube, "moselle": moselle, "waste": waste, "secret": secret}


def test_dashboard_renders_validated_totals_and_gains(client, data):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Seules les valeurs validées" in html
    assert "<svg" in html and not re.search(r"<script(?![^>]*\bsrc=)", html)  # no inline JS
    assert '<th scope="row">2023</th>' in html
    assert "150" in html  # 100 + 50, validated
    assert '<th scope="row">2024</th>' not in html  # only an unvalidated value that year
    assert "REX : 40" in html  # the draft page (999 t) is not counted
    assert "REX : 1" not in html
    assert "<caption" in html


def test_members_only_indicators_hidden_from_anonymous(client, data):
    assert "Gains financiers secrets" not in client.get(URL).content.decode()
    member = UserFactory(username="membre")
    member.groups.add(Group.objects.create(name=MEMBERS_GROUP))
    client.force_login(member)
    assert "Gains financiers secrets" in client.get(URL).content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "?year=2023",
        "?territory=aube-test",
        "?year=2023&territory=moselle-test",
        "?year=abc",
        "?territory=inconnu",
        "?year=99999999999999999999",
        "?year=&territory=",
    ],
)
def test_filters_never_fail(client, data, query):
    response = client.get(URL + query)
    assert response.status_code == 200


def test_bad_filters_are_explained_in_french(client, data):
    html = client.get(URL + "?year=abc&territory=inconnu").content.decode()
    assert "Année inconnue" in html and "Territoire inconnu" in html


def test_territory_filter_restricts_the_figures(client, data):
    html = client.get(URL + "?territory=moselle-test").content.decode()
    assert "Moselle (test)" in html
    assert '<th scope="row">Aube (test)</th>' not in html


def test_csv_export_opens_back_and_is_safe(client, data):
    response = client.get(URL + "export.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Indicateur", "Code", "Unité"]
    values = {(r[3], r[4]): r[5] for r in rows[1:] if len(r) > 5 and r[1] == "dechets-evites"}
    assert values[("Aube (test)", "2023")] == "100,00"  # a French spreadsheet reads a number
    assert ("Aube (test)", "2024") not in values
    assert values[("Total régional (agrégé)", "2023")] == "150,00"
    assert not any(r[1] == "gains-financiers" for r in rows if len(r) > 1)


def test_xlsx_export_opens_back_and_is_safe(client, data):
    member = UserFactory(username="membre2")
    member.groups.add(Group.objects.create(name=MEMBERS_GROUP))
    client.force_login(member)
    response = client.get(URL + "export.xlsx?year=2023")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["Valeurs validées"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Indicateur"
    assert any(row[1] == "gains-financiers" and row[5] == 12345 for row in rows[1:])
    for row in workbook["Gains des REX"].iter_rows(values_only=True):
        assert not any(isinstance(c, str) and c.startswith(("=", "+", "@")) for c in row)
    assert all(not (isinstance(c, str) and c.startswith("=")) for row in rows for c in row)


def test_dashboard_queries_are_bounded(client, data, django_assert_max_num_queries):
    with django_assert_max_num_queries(25):
        assert client.get(URL).status_code == 200


def test_dashboard_of_a_full_network_stays_under_150_kb(client, site_tree):
    """Twelve territories, ten indicators, five years: the HTML stays under 150 KB."""
    section = site_tree.section(Axis.INDICATORS)
    territories = [TerritoryFactory(name=f"Territoire {n}", slug=f"t-{n}") for n in range(12)]
    for i in range(10):
        guide = IndicatorGuidePageFactory(parent=section, title=f"Indicateur {i}", code=f"i-{i}")
        IndicatorValue.objects.bulk_create(
            IndicatorValue(
                territory=territory,
                indicator=guide,
                year=year,
                value=D(100 + 17 * n + year % 7),
                validated=True,
            )
            for n, territory in enumerate(territories)
            for year in range(2021, 2026)
        )
    response = client.get(URL)
    size = len(response.content)
    print(f"dashboard HTML: {size} bytes")  # noqa: T201 - the measured figure, with -s
    assert response.content.decode().count('class="indicator-trend"') == 10
    assert size < 150 * 1024, size


def test_headline_tiles_come_first_with_the_change_from_the_previous_year(client, data):
    IndicatorValueFactory(
        territory=data["aube"], indicator=data["waste"], year=2022, value=D("120")
    )
    html = client.get(URL + "?year=2023").content.decode()
    tiles = html.index('class="figure-tiles"')
    assert tiles < html.index('class="indicator-trend"')
    assert "+25 % par rapport à 2022" in html  # 150 against 120


def test_headline_of_a_territory_follows_the_filter(client, data):
    response = client.get(URL + "?territory=moselle-test&year=2023")
    assert [f.value for f in response.context["headlines"]] == [D(50)]


def test_running_synergies_gains_show_beside_the_declared_values(client, data):
    def synergy_gains(territory):
        rows = [
            {
                "pk": ("synergy", 1),
                "year": 2023,
                "territories": data["moselle"].pk,
                "waste_tonnes_avoided": D("7"),
            }
        ]
        return [r for r in rows if territory is None or r["territories"] == territory.pk]

    with hooks.register_temporarily(SYNERGY_GAINS, synergy_gains):
        response = client.get(URL + "?year=2023")
    waste = response.context["headlines"][0]
    assert waste.value == D(150)  # declared values are not changed by the gains
    assert waste.gain == D(47)  # 40 from the experience feedback page, 7 from the synergy
    assert "Gains documentés (retours d'expérience, synergies en fonctionnement) : 47" in (
        response.content.decode()
    )
