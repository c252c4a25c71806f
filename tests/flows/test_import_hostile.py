"""Hostile and odd spreadsheets: the import reads the file outside the write transaction,
bounds rows, columns and the error list, decides every kind of cell of every column, and
answers French row errors, never a 500 (issue #30, defects 2, 3, 4, 8 and 10)."""

import datetime
import io
import re
import time
import zipfile
from decimal import Decimal

import pytest
from django.db import connection
from openpyxl import Workbook

from flows import importing, spreadsheet
from flows.importing import import_flows
from flows.models import Establishment, Flow
from flows.spreadsheet import HEADERS
from tests.flows.test_import import csv_bytes, row

pytestmark = pytest.mark.django_db

VALID = dict(zip(HEADERS, row().split(";"), strict=True))


def xlsx(*rows, headers=HEADERS):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(headers))
    for values in rows:
        sheet.append([values.get(h, "") for h in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_dimension_bomb(data):
    """The sheet declares A1:XFD1048576 and holds one more cell at XFD1048576."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = content.decode()
                text = re.sub(
                    r'<dimension ref="[^"]*"\s*/>', '<dimension ref="A1:XFD1048576"/>', text
                )
                text = text.replace(
                    "</sheetData>",
                    '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c>'
                    "</row></sheetData>",
                )
                content = text.encode()
            target.writestr(item, content)
    return out.getvalue()


def test_a_declared_giant_dimension_stops_early_with_a_french_error(network):
    data = with_dimension_bomb(xlsx(VALID))
    assert len(data) < 10_000
    started = time.monotonic()
    report = import_flows("flux.xlsx", data)
    assert time.monotonic() - started < 20
    assert not report.ok
    assert "au-delà de 50\u202f000 lignes" in report.error_lines()[0]
    assert Flow.objects.count() == 0


def test_a_wide_row_is_cut_to_the_known_columns(network):
    values = dict(VALID)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(HEADERS))
    sheet.append([values[h] for h in HEADERS])
    sheet.cell(row=2, column=16000, value="très loin")
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = import_flows("flux.xlsx", buffer.getvalue())
    assert report.ok, report.error_lines()


def test_the_file_is_read_outside_the_write_transaction(network, monkeypatch):
    """The database is held only for the writing: the reading (and the validation) run at
    the transaction depth of the caller."""
    depth_at_call = len(connection.atomic_blocks)
    depths = []
    real = importing.read_rows

    def recording(name, data):
        depths.append(len(connection.atomic_blocks))
        return real(name, data)

    monkeypatch.setattr(importing, "read_rows", recording)
    report = import_flows("flux.csv", csv_bytes(row()))
    assert report.ok and depths == [depth_at_call]


def test_rows_are_bounded(network, monkeypatch):
    lines = [row(reference=f"R-{n}") for n in range(12)]
    monkeypatch.setattr(
        importing, "read_rows", lambda name, data: importing_read_rows(name, data, max_rows=10)
    )
    report = import_flows("flux.csv", csv_bytes(*lines))
    assert "au-delà de 10 lignes" in report.error_lines()[0]
    assert Flow.objects.count() == 0
    assert spreadsheet.MAX_ROWS == 50_000


def importing_read_rows(name, data, max_rows):
    return spreadsheet.read_rows(name, data, max_rows=max_rows)


def test_the_error_list_is_bounded_per_column_with_a_count(network):
    lines = [row(reference=f"R-{n}", quantite="beaucoup") for n in range(3000)]
    started = time.monotonic()
    report = import_flows("flux.csv", csv_bytes(*lines))
    assert time.monotonic() - started < 60
    assert report.error_count == 3000
    shown = report.error_lines()
    assert len(shown) == importing.ERRORS_PER_COLUMN + 1
    assert shown[-1] == "… et 2990 autres erreurs dans la colonne « quantite »."
    assert Flow.objects.count() == 0


NUMBER_COLUMNS = {"latitude", "longitude", "quantite", "cout_annuel_eur"}
KINDS = {
    "number": 42,
    "huge number": 1e300,
    "1e400": "1e400",
    "boolean": True,
    "date": datetime.date(2020, 1, 1),
    "datetime": datetime.datetime(2020, 1, 1, 13, 30),
    "text": "texte libre",
}


def refused(column, kind):
    """The decision for one kind of cell in one column (True: a row error in that column)."""
    if kind in ("boolean", "huge number"):
        return True
    if column == "date_confirmation":
        return kind not in ("date", "datetime")
    if column in NUMBER_COLUMNS:
        return kind in ("date", "datetime", "text", "1e400") or (
            kind == "number" and column in ("latitude", "longitude")
        )
    return kind in ("date", "datetime")


def test_every_kind_of_cell_in_every_column_has_a_decision(network):
    cases = [(column, kind) for column in HEADERS for kind in KINDS]
    rows = []
    for number, (column, kind) in enumerate(cases):
        values = dict(VALID, reference=f"K-{number}")
        values[column] = KINDS[kind]
        if column == "reference":
            values[column] = KINDS[kind] if kind != "text" else f"texte {number}"
        rows.append(values)
    report = import_flows("flux.xlsx", xlsx(*rows))
    assert not report.ok
    by_row = {}
    for line_number, column, message in report.errors:
        assert message and not message.startswith(("Traceback", "[")), message
        by_row.setdefault(line_number, set()).add(column)
    for number, (column, kind) in enumerate(cases):
        errors = by_row.get(number + 2, set())
        if refused(column, kind):
            assert column in errors, (column, kind, errors)
    accepted = {
        ("quantite", "number"),
        ("cout_annuel_eur", "number"),
        ("date_confirmation", "date"),
        ("date_confirmation", "datetime"),
        ("designation", "number"),
        ("designation", "1e400"),
        ("contact", "text"),
    }
    for number, (column, kind) in enumerate(cases):
        if (column, kind) in accepted:
            assert number + 2 not in by_row, (column, kind, by_row.get(number + 2))


def test_the_six_inputs_that_answered_500_are_french_row_errors(network):
    cases = [
        ("csv", {"quantite": "9" * 60}, "quantite"),
        ("csv", {"quantite": "1e400"}, "quantite"),
        ("xlsx", {"quantite": 1e300}, "quantite"),
        ("xlsx", {"quantite": True}, "quantite"),
        ("xlsx", {"commune": datetime.datetime(2020, 1, 1)}, "commune"),
        ("xlsx", {"designation": datetime.datetime(2020, 1, 1)}, "designation"),
        ("xlsx", {"entreprise": datetime.datetime(2020, 1, 1)}, "entreprise"),
        ("xlsx", {"reference": datetime.datetime(2020, 1, 1)}, "reference"),
        ("csv", {"cout_annuel_eur": "1e30"}, "cout_annuel_eur"),
        ("csv", {"quantite": "5000000", "frequence": "semaine"}, "quantite"),
    ]
    for fmt, change, column in cases:
        values = dict(VALID, **change)
        data = csv_bytes(row(**change)) if fmt == "csv" else xlsx(values)
        report = import_flows(f"flux.{fmt}", data)
        assert [c for _, c, _ in report.errors] == [column], (change, report.error_lines())
        assert (
            "invraisemblable" in report.errors[0][2]
            or "date" in report.errors[0][2]
            or ("VRAI/FAUX" in report.errors[0][2])
        ), report.errors[0][2]
    assert not Establishment.objects.filter(name__startswith="2020").exists()
    assert Flow.objects.count() == 0


def test_numbers_typed_as_numbers_are_read_as_text_where_text_is_expected(network):
    values = dict(
        VALID,
        siret=73282932000074,
        commune=8105,
        code_dechet=150103,
        quantite=12.5,
        cout_annuel_eur=1200,
        date_confirmation=datetime.datetime(2025, 3, 15, 10, 0),
    )
    report = import_flows("flux.xlsx", xlsx(values))
    assert report.ok, report.error_lines()
    flow = Flow.objects.select_related("establishment__commune", "waste_code").get()
    assert flow.establishment.siret == "73282932000074"
    assert flow.establishment.commune.insee_code == "08105"
    assert flow.waste_code.code == "15 01 03"
    assert flow.quantity == Decimal("12.5") and flow.confirmed_on == datetime.date(2025, 3, 15)


def test_control_characters_are_removed_on_import(network):
    data = csv_bytes(
        row(entreprise="Fonderie\x1b[31m Ardennaise\x1f", designation="Palettes\x07 bois\x0b")
    )
    report = import_flows("flux.csv", data)
    assert report.ok, report.error_lines()
    flow = Flow.objects.select_related("establishment").get()
    assert flow.establishment.name == "Fonderie[31m Ardennaise"
    assert flow.designation == "Palettes bois"


def test_an_asterisk_on_a_non_hazardous_code_names_the_code_meant(network):
    report = import_flows("flux.csv", csv_bytes(row(code_dechet="15 01 03*")))
    assert [c for _, c, _ in report.errors] == ["code_dechet"]
    message = report.errors[0][2]
    assert "15 01 03*" in message and "écrivez 15 01 03 sans astérisque" in message
    assert "n'est pas un déchet dangereux" in message


def test_a_hazardous_code_without_its_asterisk_is_read_as_the_hazardous_entry(network):
    report = import_flows("flux.csv", csv_bytes(row(code_dechet="15 01 10")))
    assert report.ok, report.error_lines()
    assert Flow.objects.get().waste_code.hazardous
    again = import_flows("flux.csv", csv_bytes(row(reference="B", code_dechet="15 01 10*")))
    assert again.ok, again.error_lines()
