"""The "Flux et synergies" block of a territory's page (TERRITORY_SECTIONS): flows by
category and waste chapter, synergies by stage with their gains, companies only for
those who may see the territory's identities."""

from decimal import Decimal

import pytest

from flows.models import Synergy, SynergyStage
from flows.sections import territory_section
from portal.factories import TerritoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def synergies(register, network):
    running = Synergy.objects.create(
        title="Palettes de la Fonderie Ardennaise vers la Scierie du Val",
        territory=network.ardennes,
        synergy_type="substitution",
        stage=SynergyStage.RUNNING,
        measured_waste_tonnes_avoided=Decimal(80),
        measured_euros_saved=Decimal(12000),
        estimated_euros_saved=Decimal(99999),
    )
    running.establishments.set([register["foundry"], register["sawmill"]])
    study = Synergy.objects.create(
        title="Cartons de l'Imprimerie Sedanaise",
        territory=network.ardennes,
        synergy_type="mutualisation",
        stage=SynergyStage.STUDY,
        estimated_euros_saved=Decimal(3000),
    )
    study.establishments.set([register["printer"]])
    return running, study


def page(client, territory):
    response = client.get(f"/territoires/{territory.slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    # the block itself, not the header's "Flux et synergies" link (NAVIGATION_LINKS)
    start = html.index('class="territory-section territory-flows"')
    return html[start : html.index("</section>", start)]


def test_anonymous_visitors_see_flows_by_category_and_chapter_and_synergies_by_stage(
    client, site_tree, network, synergies
):
    block = page(client, network.ardennes)
    # the sentence carries its numbers: 1 offer (pallets), 2 needs (pallets, packaging)
    assert "1 ressource offerte et 2 besoins recensés" in block
    assert '<th scope="row">Déchets</th><td>15 – Emballages et déchets d&#x27;emballages' in block
    assert "<td>1</td><td>80 t/an</td><td>1</td><td>100 t/an</td>" in block
    assert "Sans code déchet" in block  # the packaging need has no waste code
    # synergies by stage, their summed gains: measured once running, estimated before
    assert '<th scope="row">En fonctionnement</th><td>1</td>' in block
    assert "Mesurés : 80 t (déchets évités) · 12\u202f000 € (économies)" in block
    assert (
        '<th scope="row">À l&#x27;étude</th><td>1</td><td>Estimés : 3\u202f000 € (économies)'
        in block
    )
    assert "99\u202f999" not in block
    # anonymised: sectors, never a company nor a synergy's own title
    assert "Substitution entre une entreprise" in block
    for company in ("Fonderie Ardennaise", "Scierie du Val", "Imprimerie Sedanaise"):
        assert company not in block
    assert "/flux/synergies/" not in block


def test_members_of_another_territory_see_it_anonymised(client, site_tree, network, synergies):
    client.force_login(network.other_facilitator)
    block = page(client, network.ardennes)
    assert "Mesurés : 80 t" in block
    assert "Fonderie Ardennaise" not in block


@pytest.mark.parametrize("who", ["facilitator", "animator"])
def test_the_territory_and_the_animation_see_each_synergy_and_its_companies(
    client, site_tree, network, synergies, who
):
    client.force_login(getattr(network, who))
    block = page(client, network.ardennes)
    running, _study = synergies
    assert f'href="/flux/synergies/{running.pk}/"' in block
    assert "(Fonderie Ardennaise, Scierie du Val) : 80 t (déchets évités)" in block


def test_a_territory_without_flows_or_synergies_has_no_block(site_tree):
    assert territory_section(TerritoryFactory(slug="vide")) is None
