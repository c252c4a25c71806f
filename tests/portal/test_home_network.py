"""The home page shows the network: headline figures (the dashboard's own), the open
survey, the latest digest, the next events, the map, and no empty card."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from portal.axes import Axis
from portal.factories import (
    ExperienceFeedbackPageFactory,
    IndicatorGuidePageFactory,
    IndicatorValueFactory,
    MonitoringDigestPageFactory,
    MonitoringItemFactory,
    StandardPageFactory,
    TerritoryFactory,
    TrainingNeedsSurveyPageFactory,
)

pytestmark = pytest.mark.django_db

D = Decimal
DASHBOARD = "/indicateurs/tableau-de-bord/"


@pytest.fixture
def figures(site_tree):
    indicators = site_tree.section(Axis.INDICATORS)
    aube = TerritoryFactory(name="Aube (test)", slug="aube-test", latitude=48.3, longitude=4.1)
    moselle = TerritoryFactory(name="Moselle (test)", slug="moselle-test")
    guides = {
        code: IndicatorGuidePageFactory(
            parent=indicators, title=title, code=code, unit=unit, aggregation=rule
        )
        for code, title, unit, rule in [
            ("dechets-evites", "Déchets évités", "t", "somme"),
            ("energie-economisee", "Énergie économisée", "MWh", "somme"),
            ("gains-financiers", "Économies réalisées", "€", "somme"),
            ("synergies-en-fonctionnement", "Synergies en fonctionnement", "synergies", "derniere"),
            ("entreprises-impliquees", "Entreprises impliquées", "entreprises", "derniere"),
        ]
    }
    last = timezone.localdate().year - 1
    for territory, factor in ((aube, 2), (moselle, 1)):
        for guide in guides.values():
            for year, base in ((last - 1, 100), (last, 130)):
                pending = territory == moselle and guide.code == "dechets-evites" and year == last
                IndicatorValueFactory(
                    territory=territory,
                    indicator=guide,
                    year=year,
                    value=D(100000 if pending else base * factor),
                    validated=not pending,  # a pending value is counted nowhere
                )
    ExperienceFeedbackPageFactory(
        parent=site_tree.section(Axis.KNOWLEDGE),
        territories=[aube],
        year=last,
        waste_tonnes_avoided=40,
    )
    return {"year": last, "aube": aube, "guides": guides}


def shown_figures(response, template):
    section = next(s for s in response.context["home_sections"] if s["template"] == template)
    return section["context"]["year"], section["context"]["figures"]


def as_numbers(figures):
    return [(f.indicator.code, f.value, f.reference_value, f.gain) for f in figures]


def test_home_figures_are_the_dashboards(client, figures):
    home = client.get("/")
    year, on_home = shown_figures(home, "capitalisation/home_figures.html")
    dashboard = client.get(DASHBOARD)
    assert year == dashboard.context["headline_year"] == figures["year"]
    assert as_numbers(on_home) == as_numbers(dashboard.context["headlines"])
    assert [f.indicator.code for f in on_home] == [
        "dechets-evites",
        "energie-economisee",
        "gains-financiers",
        "synergies-en-fonctionnement",
        "entreprises-impliquees",
    ]
    waste = on_home[0]
    assert waste.value == D(260)  # Moselle's value is pending validation
    assert waste.change_percent == D(-13)  # against 200 + 100
    assert waste.gain == D(40)
    assert on_home[1].value == D(390) and on_home[1].change_percent == D(30)
    html = home.content.decode()
    assert "Le réseau en chiffres" in html and "+30 % par rapport à" in html


def test_home_figures_follow_the_dashboard_for_another_year(client, figures):
    earlier = figures["year"] - 1
    dashboard = client.get(f"{DASHBOARD}?year={earlier}")
    assert dashboard.context["headline_year"] == earlier
    assert dashboard.context["headlines"][0].value == D(300)


def test_home_without_values_says_so(client, site_tree):
    html = client.get("/").content.decode()
    assert "Pas encore de valeur validée" in html


def test_home_shows_open_survey_digest_events_and_map(client, site_tree):
    now = timezone.now()
    TrainingNeedsSurveyPageFactory(
        parent=site_tree.section(Axis.TRAINING),
        title="Enquête ouverte 2026",
        opens_at=now - datetime.timedelta(days=2),
        closes_at=now + datetime.timedelta(days=20),
    )
    TrainingNeedsSurveyPageFactory(
        parent=site_tree.section(Axis.TRAINING),
        title="Enquête close",
        opens_at=now - datetime.timedelta(days=60),
        closes_at=now - datetime.timedelta(days=2),
    )
    MonitoringDigestPageFactory(parent=site_tree.section(Axis.MONITORING), title="Lettre récente")
    MonitoringItemFactory(
        title="Rencontre régionale",
        category="evenement",
        status="publie",
        date=timezone.localdate() + datetime.timedelta(days=5),
    )
    TerritoryFactory(name="Placée", slug="placee", latitude=48.5, longitude=6)
    html = client.get("/").content.decode()
    assert "Enquête ouverte 2026" in html and "Répondez avant le" in html
    assert "Enquête close" not in html.split("Enquête en cours")[1].split("</section>")[0]
    assert "Lettre récente" in html
    assert "Rencontre régionale" in html
    assert 'href="/territoires/placee/" class="network-map__marker"' in html


def test_no_latest_card_is_empty(client, site_tree):
    StandardPageFactory(parent=site_tree.section(Axis.TRANSVERSAL), title="Page sans résumé")
    response = client.get("/")
    html = response.content.decode()
    card = html.split("Page sans résumé")[1].split("</article>")[0]
    assert 'class="card__summary"' in card
