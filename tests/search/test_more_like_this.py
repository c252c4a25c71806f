"""The "Voir aussi" on the real Elasticsearch: `more_like_this` plus shared terms, with the
search's visibility filter, and the database fallback when Elasticsearch is down."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from portal.factories import UserFactory
from portal.related import related_pages
from search import breaker, service
from search.engines import elasticsearch as es

pytestmark = pytest.mark.django_db

HEAT = (
    "La fonderie récupère la chaleur fatale de ses fours pour alimenter le réseau de chaleur "
    "de la zone d'activités ; l'échangeur thermique préchauffe l'eau des serres maraîchères."
)
OTHER = "Les palettes en bois usagées sont réparées puis revendues par une menuiserie voisine."


@pytest.fixture
def pages(build):
    source = build.page(
        "Chaleur fatale de la fonderie", body=HEAT, themes=["Énergie"], territories=["Nancy"],
        tags=["chaleur fatale"],
    )  # fmt: skip
    return {
        "source": source,
        # The same subject in other words, and nothing in common in the taxonomy.
        "text_twin": build.page(
            "Serres chauffées par les fours", body=HEAT, themes=["Agriculture"],
            territories=["Metz"], kind="experience",
        ),
        "text_and_tag": build.page(
            "Échangeur thermique et réseau de chaleur", body=HEAT, themes=["Agriculture"],
            territories=["Metz"], tags=["chaleur fatale"],
        ),
        "theme_only": build.page(
            "Palettes et énergie", body=OTHER, themes=["Énergie"], territories=["Metz"]
        ),
        "unrelated": build.page(
            "Réemploi des palettes", body=OTHER, themes=["Bois"], territories=["Épinal"]
        ),
    }  # fmt: skip


def titles(pages):
    return [page.title for page in pages]


def test_more_like_this_finds_pages_by_their_text(pages):
    es.refresh()
    related = titles(related_pages(pages["source"], None, limit=10))
    assert related[0] == "Échangeur thermique et réseau de chaleur"
    assert set(related) == {
        "Échangeur thermique et réseau de chaleur",
        "Serres chauffées par les fours",
        "Palettes et énergie",
    }
    assert "Chaleur fatale de la fonderie" not in related
    assert "Réemploi des palettes" not in related


def test_database_engine_only_knows_the_taxonomy(pages, settings):
    settings.ELASTICSEARCH_URL = ""
    related = titles(related_pages(pages["source"], None, limit=10))
    assert related == ["Échangeur thermique et réseau de chaleur", "Palettes et énergie"]


def test_engine_answering_is_elasticsearch(pages):
    es.refresh()
    engine = service.active_engine()
    assert engine.name == "elasticsearch"
    terms = service.related_terms(pages["source"].pk)
    results = engine.related(pages["source"].pk, terms, service.principals_for(None), 10)
    assert "Serres chauffées par les fours" in [item["title"] for item in results]
    assert set(results[0]) == {"title", "url", "content_type_label"}


@pytest.fixture
def private_twin(build, pages):
    members = Group.objects.create(name="Animation")
    page = build.page("Note interne sur la fonderie", body=HEAT, tags=["chaleur fatale"])
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(members)
    unpublished = build.page("Ancienne fiche sur la fonderie", body=HEAT, tags=["chaleur fatale"])
    unpublished.unpublish()
    member = UserFactory()
    member.groups.add(members)
    es.refresh()
    return {"page": page, "member": member}


def test_more_like_this_respects_privacy(pages, private_twin):
    anonymous = titles(related_pages(pages["source"], None, limit=10))
    assert "Note interne sur la fonderie" not in anonymous
    assert "Ancienne fiche sur la fonderie" not in anonymous
    outsider = titles(related_pages(pages["source"], UserFactory(), limit=10))
    assert "Note interne sur la fonderie" not in outsider
    member = titles(related_pages(pages["source"], private_twin["member"], limit=10))
    assert "Note interne sur la fonderie" in member
    assert "Ancienne fiche sur la fonderie" not in member


def test_page_renders_more_like_this(client, pages, private_twin):
    html = client.get(pages["source"].url).content.decode()
    assert f'<a href="{pages["text_twin"].url}">Serres chauffées par les fours</a>' in html
    assert "Note interne sur la fonderie" not in html


def test_falls_back_to_the_database_when_elasticsearch_is_down(pages, settings):
    es.refresh()
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    related = titles(related_pages(pages["source"], None, limit=10))
    assert related == ["Échangeur thermique et réseau de chaleur", "Palettes et énergie"]
    assert breaker.is_open()
