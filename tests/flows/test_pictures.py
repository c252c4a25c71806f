import pytest

from flows.sankey import columns_of, layout

LINKS = [
    ("Offres : déchets", "valorisation (R)", 60),
    ("Offres : déchets", "traitement non renseigné", 40),
    ("Offres : énergie", "valorisation (R)", 20),
    ("valorisation (R)", "besoin correspondant", 50),
    ("valorisation (R)", "pas encore de preneur", 30),
    ("traitement non renseigné", "pas encore de preneur", 40),
]


def test_sankey_columns_follow_the_links():
    columns = columns_of(LINKS)
    assert columns["Offres : déchets"] == 0 and columns["valorisation (R)"] == 1
    assert columns["pas encore de preneur"] == 2


def test_sankey_layout_keeps_values_proportional_and_inside_the_box():
    nodes, bands = layout(LINKS, width=600, height=300)
    by_name = {node.name: node for node in nodes}
    waste, energy = by_name["Offres : déchets"], by_name["Offres : énergie"]
    assert waste.height == pytest.approx(5 * energy.height, rel=0.02)
    assert all(0 <= n.y and n.y + n.height <= 300.5 for n in nodes)
    assert {n.x for n in nodes if n.column == 2} == {586.0}
    assert len(bands) == 6 and all(b.path.startswith("M") for b in bands)
    # the bands leaving a node fill it exactly
    out = sum(b.width for b in bands if b.source == "Offres : déchets")
    assert out == pytest.approx(waste.height, abs=0.2)
    assert layout([]) == ([], [])


@pytest.mark.django_db
def test_sankey_page_and_map_respect_visibility(client, network, register):
    page = client.get("/flux/sankey/").content.decode()
    assert "<svg" in page and "<caption" in page and "Offres : déchets" in page
    assert "Fonderie" not in page and "Scierie" not in page
    assert client.get(f"/flux/sankey/?territoire={network.ardennes.slug}").status_code == 200
    assert client.get("/flux/sankey/?territoire=inconnu").status_code == 404
    assert client.get("/flux/carte/").status_code == 302  # anonymous: no positions at all
    client.force_login(network.other_facilitator)
    page = client.get("/flux/carte/").content.decode()
    assert "Usine Mosellane" in page and "Fonderie Ardennaise" not in page
    assert "IGN – Admin Express" in page and "<caption" in page
    client.force_login(network.animator)
    page = client.get("/flux/carte/").content.decode()
    assert "Fonderie Ardennaise" in page and "Usine Mosellane" in page
