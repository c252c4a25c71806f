"""The flows exports (CSV, XLSX, ODS) as a facilitator opens them, and back through the import."""

import csv
import datetime
import io

import pytest
from odf import table as odf_table
from odf.opendocument import load as load_ods
from openpyxl import load_workbook

from flows.importing import import_flows
from flows.models import Flow

pytestmark = pytest.mark.django_db


def test_xlsx_export_has_typed_cells_and_commune_names_beside_codes(client, network, register):
    client.force_login(network.animator)
    response = client.get("/flux/export.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    assert header.index("nom_commune") == header.index("commune") + 1
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
    rows = [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2)]
    foundry = next(r for r in rows if r["entreprise"].value == "Fonderie Ardennaise")
    assert foundry["commune"].value == "08105" and foundry["commune"].data_type == "s"
    assert foundry["nom_commune"].value == "Charleville-Mézières"
    assert foundry["quantite"].value == 80 and foundry["quantite"].data_type == "n"
    assert foundry["quantite"].number_format == "#,##0.00"
    confirmed = register["pallets_offer"].confirmed_on
    assert foundry["date_confirmation"].is_date
    assert foundry["date_confirmation"].value.date() == confirmed
    assert foundry["date_confirmation"].number_format == "dd/mm/yyyy"
    assert foundry["siret"].value == "73282932000074"  # an identifier stays text


def test_csv_export_is_french_and_imports_back_unchanged(client, network, register):
    client.force_login(network.animator)
    data = client.get("/flux/export.csv").content
    lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    row = dict(zip(lines[0], next(line for line in lines if "Palettes bois" in line), strict=True))
    assert row["quantite"] == "80" or row["quantite"].startswith("80,")
    assert row["date_confirmation"] == register["pallets_offer"].confirmed_on.strftime("%d/%m/%Y")
    before = set(Flow.objects.values_list("pk", "quantity", "confirmed_on"))
    report = import_flows("flux.csv", data)
    assert report.ok, report.error_lines()
    assert report.created == 0
    assert set(Flow.objects.values_list("pk", "quantity", "confirmed_on")) == before


def test_ods_export_opens_with_typed_cells(client, network, register):
    client.force_login(network.animator)
    response = client.get("/flux/export.ods")
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"
    sheet = load_ods(io.BytesIO(response.content)).spreadsheet.getElementsByType(odf_table.Table)[0]
    rows = sheet.getElementsByType(odf_table.TableRow)
    header = [str(c) for c in rows[0].getElementsByType(odf_table.TableCell)]
    types = {}
    for line in rows[1:]:
        cells = line.getElementsByType(odf_table.TableCell)
        if str(cells[header.index("designation")]) == "Palettes bois":
            types = {h: c.getAttribute("valuetype") for h, c in zip(header, cells, strict=True)}
    assert types["quantite"] == "float" and types["date_confirmation"] == "date"
    assert types["entreprise"] == "string"
    assert datetime.date.today() > register["pallets_offer"].confirmed_on
