"""portal.documents: the one French A4 setup of every DOCX and ODT the portal produces."""

from portal.documents import (
    docx_bytes,
    docx_document,
    docx_table,
    odt_bytes,
    odt_document,
    odt_heading,
    odt_paragraph,
    odt_table,
)
from tests.support.documents import assert_french_a4_docx, assert_french_a4_odt


def test_docx_is_french_a4_with_headings_and_framed_tables():
    document = docx_document("Fiche d'atelier")
    document.add_heading("Fiche d'atelier", level=1)
    document.add_paragraph("Texte <w:p> & « guillemets »")
    docx_table(document, ["Sens", "Quantité"], [["Offre", "12 t"], ["Besoin", None]])
    opened = assert_french_a4_docx(docx_bytes(document))
    assert opened.core_properties.title == "Fiche d'atelier"
    assert opened.paragraphs[1].text == "Texte <w:p> & « guillemets »"
    assert [c.text for c in opened.tables[0].rows[2].cells] == ["Besoin", ""]


def test_odt_is_french_a4_with_headings_and_framed_tables():
    document = odt_document("Fiche d'atelier")
    odt_heading(document, "Fiche d'atelier", level=1)
    odt_heading(document, "Flux", level=2)
    odt_paragraph(document, "Texte <text:p> & « guillemets »")
    odt_table(document, ["Sens", "Quantité"], [["Offre", "12 t"]])
    odt_table(document, ["Idée"], [[""]])
    opened = assert_french_a4_odt(odt_bytes(document))
    assert "Texte <text:p> & « guillemets »" in str(opened.text)
