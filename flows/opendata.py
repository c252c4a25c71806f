"""The network's open flow data: per year × intercommunality (EPCI) × waste chapter ×
direction, the number of establishments and their total annual tonnes, under statistical
secrecy, for `/donnees/` and its CSV and JSON files.

What is counted: flows with a European waste code whose annual quantity is kept in tonnes
(t and kg), of establishments whose commune belongs to an EPCI, in the year of the flow's
last confirmation. Each (year, direction) is one table: its cells (EPCI × chapter), the
EPCI totals (all chapters), the chapter totals (the region) and the regional total.

Secrecy, on every cell and total:
- primary: fewer than `MIN_ESTABLISHMENTS` establishments, or one establishment holding
  more than `DOMINANCE_SHARE` of the tonnage;
- secondary: a published total minus the published cells of its line must never give a
  suppressed one back. In a table with margins, a suppressed value can be recovered by
  such subtractions exactly when its cell is a bridge of the graph whose nodes are the
  table's lines (EPCIs and the region row, chapters and the all-chapters column) and whose
  edges are the suppressed cells; further cells are suppressed (the smallest first) until
  every suppressed cell lies on a cycle. Empty cells are known zeros, never suppressed.
"""

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum
from django.db.models.functions import ExtractYear, Substr

from flows.models import Commune, Direction, Flow, WasteCode

MIN_ESTABLISHMENTS = 3
DOMINANCE_SHARE = Decimal("0.85")
TONNE = "t"
MILLI = Decimal("0.001")
ALL = "*"  # the key of a total: every EPCI (the region) or every chapter
REGION_LABEL = "Ensemble des intercommunalités"
ALL_CHAPTERS_LABEL = "Tous chapitres"
LICENCE_NAME = "Licence Ouverte / Open Licence version 2.0"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
LEVELS = {
    (False, False): "cellule",
    (True, False): "total_chapitre",
    (False, True): "total_epci",
    (True, True): "total_region",
}

# The data dictionary: (column, type, description), shown on the page and in the JSON.
DICTIONARY = (
    ("annee", "entier", "Année de la dernière confirmation des flux comptés."),
    ("sens", "texte", "« offre » (ressource disponible) ou « besoin » (ressource recherchée)."),
    (
        "niveau",
        "texte",
        "« cellule » (une EPCI, un chapitre), « total_epci » (une EPCI, tous chapitres), "
        "« total_chapitre » (un chapitre, toutes EPCI) ou « total_region » (tout).",
    ),
    ("epci_siren", "texte (9 chiffres)", "SIREN de l'intercommunalité ; vide pour un total."),
    ("epci_nom", "texte", "Nom de l'intercommunalité (EPCI) où se trouvent les sites."),
    (
        "chapitre",
        "texte (2 chiffres)",
        "Chapitre de la liste européenne des déchets ; vide pour un total.",
    ),
    ("chapitre_libelle", "texte", "Libellé du chapitre."),
    (
        "etablissements",
        "entier ou vide",
        "Nombre d'établissements ayant au moins un flux compté ; vide si secret.",
    ),
    (
        "tonnes_par_an",
        "décimal ou vide",
        "Somme des quantités annuelles, en tonnes (point décimal) ; vide si secret.",
    ),
    (
        "secret",
        "booléen",
        "true : valeur couverte par le secret statistique (moins de 3 établissements, un "
        "établissement au-delà de 85 % du tonnage, ou secret induit pour protéger une autre "
        "valeur).",
    ),
)


@dataclass
class Cell:
    """A cell or a total of one (year, direction) table, before publication."""

    epci: str  # SIREN, or ALL
    chapter: str  # two digits, or ALL
    tonnes: Decimal = Decimal(0)
    by_establishment: dict = field(default_factory=dict)  # {establishment id: tonnes}
    secret: bool = False

    @property
    def establishments(self) -> int:
        return len(self.by_establishment)

    @property
    def is_total(self) -> bool:
        return ALL in (self.epci, self.chapter)

    def add(self, establishment_id, tonnes):
        self.tonnes += tonnes
        self.by_establishment[establishment_id] = (
            self.by_establishment.get(establishment_id, Decimal(0)) + tonnes
        )

    def primary_secret(self) -> bool:
        if self.establishments < MIN_ESTABLISHMENTS:
            return True
        return self.tonnes > 0 and max(self.by_establishment.values()) > (
            DOMINANCE_SHARE * self.tonnes
        )


class Table:
    """One (year, direction) table: cells keyed (epci, chapter), totals with ALL."""

    def __init__(self, year: int, direction: str):
        self.year, self.direction = year, direction
        self.cells: dict[tuple[str, str], Cell] = {}

    def add(self, epci, chapter, establishment_id, tonnes):
        for key in ((epci, chapter), (epci, ALL), (ALL, chapter), (ALL, ALL)):
            cell = self.cells.get(key)
            if cell is None:
                cell = self.cells[key] = Cell(*key)
            cell.add(establishment_id, tonnes)

    def lines(self):
        """The additive lines: each EPCI's row and each chapter's column, totals included
        (the region row and the all-chapters column are lines too)."""
        rows, columns = defaultdict(list), defaultdict(list)
        for cell in self.cells.values():
            rows[cell.epci].append(cell)
            columns[cell.chapter].append(cell)
        return list(rows.values()) + list(columns.values())

    def protect(self) -> None:
        for cell in self.cells.values():
            cell.secret = cell.primary_secret()
        while self._lonely_secrets() or self._bridges():
            pass

    def _lonely_secrets(self) -> bool:
        """Give every line holding exactly one secret a second one (its smallest value,
        a cell rather than a total). True when something changed."""
        changed = False
        for line in self.lines():
            secrets = [cell for cell in line if cell.secret]
            if len(secrets) == 1:
                open_cells = [cell for cell in line if not cell.secret]
                if open_cells:
                    _smallest(open_cells).secret = changed = True
        return changed

    def _bridges(self) -> bool:
        """Suppress one more cell beside each secret cell that no cycle of secrets goes
        through (subtractions along its lines would give it back). True when changed."""
        for cell in sorted(self._secret_cells(), key=_order):
            if self._on_cycle(cell):
                continue
            line = [
                other
                for other in self.cells.values()
                if not other.secret and (other.epci == cell.epci or other.chapter == cell.chapter)
            ]
            if not line:
                continue
            _smallest(line).secret = True
            return True
        return False

    def _secret_cells(self):
        return [cell for cell in self.cells.values() if cell.secret]

    def _on_cycle(self, edge: Cell) -> bool:
        """Whether the row and column nodes of `edge` stay connected through the other
        secret cells (the edge is then not a bridge)."""
        neighbours = defaultdict(set)
        for cell in self._secret_cells():
            if cell is not edge:
                neighbours[("r", cell.epci)].add(("c", cell.chapter))
                neighbours[("c", cell.chapter)].add(("r", cell.epci))
        start, goal = ("r", edge.epci), ("c", edge.chapter)
        seen, stack = {start}, [start]
        while stack:
            node = stack.pop()
            if node == goal:
                return True
            for other in neighbours[node] - seen:
                seen.add(other)
                stack.append(other)
        return False


def _order(cell: Cell):
    return (cell.is_total, cell.epci, cell.chapter)


def _smallest(cells) -> Cell:
    return min(cells, key=lambda cell: (cell.is_total, cell.tonnes, cell.epci, cell.chapter))


def counted_flows(year: int | None = None):
    flows = Flow.objects.filter(
        waste_code__isnull=False,
        annual_unit=TONNE,
        confirmed_on__isnull=False,
        establishment__commune__isnull=False,
    ).exclude(establishment__commune__epci_siren="")
    if year is not None:
        flows = flows.filter(confirmed_on__year=year)
    return flows


def years() -> list[int]:
    """The years with counted flows, latest first."""
    return sorted(
        set(
            counted_flows()
            .annotate(year=ExtractYear("confirmed_on"))
            .values_list("year", flat=True)
            .distinct()
        ),
        reverse=True,
    )


def build_tables(year: int | None = None) -> list[Table]:
    """The protected tables, by year (latest first) then direction, in one query."""
    rows = (
        counted_flows(year)
        .annotate(year=ExtractYear("confirmed_on"), chapter=Substr("waste_subchapter", 1, 2))
        .values_list(
            "year", "direction", "establishment__commune__epci_siren", "chapter", "establishment_id"
        )
        .annotate(tonnes=Sum("annual_quantity"))
        .order_by()
    )
    tables = {}
    for row_year, direction, epci, chapter, establishment_id, tonnes in rows:
        table = tables.get((row_year, direction))
        if table is None:
            table = tables[(row_year, direction)] = Table(row_year, direction)
        table.add(epci, chapter, establishment_id, tonnes or Decimal(0))
    order = {Direction.OFFER: 0, Direction.NEED: 1}
    result = sorted(tables.values(), key=lambda t: (-t.year, order.get(t.direction, 9)))
    for table in result:
        table.protect()
    return result


def _labels(tables):
    epcis = {cell.epci for table in tables for cell in table.cells.values()} - {ALL}
    chapters = {cell.chapter for table in tables for cell in table.cells.values()} - {ALL}
    epci_names = dict(
        Commune.objects.filter(epci_siren__in=epcis)
        .order_by("epci_siren")
        .values_list("epci_siren", "epci_name")
        .distinct()
    )
    chapter_names = dict(
        WasteCode.objects.filter(code__in=chapters, level=WasteCode.Level.CHAPTER).values_list(
            "code", "label"
        )
    )
    return epci_names, {code: _sentence_case(label) for code, label in chapter_names.items()}


def _sentence_case(label: str) -> str:
    label = label.strip()
    return label[:1].upper() + label[1:].lower() if label.isupper() else label


def rows(year: int | None = None) -> list[dict]:
    """The published rows: secret values are None, never the numbers."""
    tables = build_tables(year)
    epci_names, chapter_names = _labels(tables)
    published = []
    for table in tables:
        cells = sorted(
            table.cells.values(),
            key=lambda c: (
                c.epci == ALL,
                epci_names.get(c.epci, c.epci),
                c.chapter == ALL,
                c.chapter,
            ),
        )
        for cell in cells:
            published.append(
                {
                    "annee": table.year,
                    "sens": table.direction,
                    "niveau": LEVELS[(cell.epci == ALL, cell.chapter == ALL)],
                    "epci_siren": "" if cell.epci == ALL else cell.epci,
                    "epci_nom": REGION_LABEL if cell.epci == ALL else epci_names.get(cell.epci, ""),
                    "chapitre": "" if cell.chapter == ALL else cell.chapter,
                    "chapitre_libelle": ALL_CHAPTERS_LABEL
                    if cell.chapter == ALL
                    else chapter_names.get(cell.chapter, ""),
                    "etablissements": None if cell.secret else cell.establishments,
                    "tonnes_par_an": None
                    if cell.secret
                    else cell.tonnes.quantize(Decimal("0.001")),
                    "secret": cell.secret,
                }
            )
    return published


COLUMNS = [name for name, _, _ in DICTIONARY]


def as_csv(published: list[dict]) -> str:
    """CSV (comma separated, UTF-8, point decimals): numbers are never localised in files."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in published:
        writer.writerow(
            {
                **row,
                "etablissements": "" if row["etablissements"] is None else row["etablissements"],
                "tonnes_par_an": "" if row["tonnes_par_an"] is None else str(row["tonnes_par_an"]),
                "secret": "true" if row["secret"] else "false",
            }
        )
    return out.getvalue()
