"""The synergy-detection workshop sheet: for a set of establishments, their offers and
needs and the candidate matches between them, as HTML (printable), DOCX and ODT."""

import io
from dataclasses import dataclass

from django.utils import timezone
from docx import Document
from odf.opendocument import OpenDocumentText
from odf.table import Table, TableCell, TableColumn, TableRow
from odf.text import H, P

from flows.hazard import HAZARDOUS_CAUTION, code_text
from flows.matching import FACT_FIELDS, default_radius_km, facts
from flows.models import Flow
from flows.scoring import rank
from portal.numbers import format_number


@dataclass
class Sheet:
    title: str
    establishments: list  # [(establishment, [flows])]
    matches: list  # [(flow, other flow, Scored)]
    hazardous: bool = False  # a hazardous waste among the flows: the caution is printed


def build_sheet(establishments) -> Sheet:
    ids = [site.pk for site in establishments]
    flows = list(
        Flow.objects.active()
        .filter(establishment_id__in=ids)
        .select_related("establishment", "waste_code")
        .order_by("establishment__name", "direction", "designation")
    )
    by_site = {site.pk: [] for site in establishments}
    for flow in flows:
        by_site[flow.establishment_id].append(flow)
    all_facts = {
        row[0]: facts(row)
        for row in Flow.objects.active().filter(establishment_id__in=ids).values_list(*FACT_FIELDS)
    }
    by_pk = {flow.pk: flow for flow in flows}
    matches, seen = [], set()
    for flow in flows:
        source = all_facts[flow.pk]
        others = [f for f in all_facts.values() if f.pk != flow.pk]
        for scored in rank(source, others, default_radius_km(), 10):
            pair = frozenset((flow.pk, scored.pk))
            other = by_pk[scored.pk]
            if pair in seen or (flow.direction == "besoin" and other.direction == "offre"):
                continue
            seen.add(pair)
            matches.append((flow, other, scored))
    matches.sort(key=lambda item: -item[2].score)
    title = f"Atelier de détection de synergies – {timezone.localdate():%d/%m/%Y}"
    hazardous = any(flow.waste_code_id and flow.waste_code.hazardous for flow in flows)
    return Sheet(title, [(site, by_site[site.pk]) for site in establishments], matches, hazardous)


def _quantity(flow):
    return format_number(flow.quantity) + (
        f" {flow.get_unit_display()} {flow.get_frequency_display()}"
    )


def _flow_cells(flow):
    return [
        flow.get_direction_display(),
        flow.designation,
        code_text(flow.waste_code),
        _quantity(flow),
    ]


FLOW_HEADERS = ["Sens", "Désignation", "Code déchet", "Quantité"]
MATCH_HEADERS = ["Flux", "Avec", "Pourquoi"]


def _match_cells(flow, other, scored):
    return [
        f"{flow.establishment.name} : {flow.designation}",
        f"{other.establishment.name} : {other.designation}",
        " · ".join(scored.reasons),
    ]


def to_docx(sheet: Sheet) -> bytes:

    document = Document()
    document.add_heading(sheet.title, level=1)
    if sheet.hazardous:
        document.add_paragraph(HAZARDOUS_CAUTION)
    for site, flows in sheet.establishments:
        document.add_heading(site.name, level=2)
        _docx_table(document, FLOW_HEADERS, [_flow_cells(f) for f in flows])
    document.add_heading("Synergies possibles", level=2)
    _docx_table(document, MATCH_HEADERS, [_match_cells(*m) for m in sheet.matches])
    document.add_heading("Idées de l'atelier", level=2)
    _docx_table(document, ["Idée", "Entreprises", "Type", "Suite"], [["", "", "", ""]] * 5)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _docx_table(document, headers, rows):
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text


def to_odt(sheet: Sheet) -> bytes:

    document = OpenDocumentText()

    def table(name, headers, rows):
        element = Table(name=name)
        element.addElement(TableColumn(numbercolumnsrepeated=len(headers)))
        for values in [headers, *rows]:
            row = TableRow()
            for text in values:
                cell = TableCell()
                cell.addElement(P(text=text))
                row.addElement(cell)
            element.addElement(row)
        document.text.addElement(element)

    document.text.addElement(H(outlinelevel=1, text=sheet.title))
    if sheet.hazardous:
        document.text.addElement(P(text=HAZARDOUS_CAUTION))
    for number, (site, flows) in enumerate(sheet.establishments, start=1):
        document.text.addElement(H(outlinelevel=2, text=site.name))
        table(f"Flux{number}", FLOW_HEADERS, [_flow_cells(f) for f in flows])
    document.text.addElement(H(outlinelevel=2, text="Synergies possibles"))
    table("Synergies", MATCH_HEADERS, [_match_cells(*m) for m in sheet.matches])
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()
