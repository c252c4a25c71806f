"""Filled templates as documents: sanitised HTML → blocks → DOCX, ODT or plain text.

The filled Markdown is rendered and sanitised by `portal.sanitize` first; this module
only walks that small, known HTML (paragraphs, headings, lists, emphasis, links) with
`html.parser`. Text reaches python-docx and odfpy as plain strings, which they
XML-escape: no XML is ever built by concatenating text. Page, language and styles come
from `portal.documents` (French A4).
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.db import models
from docx.enum.dml import MSO_THEME_COLOR_INDEX
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from odf import style as odf_style
from odf import text as odf_text

from portal.documents import (
    ODT_BODY_STYLE,
    ODT_HEADING_STYLE,
    docx_bytes,
    docx_document,
    docx_table,
    odt_bytes,
    odt_document,
    odt_table,
)
from portal.sanitize import clean_text


class DocumentFormat(models.TextChoices):
    DOCX = "docx", "Word (DOCX)"
    ODT = "odt", "OpenDocument (ODT)"
    TXT = "txt", "Texte brut"


CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "txt": "text/plain; charset=utf-8",
}


@dataclass
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None


@dataclass
class Block:
    kind: str  # "paragraph", "heading", "item", "table"
    level: int = 0  # heading level (1-3) or list depth (1...)
    ordered: bool = False
    runs: list = field(default_factory=list)
    rows: list = field(default_factory=list)  # a table's rows of cell texts, header first

    @property
    def text(self):
        return "".join(run.text for run in self.runs)


HEADINGS = {"h1": 1, "h2": 1, "h3": 2, "h4": 3, "h5": 3, "h6": 3}
BLOCK_TAGS = {"p", "blockquote", "pre", "dt", "dd", "hr", *HEADINGS}


class _BlockParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks = []
        self.current = None
        self.lists = []  # stack of "ul" / "ol"
        self.bold = 0
        self.italic = 0
        self.href = None
        self.table = None  # the rows of the table being read
        self.cell = None  # the text of the cell being read

    # --- block handling ---
    def _close(self):
        if self.current is not None and self.current.text.strip():
            self.current.runs[0].text = self.current.runs[0].text.lstrip()
            self.current.runs[-1].text = self.current.runs[-1].text.rstrip()
            self.blocks.append(self.current)
        self.current = None

    def _open(self, kind, level=0, ordered=False):
        self._close()
        self.current = Block(kind=kind, level=level, ordered=ordered)

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._close()
            self.table = []
        elif self.table is not None:
            self._table_start(tag)
        elif tag in HEADINGS:
            self._open("heading", HEADINGS[tag])
        elif tag in ("ul", "ol"):
            self._close()
            self.lists.append(tag)
        elif tag == "li":
            self._open("item", len(self.lists) or 1, bool(self.lists) and self.lists[-1] == "ol")
        elif tag in BLOCK_TAGS:
            if not (tag == "p" and self.current is not None and self.current.kind == "item"):
                self._open("paragraph")
        else:
            self._inline_start(tag, attrs)

    def _table_start(self, tag):
        if tag == "tr":
            self.table.append([])
        elif tag in ("td", "th"):
            self.cell = []
        elif tag == "br" and self.cell is not None:
            self.cell.append(" ")

    def _inline_start(self, tag, attrs):
        if tag in ("strong", "b"):
            self.bold += 1
        elif tag in ("em", "i"):
            self.italic += 1
        elif tag == "a":
            self.href = dict(attrs).get("href") or None
        elif tag == "br":
            self._text("\n")

    def handle_endtag(self, tag):
        if self.table is not None:
            self._table_end(tag)
        elif tag in HEADINGS or tag in ("li", "blockquote", "pre", "dt", "dd"):
            self._close()
        elif tag == "p":
            if self.current is not None and self.current.kind != "item":
                self._close()
        elif tag in ("ul", "ol"):
            self._close()
            if self.lists:
                self.lists.pop()
        else:
            self._inline_end(tag)

    def _table_end(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            if self.table:
                self.table[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "table":
            rows = [row for row in self.table if row]
            width = max((len(row) for row in rows), default=0)
            if width:
                rows = [row + [""] * (width - len(row)) for row in rows]
                self.blocks.append(Block(kind="table", rows=rows))
            self.table = None

    def _inline_end(self, tag):
        if tag in ("strong", "b"):
            self.bold = max(0, self.bold - 1)
        elif tag in ("em", "i"):
            self.italic = max(0, self.italic - 1)
        elif tag == "a":
            self.href = None

    def handle_data(self, data):
        if self.table is not None:
            if self.cell is not None:
                self.cell.append(data)
            return
        if self.current is None:
            if not data.strip():
                return
            self._open("paragraph")
        self._text(data)

    def _text(self, data):
        if self.current is None:
            self._open("paragraph")
        data = data if data == "\n" else " ".join(clean_text(data, multiline=True).split("\n"))
        self.current.runs.append(
            Run(data, bold=self.bold > 0, italic=self.italic > 0, href=self.href)
        )

    def close(self):
        super().close()
        self._close()


def html_to_blocks(html):
    parser = _BlockParser()
    parser.feed(str(html))
    parser.close()
    return parser.blocks


# --- plain text ---------------------------------------------------------------------
def to_text(blocks, title=""):
    lines = []
    counters = {}
    for block in blocks:
        if block.kind == "table":
            counters = {}
            if lines:
                lines.append("")
            lines.extend(" | ".join(row) for row in block.rows)
            continue
        text = "".join(
            run.text if not run.href or run.href == run.text else f"{run.text} ({run.href})"
            for run in block.runs
        )
        if block.kind == "item":
            indent = "  " * (block.level - 1)
            if block.ordered:
                counters[block.level] = counters.get(block.level, 0) + 1
                lines.append(f"{indent}{counters[block.level]}. {text}")
            else:
                lines.append(f"{indent}- {text}")
            continue
        counters = {}
        if lines:
            lines.append("")
        lines.append(text)
    return ("\n".join(lines).strip() + "\n").encode("utf-8")


# --- DOCX ---------------------------------------------------------------------------
def _docx_hyperlink(paragraph, url, text, bold, italic):
    """A w:hyperlink to an external relationship; python-docx has no public API for it."""
    rel_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    hyperlink = OxmlElement("w:hyperlink")
    hyperlink.set(qn("r:id"), rel_id)
    run = paragraph.add_run(text)  # built by python-docx, then moved into the link
    run.bold = bold or None
    run.italic = italic or None
    run.font.underline = True
    run.font.color.theme_color = MSO_THEME_COLOR_INDEX.HYPERLINK
    hyperlink.append(run._r)
    paragraph._p.append(hyperlink)


def to_docx(blocks, title=""):
    document = docx_document(title)
    for block in blocks:
        if block.kind == "table":
            docx_table(document, block.rows[0], block.rows[1:])
            continue
        if block.kind == "heading":
            paragraph = document.add_paragraph(style=f"Heading {block.level}")
        elif block.kind == "item":
            base = "List Number" if block.ordered else "List Bullet"
            depth = min(block.level, 3)
            paragraph = document.add_paragraph(style=base if depth == 1 else f"{base} {depth}")
        else:
            paragraph = document.add_paragraph()
        for run in block.runs:
            if run.href:
                _docx_hyperlink(paragraph, run.href, run.text, run.bold, run.italic)
            elif run.text == "\n":
                paragraph.add_run().add_break()
            else:
                added = paragraph.add_run(run.text)
                added.bold = run.bold or None
                added.italic = run.italic or None
    return docx_bytes(document)


# --- ODT ----------------------------------------------------------------------------
def _odt_styles(document):
    """Run and list styles; page, language, body and heading styles are portal.documents'."""
    styles = {}
    for name, properties in (
        ("T_bold", {"fontweight": "bold"}),
        ("T_italic", {"fontstyle": "italic"}),
        ("T_bold_italic", {"fontweight": "bold", "fontstyle": "italic"}),
    ):
        span = odf_style.Style(name=name, family="text")
        span.addElement(odf_style.TextProperties(**properties))
        document.automaticstyles.addElement(span)
        styles[name] = span
    link = odf_style.Style(name="T_link", family="text")
    link.addElement(odf_style.TextProperties(color="#0b5cad", textunderlinestyle="solid"))
    document.automaticstyles.addElement(link)
    for name, numbered in (("L_bullet", False), ("L_number", True)):
        list_style = odf_text.ListStyle(name=name)
        for level in range(1, 4):
            if numbered:
                level_style = odf_text.ListLevelStyleNumber(
                    level=str(level), numformat="1", numsuffix="."
                )
            else:
                level_style = odf_text.ListLevelStyleBullet(level=str(level), bulletchar="•")
            level_style.addElement(
                odf_style.ListLevelProperties(
                    spacebefore=f"{0.6 * (level - 1):.1f}cm", minlabelwidth="0.6cm"
                )
            )
            list_style.addElement(level_style)
        document.automaticstyles.addElement(list_style)
        styles[name] = list_style
    return styles


def _odt_runs(element, runs):
    for run in runs:
        if run.text == "\n":
            element.addElement(odf_text.LineBreak())
            continue
        style = None
        if run.bold and run.italic:
            style = "T_bold_italic"
        elif run.bold:
            style = "T_bold"
        elif run.italic:
            style = "T_italic"
        target = element
        if run.href:
            target = odf_text.A(href=run.href, type="simple")
            element.addElement(target)
        if style:
            span = odf_text.Span(stylename=style, text=run.text)
            target.addElement(span)
        elif run.href:
            target.addElement(odf_text.Span(stylename="T_link", text=run.text))
        else:
            target.addText(run.text)


def to_odt(blocks, title=""):
    document = odt_document(title)
    _odt_styles(document)
    open_lists = []  # stack of (ordered, list element, last item)
    for block in blocks:
        if block.kind == "table":
            open_lists = []
            odt_table(document, block.rows[0], block.rows[1:])
            continue
        if block.kind != "item":
            open_lists = []
            if block.kind == "heading":
                element = odf_text.H(
                    outlinelevel=block.level,
                    stylename=ODT_HEADING_STYLE.format(level=block.level),
                )
            else:
                element = odf_text.P(stylename=ODT_BODY_STYLE)
            _odt_runs(element, block.runs)
            document.text.addElement(element)
            continue
        depth = min(block.level, 3)
        while len(open_lists) > depth or (
            len(open_lists) == depth and open_lists[-1][0] != block.ordered
        ):
            open_lists.pop()
        while len(open_lists) < depth:
            style = "L_number" if block.ordered else "L_bullet"
            new_list = odf_text.List(stylename=style)
            if open_lists and open_lists[-1][2] is not None:
                open_lists[-1][2].addElement(new_list)
            else:
                document.text.addElement(new_list)
            open_lists.append([block.ordered, new_list, None])
        item = odf_text.ListItem()
        paragraph = odf_text.P(stylename=ODT_BODY_STYLE)
        _odt_runs(paragraph, block.runs)
        item.addElement(paragraph)
        open_lists[-1][1].addElement(item)
        open_lists[-1][2] = item
    return odt_bytes(document)


RENDERERS = {"docx": to_docx, "odt": to_odt, "txt": to_text}


def render_document(html, fmt, title=""):
    """The document in `fmt`; the text runs are cleaned of control characters as they are
    parsed (`_BlockParser._text`: DOCX and ODT writers refuse them)."""
    return RENDERERS[fmt](html_to_blocks(html), title=clean_text(title))
