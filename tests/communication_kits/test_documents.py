"""DOCX, ODT and text downloads: values in, structure kept, injections stay literal text."""

import io
import zipfile

import pytest
from docx import Document
from odf import opendocument, teletype
from odf import text as odf_text

from portal.axes import Axis
from tests.communication_kits.conftest import BODY, download_url, form_data, make_template
from tests.support.documents import assert_french_a4_docx, assert_french_a4_odt

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    "]]><w:p><w:r><w:t>INJECTE</w:t></w:r></w:p>",
    "{{ autre }}",
    "{% load static %}",
    '=HYPERLINK("http://mal.exemple/")',
    "[x](javascript:alert(1))",
    "<text:p>INJECTE</text:p>",
]


def download(client, page, fmt, **overrides):
    response = client.post(download_url(page, fmt), form_data(**overrides))
    assert response.status_code == 200, response.content[:500]
    return response


def test_docx_has_values_headings_lists_emphasis_and_links(client, template_page, territory):
    response = download(client, template_page, "docx", territoire=territory.slug)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="communique-lancement-vallee-meuse.docx"' in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    assert ("Heading 1", "Vallée de la Meuse lance sa démarche") in paragraphs
    assert ("Heading 2", "Contact") in paragraphs
    assert ("List Bullet", "120 tonnes de déchets évitées ;") in paragraphs
    assert ("List Number", "Première étape") in paragraphs
    runs = {run.text: run for p in document.paragraphs for run in p.runs}
    assert runs["zone des Écluses"].bold
    assert runs["partage"].italic
    rels = [rel.target_ref for rel in document.part.rels.values() if rel.is_external]
    assert rels == ["https://reseau.exemple.fr/"]
    xml = zipfile.ZipFile(io.BytesIO(response.content)).read("word/document.xml").decode()
    assert "<w:hyperlink" in xml and "le site du réseau" in xml


def test_odt_has_values_headings_lists_emphasis_and_links(client, template_page):
    response = download(client, template_page, "odt")
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.text"
    assert 'filename="communique-lancement.odt"' in response["Content-Disposition"]
    document = opendocument.load(io.BytesIO(response.content))
    headings = [teletype.extractText(h) for h in document.getElementsByType(odf_text.H)]
    assert headings == ["Vallée de la Meuse lance sa démarche", "Contact"]
    items = [teletype.extractText(i) for i in document.getElementsByType(odf_text.ListItem)]
    assert "120 tonnes de déchets évitées ;" in items and "Seconde étape" in items
    links = document.getElementsByType(odf_text.A)
    assert [str(a.getAttribute("href")) for a in links] == ["https://reseau.exemple.fr/"]
    spans = {
        teletype.extractText(s): s.getAttribute("stylename")
        for s in document.getElementsByType(odf_text.Span)
    }
    assert spans["zone des Écluses"] == "T_bold"
    assert spans["partage"] == "T_italic"


def test_template_documents_are_french_a4_with_styled_headings(client, template_page):
    assert_french_a4_docx(download(client, template_page, "docx").content, tables=False)
    assert_french_a4_odt(download(client, template_page, "odt").content, tables=False)


def test_a_templates_table_becomes_a_framed_table_with_its_header_row(client, site_tree):
    body = BODY + (
        "\n\n| Indicateur | Valeur |\n| --- | --- |\n"
        "| Déchets évités | {{ dechets_evites }} t |\n| Économies | {{ economies_euros }} € |\n"
    )
    page = make_template(site_tree.section(Axis.COMMUNICATION), body=body, slug="tableau")
    docx = assert_french_a4_docx(download(client, page, "docx").content)
    (table,) = docx.tables
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["Indicateur", "Valeur"],
        ["Déchets évités", "120 t"],
        ["Économies", "8 500 €"],
    ]
    odt = assert_french_a4_odt(download(client, page, "odt").content)
    assert "Déchets évités" in str(odt.text)
    text = download(client, page, "txt").content.decode()
    assert "Indicateur | Valeur\nDéchets évités | 120 t" in text


def test_text_download(client, template_page):
    response = download(client, template_page, "txt")
    text = response.content.decode()
    assert text.startswith("Vallée de la Meuse lance sa démarche\n")
    assert "- 120 tonnes de déchets évitées ;" in text
    assert "1. Première étape\n2. Seconde étape" in text
    assert "le site du réseau (https://reseau.exemple.fr/)" in text


@pytest.mark.parametrize("payload", PAYLOADS)
def test_injection_payloads_stay_literal(client, template_page, payload):
    fields = {
        f"v_{name}": payload[:30] if name in ("dechets_evites", "economies_euros") else payload
        for name in (
            "nom_territoire",
            "structure_porteuse",
            "nom_zone",
            "dechets_evites",
            "economies_euros",
            "contact_email",
        )
    }
    fields["v_nom_zone"] = payload[:80]

    docx = download(client, template_page, "docx", **fields).content
    archive = zipfile.ZipFile(io.BytesIO(docx))
    xml = archive.read("word/document.xml").decode()
    assert "<w:t>INJECTE</w:t>" not in xml
    assert (
        "<script" not in xml
        and "javascript:" not in archive.read("word/_rels/document.xml.rels").decode()
    )
    texts = [p.text for p in Document(io.BytesIO(docx)).paragraphs]
    assert any(payload[:80] in text for text in texts)
    assert xml.count("<w:hyperlink") == 1

    odt = download(client, template_page, "odt", **fields).content
    content = zipfile.ZipFile(io.BytesIO(odt)).read("content.xml").decode()
    assert "<text:p>INJECTE</text:p>" not in content
    assert "<script" not in content and 'href="javascript' not in content
    document = opendocument.load(io.BytesIO(odt))
    assert len(document.getElementsByType(odf_text.A)) == 1
    odt_text = "\n".join(teletype.extractText(p) for p in document.getElementsByType(odf_text.P))
    headings = "\n".join(teletype.extractText(h) for h in document.getElementsByType(odf_text.H))
    assert payload[:80] in odt_text + headings

    text = download(client, template_page, "txt", **fields).content.decode()
    assert payload[:80] in text
