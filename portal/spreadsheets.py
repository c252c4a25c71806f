"""The one writer of the portal's table exports: CSV, XLSX and ODS from one description.

An export describes its tables (`Table`: a sheet title, typed `Column`s, rows of Python
values) and `write(fmt, tables)` or `download(fmt, tables, filename)` produce the file:

- cells are typed: numbers stay numbers, dates stay dates (XLSX and ODS); text goes
  through `portal.exports.safe_cell` (formula injection neutralised, control characters
  removed), and so do headers;
- the header row is bold, frozen and carries an autofilter; columns are as wide as their
  content (within bounds);
- number and date formats are French: grouped thousands, decimal comma, day/month/year
  (the XLSX number format codes are rendered in the reader's locale; the ODS styles say
  fr-FR); CSV is what a French spreadsheet opens directly: UTF-8 with a byte order mark,
  semicolons, decimal comma, dates as DD/MM/YYYY, several tables one after the other
  separated by an empty row.
"""

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from odf.config import (
    ConfigItem,
    ConfigItemMapEntry,
    ConfigItemMapIndexed,
    ConfigItemMapNamed,
    ConfigItemSet,
)
from odf.number import DateStyle, Day, Hours, Minutes, Month, Number, NumberStyle, Year
from odf.number import Text as NumberText
from odf.opendocument import OpenDocumentSpreadsheet
from odf.style import Style, TableCellProperties, TableColumnProperties, TextProperties
from odf.table import (
    DatabaseRange,
    DatabaseRanges,
    TableCell,
    TableColumn,
    TableHeaderRows,
    TableRow,
)
from odf.table import Table as OdsTable
from odf.text import P
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from portal.exports import safe_cell
from portal.numbers import format_number

TEXT = "text"
INTEGER = "integer"
DECIMAL = "decimal"
DATE = "date"
DATETIME = "datetime"
KINDS = (TEXT, INTEGER, DECIMAL, DATE, DATETIME)
NUMBERS = (INTEGER, DECIMAL)

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}
FORMATS = tuple(CONTENT_TYPES)

MIN_WIDTH, MAX_WIDTH = 8, 60  # in characters


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = TEXT
    decimals: int = 2  # shown by a DECIMAL column (the value keeps its precision)

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")

    @property
    def xlsx_format(self) -> str:
        if self.kind == INTEGER:
            return "#,##0"
        if self.kind == DECIMAL:
            return "#,##0" + ("." + "0" * self.decimals if self.decimals else "")
        if self.kind == DATE:
            return "dd/mm/yyyy"
        if self.kind == DATETIME:
            return "dd/mm/yyyy hh:mm"
        return "@"


@dataclass
class Table:
    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence] = field(default_factory=list)


def kind_of(values) -> str:
    """The kind of a column of Python values: that of its first non-empty one."""
    for value in values:
        if value is None or value == "":
            continue
        if isinstance(value, bool):
            return TEXT
        if isinstance(value, int):
            return INTEGER
        if isinstance(value, float | Decimal):
            return DECIMAL
        if isinstance(value, datetime.datetime):
            return DATETIME
        if isinstance(value, datetime.date):
            return DATE
        return TEXT
    return TEXT


def cell(column: Column, value):
    """The value a cell holds: None for nothing, a number or date in its own type for a
    typed column (text that is not one stays text), formula-safe text otherwise."""
    if value is None or value == "":
        return None
    if column.kind in NUMBERS and isinstance(value, int | float | Decimal):
        if isinstance(value, bool):
            return int(value)
        return value
    if column.kind == DATETIME and isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None) if value.tzinfo is None else _local(value)
    if column.kind == DATE and isinstance(value, datetime.datetime):
        return (value if value.tzinfo is None else _local(value)).date()
    if column.kind in (DATE, DATETIME) and isinstance(value, datetime.date):
        return value
    return safe_cell(str(value))


def _local(moment: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(moment).replace(tzinfo=None)


def _rows(table: Table):
    for row in table.rows:
        yield [cell(column, value) for column, value in zip(table.columns, row, strict=True)]


def _headers(table: Table) -> list[str]:
    return [safe_cell(str(column.header)) for column in table.columns]


def csv_text(column: Column, value) -> str:
    """A typed cell as French CSV text (no thousands separator: it would not read back)."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f").replace(".", ",")
    if isinstance(value, float):
        return repr(value).replace(".", ",")
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def write_csv(tables: Sequence[Table]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    for index, table in enumerate(tables):
        if index:
            writer.writerow([])
        writer.writerow(_headers(table))
        for row in _rows(table):
            writer.writerow(
                [csv_text(column, value) for column, value in zip(table.columns, row, strict=True)]
            )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _width(text_length: int) -> int:
    return max(MIN_WIDTH, min(MAX_WIDTH, text_length + 2))


def _display_length(value) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime.datetime):
        return 16
    if isinstance(value, datetime.date):
        return 10
    if isinstance(value, int | float | Decimal):
        return len(f"{value:,.2f}")
    return max((len(line) for line in str(value).splitlines()), default=0)


def sheet_title(title: str, taken: set) -> str:
    """A sheet name both formats accept: 31 characters, none of []:*?/\\, unique."""
    name = "".join(" " if char in "[]:*?/\\" else char for char in title).strip()[:31] or "Feuille"
    candidate, counter = name, 2
    while candidate.lower() in taken:
        suffix = f" ({counter})"
        candidate, counter = name[: 31 - len(suffix)] + suffix, counter + 1
    taken.add(candidate.lower())
    return candidate


def write_xlsx(tables: Sequence[Table]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    taken = set()
    bold = Font(bold=True)
    for table in tables:
        sheet = workbook.create_sheet(sheet_title(table.title, taken))
        headers = _headers(table)
        sheet.append(headers)
        for header_cell in sheet[1]:
            header_cell.font = bold
        widths = [len(header) for header in headers]
        formats = [column.xlsx_format for column in table.columns]
        count = 0
        for row in _rows(table):
            count += 1
            for index, value in enumerate(row):
                data_cell = sheet.cell(row=count + 1, column=index + 1, value=value)
                data_cell.number_format = formats[index]
                widths[index] = max(widths[index], _display_length(value))
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = _width(width)
        sheet.freeze_panes = "A2"
        last = get_column_letter(max(len(headers), 1))
        sheet.auto_filter.ref = f"A1:{last}{count + 1}"
    if not workbook.worksheets:
        workbook.create_sheet("Feuille")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _ods_styles(document, tables):
    """The data and cell styles of each column kind (French), shared by every sheet."""

    def date_style(name, with_time):
        style = DateStyle(name=name, language="fr", country="FR")
        for part in (Day(style="long"), "/", Month(style="long"), "/", Year(style="long")):
            style.addElement(NumberText(text=part) if isinstance(part, str) else part)
        if with_time:
            for part in (" ", Hours(style="long"), ":", Minutes(style="long")):
                style.addElement(NumberText(text=part) if isinstance(part, str) else part)
        return style

    cell_styles = {}
    header = Style(name="header", family="table-cell")
    header.addElement(TextProperties(fontweight="bold"))
    header.addElement(TableCellProperties(backgroundcolor="#e8eef4"))
    document.automaticstyles.addElement(header)
    cell_styles["header"] = header
    kinds = {(column.kind, column.decimals) for table in tables for column in table.columns}
    for kind, decimals in sorted(kinds):
        name = f"{kind}{decimals if kind == DECIMAL else ''}"
        if kind in NUMBERS:
            data = NumberStyle(name=f"N-{name}", language="fr", country="FR")
            places = decimals if kind == DECIMAL else 0
            data.addElement(Number(decimalplaces=places, minintegerdigits=1, grouping="true"))
        elif kind in (DATE, DATETIME):
            data = date_style(f"N-{name}", kind == DATETIME)
        else:
            continue
        document.automaticstyles.addElement(data)
        style = Style(name=f"ce-{name}", family="table-cell", datastylename=data)
        document.automaticstyles.addElement(style)
        cell_styles[(kind, decimals)] = style
    return cell_styles


def _ods_cell(column, value, styles):
    style = styles.get((column.kind, column.decimals))
    if value is None:
        return TableCell()
    if isinstance(value, int | float | Decimal):
        places = column.decimals if column.kind == DECIMAL else 0
        shown = format_number(round(Decimal(str(value)), places))
        element = TableCell(valuetype="float", value=str(value), stylename=style)
    elif isinstance(value, datetime.datetime):
        shown = value.strftime("%d/%m/%Y %H:%M")
        element = TableCell(valuetype="date", datevalue=value.isoformat(), stylename=style)
    elif isinstance(value, datetime.date):
        shown = value.strftime("%d/%m/%Y")
        element = TableCell(valuetype="date", datevalue=value.isoformat(), stylename=style)
    else:
        shown = str(value)
        element = TableCell(valuetype="string")
    for line in shown.split("\n"):
        element.addElement(P(text=line))
    return element


def _ods_frozen_header(document, names):
    """settings.xml: each sheet's first row frozen (what LibreOffice writes for it)."""
    view_settings = ConfigItemSet(name="ooo:view-settings")
    views = ConfigItemMapIndexed(name="Views")
    view = ConfigItemMapEntry()
    view.addElement(ConfigItem(name="ViewId", type="string", text="view1"))
    sheets = ConfigItemMapNamed(name="Tables")
    for name in names:
        entry = ConfigItemMapEntry(name=name)
        for item, kind, value in (
            ("HorizontalSplitMode", "short", "0"),
            ("VerticalSplitMode", "short", "2"),
            ("HorizontalSplitPosition", "int", "0"),
            ("VerticalSplitPosition", "int", "1"),
            ("ActiveSplitRange", "short", "2"),
            ("PositionTop", "int", "0"),
            ("PositionBottom", "int", "1"),
        ):
            entry.addElement(ConfigItem(name=item, type=kind, text=value))
        sheets.addElement(entry)
    view.addElement(sheets)
    views.addElement(view)
    view_settings.addElement(views)
    document.settings.addElement(view_settings)


def _column_letters(count: int) -> str:
    return get_column_letter(max(count, 1))


def write_ods(tables: Sequence[Table]) -> bytes:
    document = OpenDocumentSpreadsheet()
    styles = _ods_styles(document, tables)
    taken, names, ranges = set(), [], DatabaseRanges()
    for number, table in enumerate(tables or [Table("Feuille", [])]):
        name = sheet_title(table.title, taken)
        names.append(name)
        sheet = OdsTable(name=name)
        headers = _headers(table)
        rows = list(_rows(table))
        widths = [len(header) for header in headers]
        for row in rows:
            for index, value in enumerate(row):
                widths[index] = max(widths[index], _display_length(value))
        for index, width in enumerate(widths):
            column_style = Style(name=f"co{number}-{index}", family="table-column")
            # a character of the default 10 pt font is about 0.22 cm wide
            column_style.addElement(
                TableColumnProperties(columnwidth=f"{_width(width) * 0.22:.2f}cm")
            )
            document.automaticstyles.addElement(column_style)
            sheet.addElement(TableColumn(stylename=column_style))
        header_rows = TableHeaderRows()
        header_row = TableRow()
        for header in headers:
            header_row.addElement(_ods_cell(Column(header), header, {}))
            header_row.lastChild.setAttribute("stylename", styles["header"])
        header_rows.addElement(header_row)
        sheet.addElement(header_rows)
        for row in rows:
            line = TableRow()
            for column, value in zip(table.columns, row, strict=True):
                line.addElement(_ods_cell(column, value, styles))
            sheet.addElement(line)
        document.spreadsheet.addElement(sheet)
        quoted = "'" + name.replace("'", "''") + "'"
        last = f"{_column_letters(len(headers))}{len(rows) + 1}"
        ranges.addElement(
            DatabaseRange(
                name=f"__Anonymous_Sheet_DB__{number}",
                targetrangeaddress=f"{quoted}.A1:{quoted}.{last}",
                displayfilterbuttons="true",
            )
        )
    document.spreadsheet.addElement(ranges)
    _ods_frozen_header(document, names)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


WRITERS = {"csv": write_csv, "xlsx": write_xlsx, "ods": write_ods}


def write(fmt: str, tables: Sequence[Table]) -> bytes:
    return WRITERS[fmt](list(tables))


def download(fmt: str, tables: Sequence[Table], filename: str) -> HttpResponse:
    """The file as an attachment named `filename.fmt`; an unknown format is a 404."""
    if fmt not in WRITERS:
        raise Http404("Format d'export inconnu.")
    response = HttpResponse(write(fmt, tables), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, f"{filename}.{fmt}")
    return response
