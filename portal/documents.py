"""French A4 office documents: the one setup of every DOCX (python-docx) and ODT (odfpy)
the portal produces (workshop sheets, communication templates, reports).

Every document is A4 portrait (21 × 29,7 cm) with 2 cm top and bottom and 2,5 cm side
margins, in French (fr-FR on the document and its default style, so spell checking and
hyphenation are French), with heading styles of three levels and tables whose header row
is bold, shaded, repeated on each page and framed by thin borders.

DOCX::

    document = docx_document("Atelier du 3 mars")   # title in the properties
    document.add_heading("Atelier du 3 mars", level=1)
    document.add_paragraph("Texte…")
    docx_table(document, ["Sens", "Quantité"], [["Offre", "12 t"]])
    data = docx_bytes(document)

ODT (the same, with the helpers below writing into ``document.text``)::

    document = odt_document("Atelier du 3 mars")
    odt_heading(document, "Atelier du 3 mars", level=1)
    odt_paragraph(document, "Texte…")
    odt_table(document, ["Sens", "Quantité"], [["Offre", "12 t"]])
    data = odt_bytes(document)

Text reaches python-docx and odfpy as plain strings, which they XML-escape. Styles named
in ``ODT_HEADING_STYLE`` / ``ODT_BODY_STYLE`` may be used by callers that build their own
elements (runs, lists).
"""

import io

from docx import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from odf import dc
from odf import style as odf_style
from odf import table as odf_table
from odf import text as odf_text
from odf.opendocument import OpenDocumentText

from portal.sanitize import clean_text

LANGUAGE, COUNTRY = "fr", "FR"
PAGE_WIDTH_CM, PAGE_HEIGHT_CM = 21, 29.7
MARGIN_TOP_BOTTOM_CM, MARGIN_SIDES_CM = 2, 2.5
FONT = "Liberation Sans"  # metric-compatible with Arial, shipped with LibreOffice
BODY_SIZE_PT = 11
HEADING_SIZES_PT = {1: 16, 2: 13, 3: 11.5}
HEADER_SHADING = "D9E2E7"
ODT_HEADING_STYLE = "Heading_20_{level}"  # .format(level=1..3)
ODT_BODY_STYLE = "Text_20_body"


# --- DOCX ------------------------------------------------------------------------------
def docx_document(title=""):
    """A new python-docx Document: A4, French margins, fr-FR, the portal's fonts."""
    document = DocxDocument()
    for section in document.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(PAGE_WIDTH_CM), Cm(PAGE_HEIGHT_CM)
        section.top_margin = section.bottom_margin = Cm(MARGIN_TOP_BOTTOM_CM)
        section.left_margin = section.right_margin = Cm(MARGIN_SIDES_CM)
    _docx_language(document)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_SIZE_PT)
    for level, size in HEADING_SIZES_PT.items():
        heading = document.styles[f"Heading {level}"]
        heading.font.name = FONT
        heading.font.size = Pt(size)
    properties = document.core_properties
    properties.language = f"{LANGUAGE}-{COUNTRY}"
    properties.title = title
    properties.author = properties.last_modified_by = "Réseau EIT Grand Est"
    return document


def _docx_language(document):
    """fr-FR on the document defaults and on every style that names a language."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault"))
    if run_defaults is None:
        run_defaults = OxmlElement("w:rPrDefault")
        defaults.insert(0, run_defaults)
    properties = run_defaults.find(qn("w:rPr"))
    if properties is None:
        properties = OxmlElement("w:rPr")
        run_defaults.append(properties)
    languages = [properties.find(qn("w:lang"))] + styles.findall(".//" + qn("w:lang"))
    if languages[0] is None:
        languages[0] = OxmlElement("w:lang")
        properties.append(languages[0])
    for language in languages:
        for attribute in ("w:val", "w:eastAsia", "w:bidi"):
            language.set(qn(attribute), f"{LANGUAGE}-{COUNTRY}")


def _text(value):
    """What a document may hold: XML has no place for control characters, whatever is
    stored (`portal.sanitize.clean_text`; line breaks kept)."""
    return "" if value is None else clean_text(str(value), multiline=True)


def docx_table(document, headers, rows):
    """A bordered table ("Table Grid") whose bold, shaded header row repeats on each page."""
    table = document.add_table(rows=1, cols=len(headers))
    table.style = document.styles["Table Grid"]
    header = table.rows[0]
    row_properties = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    row_properties.append(repeat)
    for cell, text in zip(header.cells, headers, strict=True):
        cell.paragraphs[0].add_run(_text(text)).bold = True
        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:color"), "auto")
        shading.set(qn("w:fill"), HEADER_SHADING)
        cell._tc.get_or_add_tcPr().append(shading)
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = _text(text)
    return table


def docx_bytes(document) -> bytes:
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


# --- ODT -------------------------------------------------------------------------------
def odt_document(title=""):
    """A new odfpy OpenDocumentText: A4, French margins, fr-FR, headings and table styles."""
    document = OpenDocumentText()
    layout = odf_style.PageLayout(name="A4")
    layout.addElement(
        odf_style.PageLayoutProperties(
            pagewidth=f"{PAGE_WIDTH_CM}cm",
            pageheight=f"{PAGE_HEIGHT_CM}cm",
            printorientation="portrait",
            margintop=f"{MARGIN_TOP_BOTTOM_CM}cm",
            marginbottom=f"{MARGIN_TOP_BOTTOM_CM}cm",
            marginleft=f"{MARGIN_SIDES_CM}cm",
            marginright=f"{MARGIN_SIDES_CM}cm",
        )
    )
    document.automaticstyles.addElement(layout)
    document.masterstyles.addElement(odf_style.MasterPage(name="Standard", pagelayoutname=layout))
    font = odf_style.FontFace(name=FONT, fontfamily=f"'{FONT}'", fontfamilygeneric="swiss")
    document.fontfacedecls.addElement(font)
    defaults = odf_style.DefaultStyle(family="paragraph")
    defaults.addElement(
        odf_style.TextProperties(
            fontname=FONT,
            fontsize=f"{BODY_SIZE_PT}pt",
            language=LANGUAGE,
            country=COUNTRY,
            languageasian=LANGUAGE,
            countryasian=COUNTRY,
            languagecomplex=LANGUAGE,
            countrycomplex=COUNTRY,
        )
    )
    document.styles.addElement(defaults)
    standard = odf_style.Style(name="Standard", family="paragraph")
    document.styles.addElement(standard)
    body = odf_style.Style(
        name=ODT_BODY_STYLE, displayname="Text body", family="paragraph", parentstylename=standard
    )
    body.addElement(odf_style.ParagraphProperties(marginbottom="0.2cm"))
    document.styles.addElement(body)
    for level, size in HEADING_SIZES_PT.items():
        heading = odf_style.Style(
            name=ODT_HEADING_STYLE.format(level=level),
            displayname=f"Heading {level}",
            family="paragraph",
            parentstylename=standard,
            nextstylename=ODT_BODY_STYLE,
            defaultoutlinelevel=str(level),
        )
        heading.addElement(odf_style.TextProperties(fontsize=f"{size}pt", fontweight="bold"))
        heading.addElement(
            odf_style.ParagraphProperties(
                margintop="0.4cm", marginbottom="0.2cm", keepwithnext="always"
            )
        )
        document.styles.addElement(heading)
    table = odf_style.Style(name="Tableau", family="table")
    table.addElement(
        odf_style.TableProperties(
            width=f"{PAGE_WIDTH_CM - 2 * MARGIN_SIDES_CM}cm", align="margins", margintop="0.2cm"
        )
    )
    document.automaticstyles.addElement(table)
    for name, shaded in (("Tableau.Cellule", False), ("Tableau.En-tete", True)):
        cell = odf_style.Style(name=name, family="table-cell")
        properties = {"border": "0.5pt solid #000000", "padding": "0.1cm"}
        if shaded:
            properties["backgroundcolor"] = f"#{HEADER_SHADING}"
        cell.addElement(odf_style.TableCellProperties(**properties))
        document.automaticstyles.addElement(cell)
    for name, display, bold in (
        ("Table_20_Heading", "Table Heading", True),
        ("Table_20_Contents", "Table Contents", False),
    ):
        paragraph = odf_style.Style(
            name=name, displayname=display, family="paragraph", parentstylename=standard
        )
        if bold:
            paragraph.addElement(odf_style.TextProperties(fontweight="bold"))
        document.styles.addElement(paragraph)
    if title:
        document.meta.addElement(dc.Title(text=title))
    document.meta.addElement(dc.Language(text=f"{LANGUAGE}-{COUNTRY}"))
    return document


def odt_heading(document, text, level=1):
    element = odf_text.H(
        outlinelevel=level,
        stylename=ODT_HEADING_STYLE.format(level=min(max(level, 1), 3)),
        text=_text(text),
    )
    document.text.addElement(element)
    return element


def odt_paragraph(document, text=""):
    element = odf_text.P(stylename=ODT_BODY_STYLE, text=_text(text))
    document.text.addElement(element)
    return element


def odt_table(document, headers, rows):
    """A bordered table whose bold, shaded header row repeats on each page."""
    number = len(document.text.getElementsByType(odf_table.Table)) + 1
    element = odf_table.Table(name=f"Tableau{number}", stylename="Tableau")
    element.addElement(odf_table.TableColumn(numbercolumnsrepeated=len(headers)))
    header_rows = odf_table.TableHeaderRows()
    header_rows.addElement(_odt_row(headers, "Tableau.En-tete", "Table_20_Heading"))
    element.addElement(header_rows)
    for values in rows:
        element.addElement(_odt_row(values, "Tableau.Cellule", "Table_20_Contents"))
    document.text.addElement(element)
    return element


def _odt_row(values, cell_style, paragraph_style):
    row = odf_table.TableRow()
    for text in values:
        cell = odf_table.TableCell(stylename=cell_style, valuetype="string")
        cell.addElement(odf_text.P(stylename=paragraph_style, text=_text(text)))
        row.addElement(cell)
    return row


def odt_bytes(document) -> bytes:
    output = io.BytesIO()
    document.write(output)
    return output.getvalue()
