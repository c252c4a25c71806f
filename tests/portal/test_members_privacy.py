"""The members-only space: a group-restricted page and a restricted document collection,
never reached by anyone outside the network, by URL, API, search or directory."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection

from portal.axes import Axis
from portal.factories import DocumentFactory, ExperienceFeedbackPageFactory, StandardPageFactory
from portal.members.demo import restrict_to_members
from portal.permissions_setup import MEMBERS_COLLECTION
from portal.roles import ANIMATION_GROUP
from tests.support.members import build_network

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(site_tree):
    return build_network()


@pytest.fixture
def members_page(network, site_tree):
    page = StandardPageFactory(
        parent=site_tree.home,
        slug="espace-membres",
        title="Espace membres",
        body=[("markdown", "Compte rendu de la rencontre des animateurs.")],
    )
    restrict_to_members(page)
    return page


@pytest.fixture
def members_document(network):
    document = get_document_model()(
        title="Compte rendu réservé", collection=Collection.objects.get(name=MEMBERS_COLLECTION)
    )
    document.file.save("compte-rendu.pdf", ContentFile(b"%PDF-1.4\nreserve\n%%EOF\n"), save=False)
    document.save()
    return document


def animation_only_user(network):
    from django.contrib.auth.models import Group

    from portal.factories import UserFactory

    user = UserFactory(username="animation-seule")
    user.groups.add(Group.objects.get(name=ANIMATION_GROUP))
    return user


def test_members_page_is_for_members_only(client, network, members_page):
    anonymous = client.get("/espace-membres/")
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/membres/connexion/?next=/espace-membres/")
    login_page = client.get(anonymous["Location"])
    assert "Connexion à l'espace membres" in login_page.text

    client.force_login(network.outsider)
    refused = client.get("/espace-membres/")
    assert refused.status_code == 302
    assert "Compte rendu de la rencontre" not in refused.content.decode()
    assert "ce compte n'a pas accès" in client.get(refused["Location"]).text

    for user in (network.facilitator, network.animator, animation_only_user(network)):
        client.force_login(user)
        response = client.get("/espace-membres/")
        assert response.status_code == 200, user
        assert "Compte rendu de la rencontre" in response.text


def test_members_document_is_refused_outside_the_network(client, network, members_document):
    url = members_document.url
    assert url.startswith("/documents/")
    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/membres/connexion/")
    client.force_login(network.outsider)
    assert client.get(url).status_code == 302

    client.force_login(network.facilitator)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-1.4\nreserve")


def test_public_documents_stay_public(client, network):
    document = DocumentFactory(title="Grille publique")
    response = client.get(document.url)
    assert response.status_code == 200


def test_restricted_pages_stay_out_of_the_public_api_and_search(
    client, network, site_tree, members_page
):
    page = ExperienceFeedbackPageFactory(
        parent=site_tree.section(Axis.KNOWLEDGE),
        title="Synergie confidentielle des membres",
        summary="Chaleur fatale partagée entre deux sites.",
    )
    restrict_to_members(page)
    public = ExperienceFeedbackPageFactory(
        parent=site_tree.section(Axis.KNOWLEDGE),
        title="Synergie publique de chaleur",
        summary="Chaleur fatale partagée entre deux sites.",
    )

    for user in (None, network.outsider, network.facilitator):
        if user:
            client.force_login(user)
        api = client.get("/api/v2/pages/", {"limit": 100}).json()
        ids = {item["id"] for item in api["items"]}
        assert public.pk in ids
        assert page.pk not in ids and members_page.pk not in ids
        assert client.get(f"/api/v2/pages/{page.pk}/").status_code == 404

    client.logout()
    titles = [r["title"] for r in client.get("/api/search/", {"q": "chaleur"}).json()["results"]]
    assert "Synergie publique de chaleur" in titles
    assert "Synergie confidentielle des membres" not in titles
    client.force_login(network.outsider)
    titles = [r["title"] for r in client.get("/api/search/", {"q": "chaleur"}).json()["results"]]
    assert "Synergie confidentielle des membres" not in titles
    client.force_login(network.facilitator)
    titles = [r["title"] for r in client.get("/api/search/", {"q": "chaleur"}).json()["results"]]
    assert "Synergie confidentielle des membres" in titles


def test_restricted_digest_stays_out_of_the_feeds(client, network, site_tree):
    from portal.factories import MonitoringDigestPageFactory

    section = site_tree.section(Axis.MONITORING)
    hidden = MonitoringDigestPageFactory(parent=section, title="Lettre réservée aux membres")
    restrict_to_members(hidden)
    MonitoringDigestPageFactory(parent=section, title="Lettre publique de veille")
    client.force_login(network.facilitator)
    for url in ("/veille/rss/", "/veille/atom/"):
        feed = client.get(url).content.decode()
        assert "Lettre publique de veille" in feed
        assert "Lettre réservée aux membres" not in feed


def test_a_member_never_reaches_another_groups_page(client, network, site_tree):
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    page = StandardPageFactory(
        parent=site_tree.home, slug="animation", title="Notes de l'animation régionale"
    )
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get(name=ANIMATION_GROUP))
    client.force_login(network.facilitator)
    response = client.get("/animation/")
    assert response.status_code == 302
    assert response["Location"].startswith("/membres/connexion/")
    client.force_login(network.animator)
    assert client.get("/animation/").status_code == 200
