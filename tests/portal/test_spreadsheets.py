"""The one table writer (portal.spreadsheets): each format opened back with its own reader."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.http import Http404
from odf import config as odf_config
from odf import table as odf_table
from odf.number import DateStyle, Number, NumberStyle
from odf.opendocument import load as load_ods
from openpyxl import load_workbook

from portal.spreadsheets import (
    DATE,
    DATETIME,
    DECIMAL,
    INTEGER,
    Column,
    Table,
    download,
    kind_of,
    write,
)

COLUMNS = [
    Column("Référence"),
    Column("Quantité", DECIMAL),
    Column("Sites", INTEGER),
    Column("Confirmé le", DATE),
    Column("Mis à jour", DATETIME),
]
ROWS = [
    [
        '=HYPERLINK("http://mal.exemple")',
        Decimal("1234.5"),
        3,
        datetime.date(2025, 3, 15),
        datetime.datetime(2025, 3, 15, 9, 30),
    ],
    ["@SUM(A1)", None, 0, None, None],
    ["Palettes bois", 12.25, 12, datetime.date(2024, 1, 2), None],
]


def tables():
    return [Table("Flux", COLUMNS, ROWS), Table("Gains", [Column("Gain")], [["-3 t"]])]


def test_xlsx_cells_are_typed_frozen_filtered_sized_and_french():
    workbook = load_workbook(io.BytesIO(write("xlsx", tables())))
    assert workbook.sheetnames == ["Flux", "Gains"]
    sheet = workbook["Flux"]
    assert [c.value for c in sheet[1]] == [c.header for c in COLUMNS]
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:E4"
    reference, quantity, sites, confirmed, updated = sheet[2]
    assert reference.value == '\'=HYPERLINK("http://mal.exemple")' and reference.data_type == "s"
    assert quantity.value == 1234.5 and quantity.data_type == "n"
    assert quantity.number_format == "#,##0.00"  # shown "1 234,50" by a French Excel
    assert sites.value == 3 and sites.number_format == "#,##0"
    assert confirmed.is_date and confirmed.value.date() == datetime.date(2025, 3, 15)
    assert confirmed.number_format == "dd/mm/yyyy"
    assert updated.is_date and updated.number_format == "dd/mm/yyyy hh:mm"
    assert sheet["A3"].value == "'@SUM(A1)" and sheet["B3"].value is None
    assert sheet["C3"].value == 0  # a zero is a number, not an empty cell
    # widths fit the longest content, within bounds
    assert sheet.column_dimensions["A"].width > sheet.column_dimensions["C"].width >= 8
    assert workbook["Gains"]["A2"].value == "'-3 t"


def test_ods_cells_are_typed_frozen_filtered_sized_and_french():
    document = load_ods(io.BytesIO(write("ods", tables())))
    sheets = document.spreadsheet.getElementsByType(odf_table.Table)
    assert [s.getAttribute("name") for s in sheets] == ["Flux", "Gains"]
    rows = sheets[0].getElementsByType(odf_table.TableRow)
    header = rows[0]
    assert header.parentNode.qname[1] == "table-header-rows"  # repeated on every printed page
    cells = rows[1].getElementsByType(odf_table.TableCell)
    assert cells[0].getAttribute("valuetype") == "string"
    assert str(cells[0]) == '\'=HYPERLINK("http://mal.exemple")'
    assert cells[1].getAttribute("valuetype") == "float"
    assert cells[1].getAttribute("value") == "1234.5" and str(cells[1]) == "1\u202f234,5"
    assert cells[3].getAttribute("valuetype") == "date"
    assert cells[3].getAttribute("datevalue") == "2025-03-15" and str(cells[3]) == "15/03/2025"
    # French number and date styles
    styles = document.automaticstyles
    numbers = styles.getElementsByType(NumberStyle)
    assert numbers and all(s.getAttribute("language") == "fr" for s in numbers)
    assert any(
        n.getAttribute("grouping") == "true" and n.getAttribute("decimalplaces") == "2"
        for s in numbers
        for n in s.getElementsByType(Number)
    )
    dates = styles.getElementsByType(DateStyle)
    assert dates and all(s.getAttribute("country") == "FR" for s in dates)
    # the autofilter covers each table, the first row is frozen
    ranges = document.spreadsheet.getElementsByType(odf_table.DatabaseRange)
    assert [r.getAttribute("targetrangeaddress") for r in ranges] == [
        "'Flux'.A1:'Flux'.E4",
        "'Gains'.A1:'Gains'.A2",
    ]
    assert all(r.getAttribute("displayfilterbuttons") == "true" for r in ranges)
    items = {
        (item.parentNode.getAttribute("name"), item.getAttribute("name")): str(item)
        for item in document.settings.getElementsByType(odf_config.ConfigItem)
        if item.parentNode.getAttribute("name")
    }
    assert items[("Flux", "VerticalSplitMode")] == "2"
    assert items[("Flux", "VerticalSplitPosition")] == "1"
    widths = [
        c.getAttribute("stylename") for c in sheets[0].getElementsByType(odf_table.TableColumn)
    ]
    assert len(widths) == len(COLUMNS)


def test_csv_is_what_a_french_spreadsheet_opens():
    data = write("csv", tables())
    assert data.startswith("\ufeff".encode())
    lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert lines[0] == [c.header for c in COLUMNS]
    assert lines[1] == [
        '\'=HYPERLINK("http://mal.exemple")',
        "1234,5",
        "3",
        "15/03/2025",
        "15/03/2025 09:30",
    ]
    assert lines[2] == ["'@SUM(A1)", "", "0", "", ""]
    assert lines[4] == [] and lines[5] == ["Gain"] and lines[6] == ["'-3 t"]


def test_download_names_the_file_and_refuses_other_formats():
    response = download("ods", tables(), "flux")
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"
    assert response["Content-Disposition"] == 'attachment; filename="flux.ods"'
    with pytest.raises(Http404):
        download("pdf", tables(), "flux")


def test_text_in_a_number_column_stays_text_and_kinds_are_inferred():
    sheet = load_workbook(
        io.BytesIO(write("xlsx", [Table("T", [Column("N", INTEGER)], [["environ 3"]])]))
    ).active
    assert sheet["A2"].value == "environ 3"
    assert kind_of([None, "", 3]) == INTEGER
    assert kind_of([Decimal("1.5")]) == DECIMAL
    assert kind_of([datetime.date(2025, 1, 1)]) == DATE
    assert kind_of([None]) == "text"
