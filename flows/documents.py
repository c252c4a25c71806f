"""The flows' documents (the "fiche synergie", the workshop sheet, the yearly report) as one
plain structure rendered to DOCX and ODT by `portal.documents` (A4, French) and to a typed
XLSX workbook by `portal.spreadsheets`: each renderer reads only `Document` (title,
subtitle, blocks of headings, paragraphs and tables whose cells keep their Python type:
numbers stay numbers in spreadsheets). `download` serves any of them in the format a
page's link asks for."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import HttpResponse
from django.utils.http import content_disposition_header

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
from portal.numbers import format_number
from portal.spreadsheets import Column, Table, kind_of, write_xlsx

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


def download(document: Document, fmt: str, stem: str) -> HttpResponse:
    """The document as an attachment named `stem.fmt`, `fmt` one of DOCUMENT_TYPES."""
    response = HttpResponse(render_document(document, fmt), content_type=DOCUMENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, f"{stem}.{fmt}")
    return response


def _text_rows(block):
    return [[cell_text(value) for value in values] for values in block.rows]


def to_docx(document: Document) -> bytes:
    docx = docx_document(document.title)
    docx.add_heading(document.title, level=1)
    if document.subtitle:
        docx.add_paragraph(document.subtitle)
    for block in document.blocks:
        if isinstance(block, Heading):
            docx.add_heading(block.text, level=min(block.level, 3))
        elif isinstance(block, Paragraph):
            docx.add_paragraph(block.text)
        else:
            if block.caption:
                docx.add_paragraph(block.caption, style="Caption")
            docx_table(docx, block.headers, _text_rows(block))
    return docx_bytes(docx)


def to_odt(document: Document) -> bytes:
    odt = odt_document(document.title)
    odt_heading(odt, document.title, level=1)
    if document.subtitle:
        odt_paragraph(odt, document.subtitle)
    for block in document.blocks:
        if isinstance(block, Heading):
            odt_heading(odt, block.text, level=min(block.level, 3))
        elif isinstance(block, Paragraph):
            odt_paragraph(odt, block.text)
        else:
            if block.caption:
                odt_paragraph(odt, block.caption)
            odt_table(odt, block.headers, _text_rows(block))
    return odt_bytes(odt)


def to_xlsx(document: Document) -> bytes:
    """One sheet per table (`portal.spreadsheets`): typed cells, frozen header with a
    filter, fitted widths."""
    tables = []
    for block in document.tables() or [TableBlock("Vide", [""], [])]:
        columns = [
            Column(header, kind_of(row[index] for row in block.rows))
            for index, header in enumerate(block.headers)
        ]
        tables.append(Table(block.caption or "Tableau", columns, block.rows))
    return write_xlsx(tables)
