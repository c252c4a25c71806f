"""Control characters already stored (imported before they were cleaned, typed in the
admin) never break a writer; new ones are cleaned at every input (issue #30, defect 4)."""

import io
import zipfile

import pytest
from docx import Document
from openpyxl import load_workbook

from communication_kits.documents import render_document
from flows.forms import IntroductionForm
from flows.models import Establishment, Flow
from portal.exports import safe_cell
from portal.sanitize import sanitize_html

pytestmark = pytest.mark.django_db

HOSTILE = "Fonderie\x1b[31m Ardennaise\x07\x1f\ufffe"  # PostgreSQL refuses NUL itself


@pytest.fixture
def stored_controls(register):
    """Written straight to the database, as the import did before the fix."""
    Establishment.objects.filter(pk=register["foundry"].pk).update(name=HOSTILE)
    Flow.objects.filter(pk=register["pallets_offer"].pk).update(
        reference="A-1\nBcc: victime@exemple.fr", designation="Palettes\x1b bois\x0c"
    )
    return register


def test_clean_text_keeps_lines_only_where_asked():
    from portal.sanitize import clean_text  # (the helper this issue adds)

    assert clean_text(HOSTILE) == "Fonderie[31m Ardennaise"
    assert clean_text("a\x00b\x0bc") == "ab c"
    assert clean_text("a\r\nb\tc\x1bd", multiline=True) == "a\nb\tcd"
    assert clean_text("a\r\nb\tc") == "a b c"
    assert clean_text(42) == 42
    assert safe_cell("\x1b=1+1") == "'=1+1"
    assert safe_cell("ligne 1\nligne 2") == "ligne 1\nligne 2"


def test_the_xlsx_and_csv_exports_survive_stored_control_characters(
    client, network, stored_controls
):
    client.force_login(network.animator)
    response = client.get("/flux/export.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = {row[2] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert "Fonderie[31m Ardennaise" in names
    csv = client.get("/flux/export.csv")
    assert csv.status_code == 200 and "\x1b" not in csv.content.decode("utf-8-sig")


def test_the_workshop_documents_survive_stored_control_characters(client, network, stored_controls):
    client.force_login(network.facilitator)
    ids = "&".join(
        f"establishments={stored_controls[k].pk}" for k in ("foundry", "sawmill", "printer")
    )
    docx = client.get(f"/flux/atelier/?{ids}&format=docx")
    assert docx.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "Fonderie[31m Ardennaise" in text
    odt = client.get(f"/flux/atelier/?{ids}&format=odt")
    assert odt.status_code == 200
    content = zipfile.ZipFile(io.BytesIO(odt.content)).read("content.xml").decode()
    assert "Palettes bois" in content


def test_an_introduction_request_survives_a_newline_in_the_reference(
    client, network, stored_controls, smtp_server
):
    network.ardennes.facilitator_email = "animation@ardennes.example"
    network.ardennes.save()
    client.force_login(network.other_facilitator)
    url = f"/flux/{stored_controls['pallets_offer'].pk}/mise-en-relation/"
    response = client.post(url, {"message": "Bonjour\x1b, nous cherchons des palettes."})
    assert response.status_code == 302
    ((recipients, message),) = smtp_server.messages
    assert recipients == ["animation@ardennes.example"]
    assert message["Subject"] == "Demande de mise en relation : flux A-1 Bcc: victime@exemple.fr"
    assert message["Bcc"] is None
    assert "\x1b" not in message.get_content()


def test_portal_forms_clean_control_characters():
    form = IntroductionForm({"message": "Bonjour\x1b\r\nligne deux\x7f"})
    assert form.is_valid()
    assert form.cleaned_data["message"] == "Bonjour\nligne deux"


def test_communication_documents_and_harvested_html_are_cleaned():
    for fmt in ("docx", "odt", "txt"):
        body = render_document("<p>Kit\x1b du &#27;territoire\x0c</p>", fmt, title="Titre\x07")
        assert body
    assert "\x1b" not in sanitize_html("<p>a\x1bb</p>")
