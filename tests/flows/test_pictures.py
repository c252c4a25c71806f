import threading

import pytest

from flows.sankey import back_links, columns_of, layout

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


def layout_within(links, seconds=5):
    """The layout, or a failure if it has not ended within `seconds` (a cycle once made
    it loop forever)."""
    answer = []
    worker = threading.Thread(target=lambda: answer.append(layout(links)), daemon=True)
    worker.start()
    worker.join(seconds)
    assert answer, f"layout did not end within {seconds} s"
    return answer[0]


def test_sankey_layout_ends_on_a_cycle_and_places_every_node():
    cycle = [
        ("usine A", "usine B", 10),
        ("usine B", "usine C", 6),
        ("usine C", "usine B", 4),  # closes B → C → B
        ("usine C", "usine C", 3),  # a node feeding itself: no band
    ]
    assert back_links(cycle) == {("usine C", "usine B"), ("usine C", "usine C")}
    assert columns_of(cycle) == {"usine A": 0, "usine B": 1, "usine C": 2}
    nodes, bands = layout_within(cycle, seconds=5)
    assert [n.name for n in nodes] == ["usine A", "usine B", "usine C"]
    assert all(0 <= n.y and n.y + n.height <= 360.5 for n in nodes)
    assert {(b.source, b.target) for b in bands} == {
        ("usine A", "usine B"),
        ("usine B", "usine C"),
        ("usine C", "usine B"),
    }


def test_sankey_layout_ends_on_a_cycle_without_any_source():
    nodes, bands = layout_within([("a", "b", 1), ("b", "c", 1), ("c", "a", 1)])
    assert sorted(n.column for n in nodes) == [0, 1, 2] and len(bands) == 3


@pytest.mark.django_db
def test_sankey_page_and_map_respect_visibility(client, network, register):
    page = client.get("/flux/sankey/").content.decode()
    assert "<svg" in page and "<caption" in page and "Offres : déchets" in page
    assert "Fonderie" not in page and "Scierie" not in page
    ardennes = client.get(f"/flux/sankey/?territoire={network.ardennes.slug}")
    moselle = client.get(f"/flux/sankey/?territoire={network.moselle.slug}")
    assert ardennes.status_code == moselle.status_code == 200
    assert "<svg" in ardennes.content.decode() and ardennes.content != moselle.content
    assert client.get("/flux/sankey/?territoire=inconnu").status_code == 404
    assert client.get("/flux/carte/").status_code == 302  # anonymous: no positions at all
    client.force_login(network.other_facilitator)
    page = client.get("/flux/carte/").content.decode()
    assert "Usine Mosellane" in page and "Fonderie Ardennaise" not in page
    assert "IGN – Admin Express" in page and "<caption" in page
    client.force_login(network.animator)
    page = client.get("/flux/carte/").content.decode()
    assert "Fonderie Ardennaise" in page and "Usine Mosellane" in page
