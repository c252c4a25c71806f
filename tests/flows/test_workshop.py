import io
import zipfile

import pytest
from docx import Document

from flows.models import Synergy, SynergyStage
from tests.support.documents import assert_french_a4_docx, assert_french_a4_odt

pytestmark = pytest.mark.django_db


def query(register, *keys):
    return "&".join(f"establishments={register[k].pk}" for k in keys)


def test_workshop_sheet_lists_flows_and_candidate_matches(client, network, register):
    client.force_login(network.facilitator)
    form = client.get("/flux/atelier/").content.decode()
    assert "Fonderie Ardennaise" in form and "Usine Mosellane" not in form  # own territory
    url = f"/flux/atelier/?{query(register, 'foundry', 'sawmill', 'printer')}"
    page = client.get(url).content.decode()
    assert "Palettes bois" in page and "même code déchet 15 01 03" in page
    docx = client.get(url + "&format=docx")
    text = "\n".join(
        cell.text
        for table in Document(io.BytesIO(docx.content)).tables
        for row in table.rows
        for cell in row.cells
    )
    assert "Palettes bois" in text and "même code déchet 15 01 03" in text
    odt = client.get(url + "&format=odt")
    content = zipfile.ZipFile(io.BytesIO(odt.content)).read("content.xml").decode()
    assert "Palettes bois" in content
    assert docx["Content-Disposition"] == 'attachment; filename="atelier-synergies.docx"'
    assert odt["Content-Type"] == "application/vnd.oasis.opendocument.text"
    # another territory's establishment cannot be slipped into the sheet
    sneaky = client.get(f"/flux/atelier/?{query(register, 'foundry', 'plant')}")
    text = sneaky.content.decode()
    assert sneaky.status_code == 200 and "Usine Mosellane" not in text
    assert "choix valide" in text and "Palettes bois" not in text  # refused, with a reason


def test_workshop_ideas_become_synergies_at_the_idea_stage(client, network, register):
    client.force_login(network.facilitator)
    response = client.post(
        f"/flux/atelier/?{query(register, 'foundry', 'sawmill')}",
        {
            "establishments": [register["foundry"].pk, register["sawmill"].pk],
            "title": "Palettes entre voisins",
            "synergy_type": "substitution",
            "description": "",
        },
    )
    assert response.status_code == 302
    synergy = Synergy.objects.get()
    assert synergy.stage == SynergyStage.IDEA and synergy.territory == network.ardennes
    assert set(synergy.establishments.all()) == {register["foundry"], register["sawmill"]}
    client.force_login(network.outsider)
    assert client.get("/flux/atelier/").status_code == 403


def test_workshop_documents_are_french_a4_with_headings_and_framed_tables(
    client, network, register
):
    client.force_login(network.facilitator)
    url = f"/flux/atelier/?{query(register, 'foundry', 'sawmill')}"
    docx = assert_french_a4_docx(client.get(url + "&format=docx").content)
    headings = [(p.style.name, p.text) for p in docx.paragraphs if p.style.name.startswith("Head")]
    assert ("Heading 2", "Synergies possibles") in headings
    assert ("Heading 2", "Fonderie Ardennaise – Charleville-Mézières (08000)") in headings
    assert [c.text for c in docx.tables[0].rows[0].cells] == [
        "Sens",
        "Désignation",
        "Code déchet",
        "Quantité",
    ]
    odt = assert_french_a4_odt(client.get(url + "&format=odt").content)
    assert "Idées de l'atelier" in str(odt.text)


def test_saving_an_idea_redirects_without_the_post_body(client, network, register):
    """Issue #30, defect 9: the CSRF token was copied into the redirect's query string."""
    client.force_login(network.facilitator)
    page = client.get(f"/flux/atelier/?{query(register, 'foundry', 'sawmill')}")
    token = page.cookies["csrftoken"].value if "csrftoken" in page.cookies else "jeton"
    response = client.post(
        "/flux/atelier/",
        {
            "csrfmiddlewaretoken": token,
            "establishments": [register["foundry"].pk, register["sawmill"].pk],
            "title": "Idée confidentielle",
            "synergy_type": "substitution",
            "description": "texte",
        },
    )
    assert response.status_code == 302
    location = response["Location"]
    assert "csrfmiddlewaretoken" not in location and "title" not in location
    assert "description" not in location and "Id%C3%A9e" not in location
    assert location == f"/flux/atelier/?{query(register, 'foundry', 'sawmill')}"
    assert client.get(location).status_code == 200
