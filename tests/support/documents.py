"""What every DOCX/ODT of the portal must be, checked on the produced bytes: A4 portrait,
French margins (2 to 2,5 cm), fr-FR, heading styles, tables with a repeated, bold header
row and borders. Opened with python-docx and odfpy, as a reader's software would."""

import io

from docx import Document
from docx.oxml.ns import qn
from odf import opendocument
from odf import style as odf_style
from odf import table as odf_table
from odf import text as odf_text

A4_EMU = (7560000, 10692000)  # 21 × 29,7 cm in EMU (360 000 per cm)


def _cm(length: str) -> float:
    assert length.endswith("cm"), length
    return float(length[:-2])


def assert_french_a4_docx(data: bytes, *, tables=True):
    document = Document(io.BytesIO(data))
    for section in document.sections:
        assert abs(section.page_width - A4_EMU[0]) < 3600, section.page_width
        assert abs(section.page_height - A4_EMU[1]) < 3600, section.page_height
        for margin in (section.top_margin, section.bottom_margin):
            assert 2 <= margin.cm <= 2.5, margin.cm
        for margin in (section.left_margin, section.right_margin):
            assert 2 <= margin.cm <= 2.5, margin.cm
    assert document.core_properties.language == "fr-FR"
    languages = {element.get(qn("w:val")) for element in document.styles.element.iter(qn("w:lang"))}
    assert languages == {"fr-FR"}, languages
    assert any(p.style.name.startswith("Heading") for p in document.paragraphs)
    if tables:
        assert document.tables
        for table in document.tables:
            assert table.style.name == "Table Grid"  # borders on every cell
            header = table.rows[0]._tr
            assert header.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None
            assert all(run.bold for cell in table.rows[0].cells for run in cell.paragraphs[0].runs)
    return document


def assert_french_a4_odt(data: bytes, *, tables=True):
    document = opendocument.load(io.BytesIO(data))
    layouts = document.getElementsByType(odf_style.PageLayoutProperties)
    assert layouts
    for properties in layouts:
        assert _cm(properties.getAttribute("pagewidth")) == 21
        assert _cm(properties.getAttribute("pageheight")) == 29.7
        for side in ("margintop", "marginbottom", "marginleft", "marginright"):
            assert 2 <= _cm(properties.getAttribute(side)) <= 2.5, side
    defaults = [
        child
        for default in document.getElementsByType(odf_style.DefaultStyle)
        for child in default.getElementsByType(odf_style.TextProperties)
    ]
    assert any(
        (p.getAttribute("language"), p.getAttribute("country")) == ("fr", "FR") for p in defaults
    )
    named = {s.getAttribute("name") for s in document.styles.getElementsByType(odf_style.Style)}
    assert {"Heading_20_1", "Heading_20_2", "Text_20_body"} <= named
    headings = document.getElementsByType(odf_text.H)
    assert headings and all(h.getAttribute("stylename").startswith("Heading_20_") for h in headings)
    for paragraph in document.text.getElementsByType(odf_text.P):
        assert paragraph.getAttribute("stylename"), "an unstyled paragraph"
    if tables:
        found = document.getElementsByType(odf_table.Table)
        assert found
        cell_styles = {
            s.getAttribute("name"): s
            for s in document.automaticstyles.getElementsByType(odf_style.Style)
            if s.getAttribute("family") == "table-cell"
        }
        for table in found:
            assert table.getElementsByType(odf_table.TableHeaderRows)
            for cell in table.getElementsByType(odf_table.TableCell):
                style = cell_styles[cell.getAttribute("stylename")]
                (properties,) = style.getElementsByType(odf_style.TableCellProperties)
                assert "solid" in properties.getAttribute("border")
    return document
