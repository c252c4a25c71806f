"""Curated collections: a saved search shown as a live list, on both engines."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from portal.axes import Axis
from portal.factories import UserFactory
from portal.models import SectionPage, Theme
from search.engines import elasticsearch as es
from search.models import CollectionPage
from search.seed import COLLECTIONS, seed_collections

pytestmark = pytest.mark.django_db

ENGINES = ["elasticsearch", "database"]


def use_engine(engine_name, settings):
    if engine_name == "database":
        settings.ELASTICSEARCH_URL = ""
    else:
        es.refresh()


def make_collection(site_tree, title="Valoriser les déchets bois", themes=(), **fields):
    section = site_tree.section(Axis.TRANSVERSAL)
    page = CollectionPage(title=title, **fields)
    page.themes = list(themes)
    section.add_child(instance=page)
    page.save_revision().publish()
    return page


def titles(response):
    return [result.title for result in response.context["response"].results]


@pytest.mark.parametrize("engine_name", ENGINES)
def test_lists_matching_pages_and_stays_up_to_date(engine_name, build, site_tree, client, settings):
    build.page("Estimer un gisement de bois", themes=["Déchets"], tags=["bois"])
    build.page("Récupérer la chaleur fatale", themes=["Énergie"])
    dechets = Theme.objects.get(slug="dechets")
    collection = make_collection(site_tree, themes=[dechets])
    use_engine(engine_name, settings)

    response = client.get(collection.url)
    assert response.status_code == 200
    assert response.context["response"].engine == engine_name
    assert titles(response) == ["Estimer un gisement de bois"]
    assert "Récupérer la chaleur fatale" not in response.content.decode()

    # A page published later appears without touching the collection.
    build.page("Trier les déchets de chantier", themes=["Déchets"])
    use_engine(engine_name, settings)
    response = client.get(collection.url)
    assert set(titles(response)) == {"Estimer un gisement de bois", "Trier les déchets de chantier"}


@pytest.mark.parametrize("engine_name", ENGINES)
def test_query_content_type_and_tag_filters(engine_name, build, site_tree, client, settings):
    build.page("Palettes bois réemployées", body="Réemploi du bois.", kind="experience")
    build.page("Fiche bois", body="Le bois en méthode.", tags=["bois"])
    build.page("Fiche eau", body="L'eau de process.", tags=["eau"])
    use_engine(engine_name, settings)

    by_type = make_collection(
        site_tree, title="Retours bois", query="bois",
        content_types=["capitalisation.ExperienceFeedbackPage"],
    )  # fmt: skip
    assert titles(client.get(by_type.url)) == ["Palettes bois réemployées"]

    by_tag = make_collection(site_tree, title="Étiquette bois", tags=" bois , bois,")
    assert by_tag.tag_list() == ["bois"]
    use_engine(engine_name, settings)
    assert titles(client.get(by_tag.url)) == ["Fiche bois"]


@pytest.mark.parametrize("engine_name", ENGINES)
def test_members_only_page_never_shown_to_anonymous(
    engine_name, build, site_tree, client, settings
):
    members = Group.objects.create(name="Membres du réseau")
    build.page("Fiche publique", themes=["Déchets"])
    private = build.page("Compte rendu réservé", themes=["Déchets"])
    restriction = PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(members)
    private.save_revision().publish()  # re-index with its new visibility
    collection = make_collection(site_tree, themes=[Theme.objects.get(slug="dechets")])
    use_engine(engine_name, settings)

    response = client.get(collection.url)
    assert titles(response) == ["Fiche publique"]
    assert response.context["response"].total == 1
    assert "Compte rendu réservé" not in response.content.decode()

    client.force_login(UserFactory())
    assert titles(client.get(collection.url)) == ["Fiche publique"]

    member = UserFactory()
    member.groups.add(members)
    client.force_login(member)
    assert set(titles(client.get(collection.url))) == {"Fiche publique", "Compte rendu réservé"}


def test_refine_link_and_pagination(build, site_tree, client):
    for number in range(12):
        build.page(f"Fiche déchets {number}", body="Déchets de bois.", themes=["Déchets"])
    dechets = Theme.objects.get(slug="dechets")
    collection = make_collection(site_tree, query="bois", themes=[dechets], sort="date")
    es.refresh()

    assert collection.refine_url() == "/recherche/?q=bois&theme=dechets&sort=date"
    response = client.get(collection.url)
    html = response.content.decode()
    assert "Affiner dans la recherche" in html
    assert 'href="/recherche/?q=bois&amp;theme=dechets&amp;sort=date"' in html
    assert len(titles(response)) == 10
    assert response.context["response"].pages == 2
    assert 'href="?page=2"' in html

    second = client.get(collection.url, {"page": 2})
    assert len(titles(second)) == 2
    for wrong in ("abc", "0", "-3"):
        assert titles(client.get(collection.url, {"page": wrong})) == titles(response)
    assert len(titles(client.get(collection.url, {"page": 99}))) == 2


def test_only_under_the_ressources_section(site_tree):
    ressources = site_tree.section(Axis.TRANSVERSAL)
    assert CollectionPage in SectionPage.allowed_subpage_models()
    assert CollectionPage.can_create_at(ressources)
    assert not CollectionPage.can_create_at(site_tree.section(Axis.KNOWLEDGE))
    assert not CollectionPage.can_create_at(site_tree.home)
    assert CollectionPage in ressources.specific.creatable_subpage_models()
    assert CollectionPage.allowed_subpage_models() == []


def test_admin_add_form_lists_content_types(site_tree, client, django_user_model):
    admin = django_user_model.objects.create_superuser("admin", "admin@exemple.fr", "x")
    client.force_login(admin)
    ressources = site_tree.section(Axis.TRANSVERSAL)
    response = client.get(f"/admin/pages/add/search/collectionpage/{ressources.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="capitalisation.MethodologySheetPage"' in html
    assert 'value="ressources"' in html


def test_unknown_content_type_is_rejected(site_tree):
    from django.core.exceptions import ValidationError

    page = CollectionPage(title="X", slug="x", content_types=["nope.Page"])
    with pytest.raises(ValidationError) as error:
        page.full_clean(exclude=["path", "depth"])
    assert "content_types" in error.value.message_dict


def test_seed_collections_is_idempotent(site_tree):
    for slug in ("gouvernance", "matieres"):
        Theme.objects.create(slug=slug, name=slug.capitalize())
    tally = {}
    command = SimpleNamespace(
        step=lambda message: None,
        tally=lambda kind, created: tally.setdefault(created, []).append(kind),
    )
    seed_collections(command)
    seed_collections(command)
    ressources = site_tree.section(Axis.TRANSVERSAL)
    collections = CollectionPage.objects.child_of(ressources).live()
    assert sorted(c.slug for c in collections) == sorted(c["slug"] for c in COLLECTIONS)
    assert len(tally[True]) == len(tally[False]) == len(COLLECTIONS)
    start = collections.get(slug="demarrer-une-demarche-eit")
    assert start.content_types == ["capitalisation.MethodologySheetPage"]
    assert {t.slug for t in start.themes.all()} == {"gouvernance", "matieres"}
