"""The synergy-detection workshop sheet: for a set of establishments, their offers and
needs and the candidate matches between them, as HTML (printable) and as a flows document
(`as_document`: DOCX, ODT, XLSX)."""

from dataclasses import dataclass

from django.utils import timezone

from flows import documents
from flows.hazard import HAZARDOUS_CAUTION, code_text
from flows.matching import FACT_FIELDS, default_radius_km, facts
from flows.models import Commune, Flow
from flows.scoring import rank
from portal.numbers import format_number
from portal.sanitize import clean_text


@dataclass
class Sheet:
    title: str
    establishments: list  # [(establishment, [flows])]
    matches: list  # [(flow, other flow, Scored)]
    hazardous: bool = False  # a hazardous waste among the flows: the caution is printed


def build_sheet(establishments) -> Sheet:
    ids = [site.pk for site in establishments]
    communes = Commune.objects.in_bulk({site.commune_id for site in establishments} - {None})
    for site in establishments:  # one query for the communes the headings name
        if site.commune_id in communes:
            site.commune = communes[site.commune_id]
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


def _site_heading(site):
    """'Fonderie Ardennaise – Charleville-Mézières (08000)'."""
    commune = site.commune if site.commune_id else None
    return clean_text(f"{site.name} – {commune}" if commune else site.name)


def _quantity(flow):
    return format_number(flow.quantity) + (
        f" {flow.get_unit_display()} {flow.get_frequency_display()}"
    )


def _flow_cells(flow):
    return _written(
        flow.get_direction_display(),
        flow.designation,
        code_text(flow.waste_code),
        _quantity(flow),
    )


def _written(*texts):
    """Texts as the DOCX and ODT writers accept them (what is stored may hold control
    characters: imported before they were cleaned, or typed in the admin)."""
    return [clean_text(text, multiline=True) for text in texts]


FLOW_HEADERS = ["Sens", "Désignation", "Code déchet", "Quantité"]
MATCH_HEADERS = ["Flux", "Avec", "Pourquoi"]
IDEA_HEADERS = ["Idée", "Entreprises", "Type", "Suite"]
IDEA_ROWS = 5


def _match_cells(flow, other, scored):
    return _written(
        f"{flow.establishment.name} : {flow.designation}",
        f"{other.establishment.name} : {other.designation}",
        " · ".join(scored.reasons),
    )


def as_document(sheet: Sheet) -> documents.Document:
    """The sheet as a flows document (`flows.documents`): the establishments' flows, the
    candidate matches, an empty table for the workshop's ideas."""
    document = documents.Document(sheet.title)
    if sheet.hazardous:
        document.paragraph(HAZARDOUS_CAUTION)
    for site, flows in sheet.establishments:
        document.heading(_site_heading(site))
        document.table("", FLOW_HEADERS, [_flow_cells(f) for f in flows])
    document.heading("Synergies possibles")
    document.table("", MATCH_HEADERS, [_match_cells(*m) for m in sheet.matches])
    document.heading("Idées de l'atelier")
    document.table("", IDEA_HEADERS, [[""] * len(IDEA_HEADERS)] * IDEA_ROWS)
    return document
