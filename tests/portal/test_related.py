"""The "Voir aussi" of knowledge pages on the database engine: ordering by shared tags,
themes and territories, privacy, rendering and query count."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from portal.axes import Axis
from portal.caching import bump_content_generation
from portal.factories import (
    ExperienceFeedbackPageFactory,
    IndicatorGuidePageFactory,
    MethodologySheetPageFactory,
    TerritoryFactory,
    ThemeFactory,
    UserFactory,
)
from portal.related import RelatedPage, related_pages

pytestmark = pytest.mark.django_db

TAGS = ["chaleur fatale", "réseau de chaleur"]


@pytest.fixture
def network(site_tree):
    knowledge = site_tree.section(Axis.KNOWLEDGE)
    indicators = site_tree.section(Axis.INDICATORS)
    nancy, metz = TerritoryFactory(name="Nancy"), TerritoryFactory(name="Metz")
    energy, water = ThemeFactory(name="Énergie"), ThemeFactory(name="Eau")

    def sheet(title, parent=knowledge, factory=MethodologySheetPageFactory, **kwargs):
        kwargs.setdefault("publication_date", datetime.date(2024, 6, 1))
        return factory(parent=parent, title=title, **kwargs)

    return {
        "knowledge": knowledge,
        "shared": {"tags": TAGS, "themes": [energy], "territories": [nancy]},
        "source": sheet("Fiche source", tags=TAGS, themes=[energy], territories=[nancy]),
        # tag 3, theme 2, territory 1 per shared value
        "two_tags": sheet(
            "Deux étiquettes communes", factory=ExperienceFeedbackPageFactory,
            tags=TAGS, themes=[water], territories=[metz],
        ),
        "tag_theme": sheet(
            "Une étiquette et la thématique", tags=[TAGS[0]], themes=[energy], territories=[metz]
        ),
        "theme_territory": sheet(
            "Thématique et territoire", parent=indicators, factory=IndicatorGuidePageFactory,
            themes=[energy], territories=[nancy],
        ),
        "territory_recent": sheet("Territoire seul, récent", themes=[water], territories=[nancy]),
        "territory_old": sheet(
            "Territoire seul, ancien", themes=[water], territories=[nancy],
            publication_date=datetime.date(2019, 1, 1),
        ),
        "unrelated": sheet("Sans rapport", tags=["bois"], themes=[water], territories=[metz]),
    }  # fmt: skip


def titles(pages):
    return [page.title for page in pages]


def test_ordered_by_shared_tags_themes_and_territories(network):
    related = related_pages(network["source"], None, limit=10)
    assert titles(related) == [
        "Deux étiquettes communes",
        "Une étiquette et la thématique",
        "Thématique et territoire",
        "Territoire seul, récent",
        "Territoire seul, ancien",
    ]
    assert related[0] == RelatedPage(
        title="Deux étiquettes communes",
        url=network["two_tags"].url,
        content_type_label="Retour d'expérience",
    )


def test_limit_and_never_the_page_itself(network):
    related = related_pages(network["source"], None)
    assert len(related) == 4
    assert "Fiche source" not in titles(related_pages(network["source"], None, limit=50))
    assert related_pages(network["source"], None, limit=0) == []


def test_not_indexed_page_has_no_suggestion(network):
    draft = MethodologySheetPageFactory(
        parent=network["knowledge"], live=False, **network["shared"]
    )
    assert related_pages(draft, None) == []


@pytest.fixture
def hidden_pages(network):
    """Pages sharing everything with the source, so they would come first if visible."""
    members = Group.objects.create(name="Animateurs du réseau")

    def page(title, **kwargs):
        return MethodologySheetPageFactory(
            parent=network["knowledge"], title=title,
            publication_date=datetime.date(2025, 1, 1), **network["shared"], **kwargs,
        )  # fmt: skip

    group_only = page("Réservée au groupe")
    restriction = PageViewRestriction.objects.create(
        page=group_only, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(members)
    login_only = page("Réservée aux comptes")
    PageViewRestriction.objects.create(page=login_only, restriction_type=PageViewRestriction.LOGIN)
    password = page("Protégée par mot de passe")
    PageViewRestriction.objects.create(
        page=password, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    page("Brouillon jamais publié", live=False)
    page("Dépubliée").unpublish()
    member = UserFactory()
    member.groups.add(members)
    return {"group": members, "member": member, "group_only": group_only}


HIDDEN_TITLES = {
    "Réservée au groupe",
    "Réservée aux comptes",
    "Protégée par mot de passe",
    "Brouillon jamais publié",
    "Dépubliée",
}


def test_visitors_never_see_pages_they_cannot_open(network, hidden_pages):
    anonymous = titles(related_pages(network["source"], None, limit=50))
    assert not HIDDEN_TITLES & set(anonymous)
    assert anonymous[0] == "Deux étiquettes communes"

    outsider = titles(related_pages(network["source"], UserFactory(), limit=50))
    assert HIDDEN_TITLES & set(outsider) == {"Réservée aux comptes"}

    member = titles(related_pages(network["source"], hidden_pages["member"], limit=50))
    assert HIDDEN_TITLES & set(member) == {"Réservée au groupe", "Réservée aux comptes"}
    assert member[:2] == ["Réservée au groupe", "Réservée aux comptes"]


def test_restriction_on_a_section_hides_its_pages(network):
    indicators = network["theme_territory"].get_parent()
    PageViewRestriction.objects.create(page=indicators, restriction_type=PageViewRestriction.LOGIN)
    anonymous = titles(related_pages(network["source"], None, limit=50))
    assert "Thématique et territoire" not in anonymous
    logged_in = titles(related_pages(network["source"], UserFactory(), limit=50))
    assert "Thématique et territoire" in logged_in


def test_page_renders_see_also_for_what_the_visitor_may_open(client, network, hidden_pages):
    html = client.get(network["source"].url).content.decode()
    assert '<aside class="see-also" aria-labelledby="see-also-title">' in html
    assert '<h2 id="see-also-title" class="see-also__title">Voir aussi</h2>' in html
    assert f'<a href="{network["two_tags"].url}">Deux étiquettes communes</a>' in html
    assert not [title for title in HIDDEN_TITLES if title in html]

    client.force_login(hidden_pages["member"])
    html = client.get(network["source"].url).content.decode()
    assert f'<a href="{hidden_pages["group_only"].url}">Réservée au groupe</a>' in html


def test_page_without_related_pages_has_no_aside(client, network):
    alone = MethodologySheetPageFactory(
        parent=network["knowledge"], themes=[ThemeFactory(name="Sols")], tags=["friche"]
    )
    html = client.get(alone.url).content.decode()
    assert "Voir aussi" not in html


def page_queries(client, page):
    """Queries of a render whose page fragments are not cached (portal.caching)."""
    client.get(page.url)  # warm caches (site root paths, content types)
    bump_content_generation()
    with CaptureQueriesContext(connection) as context:
        response = client.get(page.url)
    assert response.status_code == 200
    assert "Voir aussi" in response.content.decode()
    return [query["sql"] for query in context.captured_queries]


def test_see_also_query_count_does_not_grow_with_candidates(client, network):
    few = page_queries(client, network["source"])
    for index in range(12):
        MethodologySheetPageFactory(
            parent=network["knowledge"], title=f"Candidate {index}", **network["shared"]
        )
    many = page_queries(client, network["source"])
    assert len(many) == len(few)
    see_also = [sql for sql in many if "search_search" in sql]
    assert len(see_also) == 2
