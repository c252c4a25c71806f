"""The flows' documents (the "fiche synergie", the yearly report) as one plain structure
rendered to DOCX and ODT (A4, French) and to a typed XLSX workbook.

Kept small and separate so it can hand over to a shared portal document module: each
renderer reads only `Document` (title, subtitle, blocks of headings, paragraphs and
tables whose cells keep their Python type: numbers stay numbers in spreadsheets)."""

import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal

from docx import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from odf.opendocument import OpenDocumentText
from odf.style import (
    MasterPage,
    PageLayout,
    PageLayoutProperties,
    ParagraphProperties,
    Style,
    TableCellProperties,
    TextProperties,
)
from odf.table import Table, TableCell, TableColumn, TableRow
from odf.text import H, P
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from portal.exports import safe_cell
from portal.numbers import format_number

DOCUMENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass
class Heading:
    text: str
    level: int = 2


@dataclass
class Paragraph:
    text: str


@dataclass
class TableBlock:
    caption: str
    headers: list
    rows: list  # cells: str, int, Decimal, float, date or None


@dataclass
class Document:
    title: str
    subtitle: str = ""
    blocks: list = field(default_factory=list)

    def heading(self, text, level=2):
        self.blocks.append(Heading(text, level))

    def paragraph(self, text):
        self.blocks.append(Paragraph(text))

    def table(self, caption, headers, rows):
        self.blocks.append(TableBlock(caption, list(headers), [list(row) for row in rows]))

    def tables(self):
        return [block for block in self.blocks if isinstance(block, TableBlock)]


def cell_text(value) -> str:
    """A cell as text, in French notation."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, int | float | Decimal):
        return format_number(value)
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def render_document(document: Document, fmt: str) -> bytes:
    return {"docx": to_docx, "odt": to_odt, "xlsx": to_xlsx}[fmt](document)


# --- DOCX ------------------------------------------------------------------------------


def _set_language(style, language="fr-FR"):
    properties = style.element.get_or_add_rPr()
    lang = properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        properties.append(lang)
    lang.set(qn("w:val"), language)
    lang.set(qn("w:eastAsia"), language)


def to_docx(document: Document) -> bytes:
    docx = DocxDocument()
    section = docx.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    for style in docx.styles:
        if style.type == 1:  # paragraph styles
            _set_language(style)
    docx.styles["Normal"].font.size = Pt(10)
    docx.add_heading(document.title, level=1)
    if document.subtitle:
        docx.add_paragraph(document.subtitle)
    for block in document.blocks:
        if isinstance(block, Heading):
            docx.add_heading(block.text, level=block.level)
        elif isinstance(block, Paragraph):
            docx.add_paragraph(block.text)
        else:
            if block.caption:
                docx.add_paragraph(block.caption, style="Caption")
            table = docx.add_table(rows=1, cols=len(block.headers))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, block.headers, strict=True):
                cell.text = text
                for run in cell.paragraphs[0].runs:
                    run.bold = True
            for values in block.rows:
                for cell, value in zip(table.add_row().cells, values, strict=True):
                    cell.text = cell_text(value)
    buffer = io.BytesIO()
    docx.save(buffer)
    return buffer.getvalue()


# --- ODT -------------------------------------------------------------------------------


def to_odt(document: Document) -> bytes:
    odt = OpenDocumentText()
    layout = PageLayout(name="A4")
    layout.addElement(
        PageLayoutProperties(
            pagewidth="21cm",
            pageheight="29.7cm",
            printorientation="portrait",
            margintop="2cm",
            marginbottom="2cm",
            marginleft="2cm",
            marginright="2cm",
        )
    )
    odt.automaticstyles.addElement(layout)
    odt.masterstyles.addElement(MasterPage(name="Standard", pagelayoutname=layout))
    default = Style(name="Standard", family="paragraph")
    default.addElement(
        TextProperties(language="fr", country="FR", fontsize="10pt", fontfamily="Liberation Sans")
    )
    odt.styles.addElement(default)
    headings = {}
    for level, size in ((1, "16pt"), (2, "13pt"), (3, "11pt")):
        style = Style(
            name=f"Heading_20_{level}",
            displayname=f"Heading {level}",
            family="paragraph",
            parentstylename=default,
            defaultoutlinelevel=str(level),
        )
        style.addElement(
            TextProperties(fontsize=size, fontweight="bold", language="fr", country="FR")
        )
        style.addElement(ParagraphProperties(margintop="0.4cm", marginbottom="0.2cm"))
        odt.styles.addElement(style)
        headings[level] = style
    cell_style = Style(name="Cell", family="table-cell")
    cell_style.addElement(TableCellProperties(border="0.5pt solid #000000", padding="0.1cm"))
    odt.automaticstyles.addElement(cell_style)
    bold = Style(name="HeaderText", family="paragraph", parentstylename=default)
    bold.addElement(TextProperties(fontweight="bold"))
    odt.automaticstyles.addElement(bold)
    odt.text.addElement(H(outlinelevel=1, stylename=headings[1], text=document.title))
    if document.subtitle:
        odt.text.addElement(P(stylename=default, text=document.subtitle))
    for number, block in enumerate(document.blocks, start=1):
        if isinstance(block, Heading):
            level = min(block.level, 3)
            odt.text.addElement(H(outlinelevel=level, stylename=headings[level], text=block.text))
        elif isinstance(block, Paragraph):
            odt.text.addElement(P(stylename=default, text=block.text))
        else:
            if block.caption:
                odt.text.addElement(P(stylename=default, text=block.caption))
            table = Table(name=f"Tableau{number}")
            table.addElement(TableColumn(numbercolumnsrepeated=len(block.headers)))
            for position, values in enumerate([block.headers, *block.rows]):
                row = TableRow()
                for value in values:
                    cell = TableCell(stylename=cell_style)
                    text = value if position == 0 else cell_text(value)
                    cell.addElement(P(stylename=bold if position == 0 else default, text=text))
                    row.addElement(cell)
                table.addElement(row)
            odt.text.addElement(table)
    buffer = io.BytesIO()
    odt.write(buffer)
    return buffer.getvalue()


# --- XLSX ------------------------------------------------------------------------------


def _typed(value):
    if isinstance(value, Decimal):
        return float(value)
    return safe_cell(value)


def to_xlsx(document: Document) -> bytes:
    """One sheet per table: typed cells, header row frozen with a filter, fitted widths."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    used = set()
    for block in document.tables():
        name = "".join(c for c in block.caption if c not in "[]:*?/\\")[:28] or "Tableau"
        while name in used:
            name = name[:26] + f"{len(used)}"
        used.add(name)
        sheet = workbook.create_sheet(name)
        sheet.append(block.headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for values in block.rows:
            sheet.append([_typed(value) for value in values])
            for cell, value in zip(sheet[sheet.max_row], values, strict=True):
                if isinstance(value, datetime.date):
                    cell.number_format = "DD/MM/YYYY"
        sheet.freeze_panes = "A2"
        if block.rows:
            sheet.auto_filter.ref = sheet.dimensions
        for index, header in enumerate(block.headers, start=1):
            width = max([len(str(header))] + [len(cell_text(r[index - 1])) for r in block.rows])
            sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 60)
    if not workbook.sheetnames:
        workbook.create_sheet("Vide")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
