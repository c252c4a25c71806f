"""`/donnees/`: the open flow data, its files, its metadata, and its statistical secrecy
tried by the differencing attack an outsider would run on the published files."""

import csv
import datetime
import io
import json
import random
import re
from collections import defaultdict
from decimal import Decimal
from fractions import Fraction

import pytest

from flows import opendata
from flows.models import Commune, Establishment, Flow, WasteCode
from flows.opendata import ALL, Table

pytestmark = pytest.mark.django_db

CHAPTERS = ("02", "03", "12", "15", "17", "19", "20")


# --- the attacker ------------------------------------------------------------------------


def _rank(rows_of_equations, columns) -> int:
    """Rank over the rationals of the equations restricted to `columns` (exact)."""
    matrix = [[Fraction(eq.get(col, 0)) for col in columns] for eq in rows_of_equations]
    rank, width = 0, len(columns)
    for col in range(width):
        pivot = next((r for r in range(rank, len(matrix)) if matrix[r][col] != 0), None)
        if pivot is None:
            continue
        matrix[rank], matrix[pivot] = matrix[pivot], matrix[rank]
        for r in range(len(matrix)):
            if r != rank and matrix[r][col] != 0:
                factor = matrix[r][col] / matrix[rank][col]
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[rank], strict=True)]
        rank += 1
    return rank


def recoverable(published: list[dict]) -> list[tuple]:
    """Every secret value an outsider can compute exactly from the published rows: by
    subtracting known cells from totals, line after line, and by any linear combination
    of the table's additive relations (exact rational rank test)."""
    found = []
    tables = defaultdict(dict)
    for row in published:
        epci = row["epci_siren"] or ALL
        chapter = row["chapitre"] or ALL
        tables[(row["annee"], row["sens"])][(epci, chapter)] = (
            None if row["secret"] else Fraction(str(row["tonnes_par_an"]))
        )
    for key, cells in tables.items():
        epcis = {e for e, _ in cells}
        chapters = {c for _, c in cells}
        equations = []  # {cell: coefficient}: sum of the line's cells minus its total = 0
        for epci in epcis:
            line = {(epci, c): 1 for c in chapters if c != ALL and (epci, c) in cells}
            line[(epci, ALL)] = -1
            equations.append(line)
        for chapter in chapters:
            line = {(e, chapter): 1 for e in epcis if e != ALL and (e, chapter) in cells}
            line[(ALL, chapter)] = -1
            equations.append(line)
        unknown = [cell for cell, value in cells.items() if value is None]
        # 1. the subtraction attack, repeated while it finds something
        known = {cell: value for cell, value in cells.items() if value is not None}
        progress = True
        while progress:
            progress = False
            for equation in equations:
                missing = [cell for cell in equation if cell not in known]
                if len(missing) == 1:
                    (cell,) = missing
                    rest = sum(coef * known[c] for c, coef in equation.items() if c != cell)
                    known[cell] = -rest / equation[cell]
                    found.append((key, cell, "soustraction"))
                    progress = True
        # 2. any linear combination: x_k is determined iff dropping it lowers the rank
        full = _rank(equations, unknown)
        for cell in unknown:
            if _rank(equations, [c for c in unknown if c != cell]) < full:
                found.append((key, cell, "combinaison linéaire"))
    return found


# --- the protection on synthetic tables (no database) -------------------------------------


def random_table(seed: int) -> Table:
    rng = random.Random(seed)
    table = Table(2025, "offre")
    establishment = 0
    for epci in range(rng.randint(2, 9)):
        for chapter in rng.sample(CHAPTERS, rng.randint(1, len(CHAPTERS))):
            for _ in range(rng.choice((1, 1, 2, 3, 4, 6))):
                establishment += 1
                tonnes = Decimal(rng.choice((1, 5, 20, 80, 400, 5000)))
                table.add(f"2000000{epci:02d}", chapter, establishment, tonnes)
    table.protect()
    return table


def published_rows(table: Table) -> list[dict]:
    return [
        {
            "annee": table.year,
            "sens": table.direction,
            "epci_siren": "" if cell.epci == ALL else cell.epci,
            "chapitre": "" if cell.chapter == ALL else cell.chapter,
            "tonnes_par_an": None if cell.secret else cell.tonnes,
            "secret": cell.secret,
        }
        for cell in table.cells.values()
    ]


@pytest.mark.parametrize("seed", range(40))
def test_no_secret_value_survives_the_differencing_attack(seed):
    table = random_table(seed)
    for cell in table.cells.values():
        if cell.primary_secret():
            assert cell.secret
    assert recoverable(published_rows(table)) == []


def test_random_tables_need_secondary_suppression():
    """The seeds above are not trivial: many need cells hidden beyond the primary rule."""
    secondary = sum(
        cell.secret and not cell.primary_secret()
        for seed in range(40)
        for cell in random_table(seed).cells.values()
    )
    assert secondary > 40


def test_the_attacker_does_find_a_lonely_secret():
    """The attack is real: primary suppression alone gives a cell back."""
    table = Table(2025, "offre")
    for n, (epci, chapter) in enumerate(
        [("A", "15")] * 3 + [("A", "17")] * 1 + [("B", "15")] * 3 + [("B", "17")] * 4
    ):
        table.add(epci, chapter, n, Decimal(10))
    for cell in table.cells.values():
        cell.secret = cell.primary_secret()
    assert {cell for _, cell, _ in recoverable(published_rows(table))} == {("A", "17")}
    table.protect()
    assert recoverable(published_rows(table)) == []


def test_dominance_rule_hides_a_cell_of_many_small_sites():
    table = Table(2025, "besoin")
    for n, tonnes in enumerate((1000, 10, 10, 10, 10)):
        table.add("A", "15", n, Decimal(tonnes))
    assert table.cells[("A", "15")].primary_secret()
    balanced = Table(2025, "besoin")
    for n, tonnes in enumerate((40, 30, 30)):
        balanced.add("A", "15", n, Decimal(tonnes))
    assert not balanced.cells[("A", "15")].primary_secret()


# --- the published page and files ---------------------------------------------------------


@pytest.fixture
def open_register(network):
    """Six intercommunalities of the Grand Est, sites in each, flows of several chapters
    in 2024 and 2025; a few kept out (no code, in m³, never confirmed)."""
    rng = random.Random(7)
    communes = {}
    for commune in Commune.objects.exclude(epci_siren="").order_by("insee_code"):
        communes.setdefault(commune.epci_siren, commune)
        if len(communes) == 6:
            break
    codes = {
        chapter: WasteCode.objects.filter(level="rubrique", code__startswith=chapter).first()
        for chapter in CHAPTERS
    }
    flows = []
    for i, commune in enumerate(communes.values()):
        for j in range(rng.randint(2, 7)):
            site = Establishment.objects.create(
                territory=network.ardennes, name=f"Société secrète {i}-{j}", commune=commune
            )
            for k, chapter in enumerate(rng.sample(CHAPTERS, 3)):
                flow = Flow(
                    establishment=site,
                    reference=f"OD-{i}-{j}-{k}",
                    direction=rng.choice(("offre", "besoin")),
                    category="dechets",
                    waste_code=codes[chapter],
                    designation=f"Lot {chapter}",
                    quantity=Decimal(rng.choice((2, 15, 60, 300))),
                    unit=rng.choice(("t", "t", "kg")),
                    frequency="an",
                    confirmed_on=datetime.date(rng.choice((2024, 2025)), 3, 1),
                )
                flow.refresh_derived()
                flows.append(flow)
    Flow.objects.bulk_create(flows)
    site = Establishment.objects.create(
        territory=network.ardennes, name="Société hors champ", commune=commune
    )
    Flow.objects.create(
        establishment=site, reference="OD-x1", direction="offre", category="eau",
        designation="Eaux de rinçage", quantity=Decimal(500), unit="m3", frequency="an",
        confirmed_on=datetime.date(2025, 1, 1),
    )  # fmt: skip
    return {"communes": communes, "flows": flows}


def test_published_files_resist_the_attack_and_name_no_company(client, open_register):
    response = client.get("/donnees/flux.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode()
    published = []
    for row in csv.DictReader(io.StringIO(text)):
        published.append(
            {
                **row,
                "annee": int(row["annee"]),
                "secret": row["secret"] == "true",
                "tonnes_par_an": row["tonnes_par_an"] or None,
            }
        )
    assert {row["annee"] for row in published} == {2024, 2025}
    assert any(row["secret"] for row in published) and any(not row["secret"] for row in published)
    assert all(row["etablissements"] == "" for row in published if row["secret"])
    assert recoverable(published) == []
    assert "Société" not in text and "m3" not in text
    # the published totals are the true ones (in tonnes: kg converted)
    true_total = sum(
        flow.annual_quantity for flow in open_register["flows"] if flow.confirmed_on.year == 2025
    )
    region = [row for row in published if row["niveau"] == "total_region" and row["annee"] == 2025]
    shown = sum(Decimal(row["tonnes_par_an"]) for row in region if not row["secret"])
    assert shown <= true_total and len(region) == 2


def test_json_file_filters_by_year_with_its_dictionary_and_licence(client, open_register):
    body = client.get("/donnees/flux.json?annee=2024").json()
    assert body["annee"] == 2024 and {row["annee"] for row in body["donnees"]} == {2024}
    assert body["licence"]["url"] == opendata.LICENCE_URL
    assert [entry["colonne"] for entry in body["dictionnaire"]] == opendata.COLUMNS
    assert datetime.datetime.fromisoformat(body["date_extraction"])
    cell = next(row for row in body["donnees"] if not row["secret"])
    assert isinstance(cell["tonnes_par_an"], float) and isinstance(cell["etablissements"], int)
    assert recoverable(body["donnees"]) == []


@pytest.mark.parametrize("path", ["/donnees/flux.json", "/donnees/flux.csv", "/donnees/"])
def test_a_bad_year_is_a_french_400(client, path):
    response = client.get(path, {"annee": "20x5"})
    assert response.status_code == 400
    assert "Année « 20x5 » invalide" in response.content.decode()


def test_page_states_licence_dictionary_date_and_dcat(client, open_register):
    response = client.get("/donnees/", {"annee": "2025"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Licence Ouverte / Open Licence version 2.0" in html
    assert "Dictionnaire des données" in html and "tonnes_par_an" in html
    assert "Données extraites le" in html and "Société" not in html
    assert 'href="/donnees/flux.csv?annee=2025"' in html
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    dataset = json.loads(found.group(1))
    assert dataset["@type"] == "dcat:Dataset"
    assert dataset["dct:license"]["@id"] == opendata.LICENCE_URL
    urls = [d["dcat:downloadURL"]["@id"] for d in dataset["dcat:distribution"]]
    assert [url.rsplit("/", 2)[-2:] for url in urls] == [
        ["donnees", "flux.csv"],
        ["donnees", "flux.json"],
    ]
    assert dataset["dct:temporal"]["dcat:startDate"]["@value"] == "2024-01-01"


def test_reachable_from_every_page_footer(client):
    assert 'href="/donnees/"' in client.get("/flux/mutualisation/").content.decode()
    assert client.get("/donnees/").status_code == 200
