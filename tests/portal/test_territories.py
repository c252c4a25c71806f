"""The public pages of the local programmes (/territoires/), their sections contributed by
the apps through TERRITORY_SECTIONS, the network map, privacy and query counts."""

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail import hooks
from wagtail.models import PageViewRestriction

from portal.axes import Axis
from portal.caching import bump_content_generation
from portal.factories import (
    CommunicationTemplatePageFactory,
    ExperienceFeedbackPageFactory,
    IndicatorGuidePageFactory,
    IndicatorValueFactory,
    MethodologySheetPageFactory,
    MonitoringItemFactory,
    TerritoryFactory,
)
from portal.hooks import TERRITORY_SECTIONS
from portal.roles import MEMBERS_GROUP

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def aube(db):
    return TerritoryFactory(
        name="Écopôle de l'Aube (test)",
        slug="ecopole-aube",
        lead_structure="Club des industriels (fictif)",
        departments="Aube (10)",
        year_started=2005,
        facilitator_name="Léa Test",
        facilitator_email="lea@exemple.fr",
        facilitator_phone="03 00 00 00 00",
        website="https://ecopole.exemple.fr/",
        latitude=D("48.29700"),
        longitude=D("4.07400"),
        presentation=(
            "Une démarche **pionnière**. <script>alert('x')</script>"
            "[piège](javascript:alert(1)) [site](https://exemple.fr/)"
        ),
    )


@pytest.fixture
def waste(site_tree):
    return IndicatorGuidePageFactory(
        parent=site_tree.section(Axis.INDICATORS), title="Déchets évités", code="dechets-evites"
    )


def value(territory, indicator, year, amount, validated=True):
    IndicatorValueFactory(
        territory=territory, indicator=indicator, year=year, value=D(amount), validated=validated
    )


def test_index_lists_every_programme_on_the_map_and_in_the_list(client, site_tree, aube):
    unplaced = TerritoryFactory(name="Démarche sans position", slug="sans-position")
    html = client.get("/territoires/").content.decode()
    assert "<h1>Les démarches du réseau</h1>" in html
    # the map: ten départements, one marker (a link) per programme with coordinates
    assert html.count("<path d=") == 10
    assert html.count('class="network-map__marker"') == 1
    assert '<a href="/territoires/ecopole-aube/" class="network-map__marker">' in html
    # the list equivalent names every programme, the unplaced one too
    assert 'href="/territoires/sans-position/"' in html
    assert "(non placée sur la carte)" in html
    assert unplaced.name in html
    assert "Source : IGN" in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)  # the map needs no inline JS


def test_page_shows_identity_contact_and_sanitised_presentation(client, site_tree, aube):
    response = client.get("/territoires/ecopole-aube/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Écopôle de l&#x27;Aube (test)</h1>" in html
    for text in ("Club des industriels (fictif)", "Aube (10)", "2005", "Léa Test"):
        assert text in html
    assert 'href="mailto:lea@exemple.fr"' in html
    assert 'href="tel:0300000000"' in html
    assert 'href="https://ecopole.exemple.fr/"' in html
    assert "<strong>pionnière</strong>" in html
    assert "<script>alert" not in html and "javascript:" not in html
    assert 'href="https://exemple.fr/"' in html
    assert 'aria-current="page"' in html  # the programme is highlighted on the map


def test_website_other_than_http_is_not_a_link(client, site_tree, aube):
    aube.website = "ftp://exemple.fr/fichiers"
    aube.save()
    assert 'href="ftp:' not in client.get("/territoires/ecopole-aube/").content.decode()


def test_unknown_slug_answers_the_french_404(client, site_tree):
    response = client.get("/territoires/inconnu/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_programme_without_position_nor_values_still_renders(client, site_tree, waste):
    TerritoryFactory(name="Démarche naissante", slug="naissante")
    response = client.get("/territoires/naissante/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "pas encore de valeur validée" in html
    assert "network-map__marker--current" not in html
    assert "n'apparaît pas sur la carte" in html


def test_key_figures_are_validated_values_with_the_trend_since_the_start(
    client, site_tree, aube, waste
):
    value(aube, waste, 2021, "100")
    value(aube, waste, 2024, "150")
    value(aube, waste, 2025, "999", validated=False)  # pending: never shown
    html = client.get("/territoires/ecopole-aube/").content.decode()
    assert "Chiffres clés 2024" in html
    assert "150" in html and "999" not in html
    assert "+50 % depuis 2021" in html


def test_members_only_indicator_is_hidden_from_anonymous(client, site_tree, aube):
    secret = IndicatorGuidePageFactory(
        parent=site_tree.section(Axis.INDICATORS),
        title="Gains secrets",
        code="gains-financiers",
        visibility="membres",
    )
    value(aube, secret, 2024, "12345")
    assert "Gains secrets" not in client.get("/territoires/ecopole-aube/").content.decode()


def test_publications_events_and_templates_respect_privacy(client, site_tree, aube):
    knowledge = site_tree.section(Axis.KNOWLEDGE)
    ExperienceFeedbackPageFactory(
        parent=knowledge, territories=[aube], title="Chaleur partagée", status="en_cours"
    )
    ExperienceFeedbackPageFactory(
        parent=knowledge, territories=[aube], title="Palettes à l'étude", status="etude"
    )
    ExperienceFeedbackPageFactory(
        parent=knowledge, territories=[aube], title="Brouillon caché", live=False
    )
    private = MethodologySheetPageFactory(
        parent=knowledge, territories=[aube], title="Fiche réservée"
    )
    restriction = PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get_or_create(name=MEMBERS_GROUP)[0])
    MethodologySheetPageFactory(parent=knowledge, territories=[aube], title="Fiche publique")
    other = TerritoryFactory(name="Ailleurs", slug="ailleurs")
    MethodologySheetPageFactory(parent=knowledge, territories=[other], title="Fiche d'ailleurs")
    CommunicationTemplatePageFactory(
        parent=site_tree.section(Axis.COMMUNICATION), territories=[aube], title="Affiche Aube"
    )
    today = timezone.localdate()
    for title, days, status in [
        ("Atelier à venir", 10, "publie"),
        ("Atelier passé", -10, "publie"),
        ("Atelier à relire", 12, "a_relire"),
    ]:
        item = MonitoringItemFactory(
            title=title,
            category="evenement",
            date=today + datetime.timedelta(days=days),
            status=status,
        )
        item.territories.add(aube)

    html = client.get("/territoires/ecopole-aube/").content.decode()
    assert "Synergies en fonctionnement" in html and "Chaleur partagée" in html
    assert "Palettes à l&#x27;étude" in html
    assert "Fiche publique" in html and "Affiche Aube" in html
    assert "Atelier à venir" in html
    for hidden in (
        "Brouillon caché",
        "Fiche réservée",
        "Fiche d&#x27;ailleurs",
        "Atelier passé",
        "Atelier à relire",
    ):
        assert hidden not in html, hidden


@pytest.fixture
def test_templates(settings):
    """Templates of the tests themselves (tests/fixtures/templates)."""
    templates = [dict(engine) for engine in settings.TEMPLATES]
    templates[0]["DIRS"] = [*templates[0]["DIRS"], Path(__file__).parents[1] / "fixtures/templates"]
    settings.TEMPLATES = templates


def test_every_registered_section_is_shown_in_order_and_empty_ones_dropped(
    client, site_tree, aube, test_templates
):
    def first(territory, request):
        return {"order": 1, "template": "tests/section.html", "context": {"text": "Premier"}}

    def nothing(territory, request):
        return None

    def last(territory, request):
        return {"order": 999, "template": "tests/section.html", "context": {"text": "Dernier"}}

    with (
        hooks.register_temporarily(TERRITORY_SECTIONS, last),
        hooks.register_temporarily(TERRITORY_SECTIONS, nothing),
        hooks.register_temporarily(TERRITORY_SECTIONS, first),
    ):
        html = client.get("/territoires/ecopole-aube/").content.decode()
    assert "Section de test : Premier" in html and "Section de test : Dernier" in html
    assert html.index("Premier") < html.index("Chiffres clés") < html.index("Dernier")


def fill(site_tree, territory, indicator, size):
    knowledge = site_tree.section(Axis.KNOWLEDGE)
    for n in range(size):
        ExperienceFeedbackPageFactory(
            parent=knowledge, territories=[territory], status="en_cours", year=2020 + n % 5
        )
        MethodologySheetPageFactory(parent=knowledge, territories=[territory])
        CommunicationTemplatePageFactory(
            parent=site_tree.section(Axis.COMMUNICATION), territories=[territory]
        )
        item = MonitoringItemFactory(
            category="evenement",
            status="publie",
            date=timezone.localdate() + datetime.timedelta(days=n + 1),
        )
        item.territories.add(territory)
    for year in range(2015, 2015 + size):
        value(territory, indicator, year, str(10 + year))


def queries_for(client, url):
    """Queries of a render whose page fragments are not cached (portal.caching)."""
    bump_content_generation()
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_query_count_does_not_grow_with_content(client, site_tree, waste):
    small = TerritoryFactory(name="Petite", slug="petite", latitude=48, longitude=5)
    large = TerritoryFactory(name="Grande", slug="grande", latitude=49, longitude=6)
    fill(site_tree, small, waste, 1)
    fill(site_tree, large, waste, 9)
    queries_for(client, "/territoires/petite/")  # warm the site-root cache
    assert queries_for(client, "/territoires/petite/") == queries_for(
        client, "/territoires/grande/"
    )
    for n in range(10):
        TerritoryFactory(name=f"Autre {n}", slug=f"autre-{n}", latitude=48.5, longitude=6)
    before = queries_for(client, "/territoires/")
    TerritoryFactory(name="Encore une", slug="encore", latitude=48.5, longitude=6)
    assert queries_for(client, "/territoires/") == before


def test_sitemap_lists_the_programmes_beside_the_pages(client, site_tree, aube):
    xml = client.get("/sitemap.xml").content.decode()
    assert "/territoires/ecopole-aube/</loc>" in xml
    assert xml.count("<url>") == 1 + 7  # the programme, the home page and its six sections


def test_programmes_are_listed_in_french_order(client, site_tree):
    for name, slug in (("Vosges", "vosges"), ("Écopôle", "ecopole"), ("Ardennes", "ardennes")):
        TerritoryFactory(name=name, slug=slug)
    html = client.get("/territoires/").content.decode()
    listing = html.split('aria-label="Liste des démarches du réseau"')[1]
    assert listing.index("Ardennes") < listing.index("Écopôle") < listing.index("Vosges")
