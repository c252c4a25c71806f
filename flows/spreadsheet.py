"""The flows spreadsheet: reading CSV (comma or semicolon, UTF-8 or Windows-1252) and
XLSX with the column headers of the flows contract, and the typed columns its exports
are written with (by the portal's one writer, `portal.spreadsheets`)."""

import csv
import io
import zipfile

from openpyxl import load_workbook

from portal.spreadsheets import DATE, DECIMAL, Column
from search.service import fold

HEADERS = (
    "reference",
    "territoire",
    "entreprise",
    "siret",
    "code_naf",
    "commune",
    "latitude",
    "longitude",
    "sens",
    "categorie",
    "code_dechet",
    "designation",
    "quantite",
    "unite",
    "frequence",
    "traitement_actuel",
    "cout_annuel_eur",
    "date_confirmation",
    "contact",
)
# Written beside "commune" (its INSEE code) for the reader; the import ignores it.
COMMUNE_NAME = "nom_commune"
KINDS = {
    "latitude": Column("latitude", DECIMAL, decimals=6),
    "longitude": Column("longitude", DECIMAL, decimals=6),
    "quantite": Column("quantite", DECIMAL),
    "cout_annuel_eur": Column("cout_annuel_eur", DECIMAL),
    "date_confirmation": Column("date_confirmation", DATE),
}
EXPORT_HEADERS = (
    *HEADERS[: HEADERS.index("commune") + 1],
    COMMUNE_NAME,
    *HEADERS[HEADERS.index("commune") + 1 :],
)
EXPORT_COLUMNS = tuple(KINDS.get(header, Column(header)) for header in EXPORT_HEADERS)

REQUIRED = (
    "reference",
    "territoire",
    "entreprise",
    "sens",
    "categorie",
    "designation",
    "quantite",
    "unite",
    "frequence",
)


MAX_ROWS = 50_000  # data rows of one file


class SpreadsheetError(ValueError):
    """The file as a whole cannot be read (format, encoding, headers, size)."""


def header_key(value) -> str:
    return "_".join(fold(str(value or "")).strip().split())


def _decode(data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise SpreadsheetError(
            "Le fichier n'est pas un CSV lisible (encodage UTF-16 ou fichier binaire) : "
            "enregistrez-le en CSV UTF-8 ou en XLSX."
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="strict")


def _csv_rows(data: bytes):
    """The header row, then the data rows (lists of str)."""
    try:
        text = _decode(data)
    except UnicodeDecodeError as error:
        raise SpreadsheetError(
            "Encodage non reconnu : enregistrez le fichier en UTF-8 ou en Windows-1252."
        ) from error
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        yield next(rows, [])
        yield from rows
    except csv.Error as error:
        raise SpreadsheetError(f"Le fichier CSV est mal formé ({error}).") from error


def _xlsx_rows(data: bytes):
    """The header row, then the data rows (tuples of cell values, None when empty).

    The sheet's declared dimension is ignored (a hostile file declares A1:XFD1048576 to
    make the reader pad a million rows to 16,384 cells) and the data rows are cut to the
    last known header's column."""
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
        raise SpreadsheetError("Le classeur XLSX est illisible ou endommagé.") from error
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()
        header = next(sheet.iter_rows(max_row=1, values_only=True), ())[:100]
        yield header
        known = [i for i, value in enumerate(header) if header_key(value) in HEADERS]
        width = (known[-1] + 1) if known else 1
        yield from sheet.iter_rows(min_row=2, max_col=width, values_only=True)
    except (KeyError, ValueError, TypeError, OverflowError) as error:
        raise SpreadsheetError("Le classeur XLSX est illisible ou endommagé.") from error
    finally:
        workbook.close()


def is_xlsx(name: str, data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04" or name.lower().endswith(".xlsx")


def _is_empty(values) -> bool:
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in values)


def read_rows(name: str, data: bytes, max_rows: int = MAX_ROWS):
    """[(row number, {header: value})] of the non-empty data rows, read at once (the
    import validates and writes them afterwards, outside this reading). Values are str
    from a CSV; from an XLSX, whatever the cell holds (str, int, float, bool, datetime,
    time, timedelta), None for an empty cell. A row beyond `max_rows` data rows stops
    the reading with a SpreadsheetError, whether it is filled or not."""
    if is_xlsx(name, data):
        if data[:4] != b"PK\x03\x04":
            raise SpreadsheetError("Ce fichier n'est pas un classeur XLSX valide.")
        rows = _xlsx_rows(data)
    elif name.lower().endswith((".csv", ".txt")) or not name:
        rows = _csv_rows(data)
    else:
        raise SpreadsheetError("Format non pris en charge : déposez un fichier CSV ou XLSX.")
    headers = [header_key(value) for value in next(rows, [])]
    missing = [column for column in REQUIRED if column not in headers]
    if missing:
        raise SpreadsheetError(
            "Colonnes obligatoires absentes de la ligne d'en-tête : " + ", ".join(missing) + "."
        )
    columns = [(index, header) for index, header in enumerate(headers) if header in HEADERS]
    found = []
    for number, values in enumerate(rows, start=2):
        if number > max_rows + 1:
            raise SpreadsheetError(
                f"Le fichier va au-delà de {max_rows:,} lignes de données : ".replace(",", "\u202f")
                + "découpez-le en plusieurs fichiers (ou supprimez les lignes vides du bas)."
            )
        if _is_empty(values):
            continue
        found.append(
            (
                number,
                {
                    header: values[index] if index < len(values) else None
                    for index, header in columns
                },
            )
        )
    return found


def count_data_rows(name: str, data: bytes) -> int:
    """The number of data rows the import will read (its progress's total): counted by the
    same reader, since a workbook's declared size may be missing (openpyxl then reports
    no row at all) and a CSV's line count includes blank lines and quoted line breaks."""
    try:
        return sum(1 for _ in read_rows(name, data))
    except SpreadsheetError:
        return 0
