"""The Wagtail admin of the register applies the same territory rule as the lists, through
one permission policy: every URL of every view the flows viewsets register (inspect,
history, usage, edit, delete, whatever Wagtail adds), for every role, with the ids of
another territory's objects, answers 403 or 404 and never shows a company's identity."""

import pytest
from django.contrib.auth.models import Group
from django.urls import URLPattern, reverse
from wagtail.admin.viewsets import viewsets

from flows.models import Establishment, Flow, PoolingOpportunity, Synergy
from portal.factories import UserFactory
from portal.roles import MEMBERS_GROUP

pytestmark = pytest.mark.django_db

FLOW_MODELS = (Establishment, Flow, Synergy, PoolingOpportunity)


def object_urls(model, pk):
    """Every admin URL taking an object id, of every viewset registered for `model`."""
    reverse("wagtailadmin_home")  # loads the admin URLs, which registers the viewsets
    urls = []
    for viewset in viewsets.viewsets:
        if getattr(viewset, "model", None) is not model:
            continue
        for pattern in viewset.get_urlpatterns():
            if isinstance(pattern, URLPattern) and "pk" in pattern.pattern.converters:
                urls.append(reverse(f"{viewset.get_url_name(pattern.name)}", args=[pk]))
    assert urls, model
    return urls


@pytest.fixture
def moselle_secrets(register, network):
    """Moselle's establishment carries a SIRET, an e-mail and a phone; a synergy and a
    pooling opportunity name it."""
    plant = register["plant"]
    plant.siret = "55210055400013"
    plant.contact_email = "secret@usine-mosellane.example"
    plant.contact_phone = "03 87 11 22 33"
    plant.save()
    synergy = Synergy.objects.create(title="Synergie Usine Mosellane", territory=network.moselle)
    synergy.establishments.add(plant)
    pooling = PoolingOpportunity.objects.create(title="Mutualisation Usine Mosellane")
    return {
        Establishment: plant,
        Flow: register["cardboard_offer"],
        Synergy: synergy,
        PoolingOpportunity: pooling,
        "secrets": ["Usine Mosellane", "55210055400013", "secret@usine-mosellane", "87 11 22 33"],
    }


def plain_member():
    user = UserFactory(username="membre-simple")
    user.groups.add(Group.objects.get(name=MEMBERS_GROUP))
    return user


@pytest.mark.parametrize("role", ["facilitator", "plain_member"])
def test_no_admin_view_shows_another_territorys_objects(client, network, moselle_secrets, role):
    user = network.facilitator if role == "facilitator" else plain_member()
    client.force_login(user)
    for model in FLOW_MODELS:
        for url in object_urls(model, moselle_secrets[model].pk):
            response = client.get(url)
            assert response.status_code in (302, 403, 404), (url, response.status_code)
            body = response.content.decode()
            for secret in moselle_secrets["secrets"]:
                assert secret not in body, (url, secret)


def test_the_other_facilitator_is_kept_out_of_ardennes(client, network, register):
    foundry = register["foundry"]
    client.force_login(network.other_facilitator)
    for model, obj in ((Establishment, foundry), (Flow, register["pallets_offer"])):
        for url in object_urls(model, obj.pk):
            response = client.get(url)
            assert response.status_code in (403, 404), (url, response.status_code)
            body = response.content.decode()
            assert "Fonderie Ardennaise" not in body and "73282932000074" not in body


def test_facilitators_and_the_animator_still_reach_what_they_manage(client, network, register):
    plant = register["plant"]
    client.force_login(network.other_facilitator)
    inspect = client.get(reverse("flux-etablissements:inspect", args=[plant.pk]))
    assert inspect.status_code == 200 and "Usine Mosellane" in inspect.content.decode()
    for name in ("history", "usage", "edit"):
        assert (
            client.get(reverse(f"flux-etablissements:{name}", args=[plant.pk])).status_code == 200
        )
    client.force_login(network.animator)
    for model, obj in ((Establishment, plant), (Flow, register["pallets_offer"])):
        for url in object_urls(model, obj.pk):
            if "/delete/" in url:
                continue
            assert client.get(url).status_code == 200, url


def test_admin_lists_and_choices_follow_the_same_policy(client, network, register):
    client.force_login(network.facilitator)
    listing = client.get(reverse("flux-etablissements:index")).content.decode()
    assert "Fonderie Ardennaise" in listing and "Usine Mosellane" not in listing
    form = client.get(reverse("synergies:add")).content.decode()
    assert "Fonderie Ardennaise" in form and "Usine Mosellane" not in form
    assert "Carton" not in form or register["cardboard_offer"].designation not in form
