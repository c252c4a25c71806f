import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from flows.importing import import_flows
from flows.models import Establishment, Flow
from flows.spreadsheet import EXPORT_COLUMNS, EXPORT_HEADERS, HEADERS
from portal.spreadsheets import Table, write

pytestmark = pytest.mark.django_db

HEADER = ";".join(HEADERS)


def row(**values):
    base = {
        "reference": "AR-001",
        "territoire": "ardennes-fictives",
        "entreprise": "Fonderie Ardennaise",
        "siret": "73282932000074",
        "code_naf": "24.51Z",
        "commune": "Charleville-Mézières",
        "sens": "offre",
        "categorie": "dechets",
        "code_dechet": "150103",
        "designation": "Palettes bois",
        "quantite": "12,5",
        "unite": "t",
        "frequence": "mois",
        "traitement_actuel": "R13",
        "cout_annuel_eur": "1 200",
        "date_confirmation": "15/03/2025",
        "contact": "Paul Fondeur paul@fonderie.example 03 24 00 00 00",
    }
    base.update(values)
    return ";".join(str(base.get(h, "")) for h in HEADERS)


def csv_bytes(*rows, encoding="utf-8"):
    return ("\n".join([HEADER, *rows]) + "\n").encode(encoding)


def test_a_valid_file_is_imported_with_derived_fields(network):
    report = import_flows("flux.csv", csv_bytes(row(), row(reference="AR-002", sens="besoin")))
    assert report.ok, report.error_lines()
    assert (report.created, report.establishments_created) == (2, 1)
    flow = Flow.objects.get(reference="AR-001")
    assert flow.waste_code.code == "15 01 03"
    assert flow.annual_quantity == Decimal("150.000")
    assert flow.treatment.code == "R13"
    assert flow.annual_cost_eur == Decimal(1200)
    site = flow.establishment
    assert (site.contact_email, site.contact_phone) == ("paul@fonderie.example", "03 24 00 00 00")
    assert site.contact_name == "Paul Fondeur"
    assert site.latitude is not None


def test_reimporting_the_same_file_changes_nothing(network):
    data = csv_bytes(row(), row(reference="AR-002", sens="besoin"))
    import_flows("flux.csv", data)
    again = import_flows("flux.csv", data)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert Flow.objects.count() == 2 and Establishment.objects.count() == 1
    changed = import_flows("flux.csv", csv_bytes(row(quantite="13")))
    assert changed.updated == 1


def test_comma_csv_in_windows_1252_with_decimal_points(network):
    text = (
        ",".join(HEADERS)
        + "\n"
        + row(quantite="2.5", designation="Déchets métalliques").replace(";", ",")
        + "\n"
    )
    report = import_flows("flux.csv", text.encode("cp1252"))
    assert report.ok, report.error_lines()
    assert Flow.objects.get().designation == "Déchets métalliques"


def test_xlsx_is_imported(network):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(HEADERS))
    sheet.append(row(quantite=3).split(";"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = import_flows("flux.xlsx", buffer.getvalue())
    assert report.ok, report.error_lines()
    assert Flow.objects.get().quantity == 3


def test_any_invalid_row_imports_nothing_and_every_error_is_listed(network):
    data = csv_bytes(
        row(),
        row(reference="AR-002", code_dechet="99 99 99", unite="brouettes", siret="73282932000075"),
        row(reference="AR-003", quantite="-4", commune="Atlantis", designation='=HYPERLINK("x")'),
        row(reference="AR-004", quantite="1e12"),
        row(reference="AR-001"),
    )
    report = import_flows("flux.csv", data)
    assert Flow.objects.count() == 0 and Establishment.objects.count() == 0
    lines = report.error_lines()
    assert "Ligne 3, colonne « code_dechet » : code déchet « 99 99 99 » absent" in " ".join(lines)
    columns = {(r, c) for r, c, _ in report.errors}
    assert {
        (3, "unite"),
        (3, "siret"),
        (4, "quantite"),
        (4, "commune"),
        (4, "designation"),
    } <= columns
    assert (5, "quantite") in columns and (6, "reference") in columns


def test_file_level_errors_are_french_and_import_nothing(network, settings):
    report = import_flows("flux.pdf", b"%PDF-1.4")
    assert "CSV ou XLSX" in report.error_lines()[0]
    report = import_flows("flux.csv", row().encode("utf-16"))
    assert "UTF-8" in report.error_lines()[0]
    report = import_flows("flux.xlsx", b"PK\x03\x04 broken")
    assert "XLSX" in report.error_lines()[0]
    report = import_flows("flux.csv", b"reference;designation\nA;b\n")
    assert "Colonnes obligatoires absentes" in report.error_lines()[0]
    settings.FLOWS_IMPORT_MAX_BYTES = 100
    report = import_flows("flux.csv", csv_bytes(row(), row(reference="B")))
    assert "trop volumineux" in report.error_lines()[0]
    assert Flow.objects.count() == 0


def test_a_facilitator_imports_only_their_own_territory(network):
    report = import_flows(
        "flux.csv", csv_bytes(row(territoire="moselle-fictive")), user=network.facilitator
    )
    assert [c for _, c, _ in report.errors] == ["territoire"]
    assert import_flows("flux.csv", csv_bytes(row()), user=network.facilitator).ok


def test_command_dry_run_writes_nothing_and_shows_progress(network, tmp_path, capsys):
    path = tmp_path / "flux.csv"
    path.write_bytes(csv_bytes(row(), row(reference="AR-002")))
    call_command("import_flows", str(path), "--dry-run")
    out = capsys.readouterr().out
    assert "2/2 lignes" in out and "essai à blanc" in out
    assert Flow.objects.count() == 0
    call_command("import_flows", str(path))
    assert Flow.objects.count() == 2
    path.write_bytes(csv_bytes(row(unite="zz")))
    with pytest.raises(CommandError, match="rien n'a été importé"):
        call_command("import_flows", str(path))


def test_exports_are_safe_against_formula_injection():
    row = {"reference": "=1+1", "entreprise": "@SUM(A1)", "quantite": Decimal(3)}
    table = Table("flux", EXPORT_COLUMNS, [[row.get(h) for h in EXPORT_HEADERS]])
    text = write("csv", [table]).decode("utf-8-sig")
    assert "'=1+1" in text and "'@SUM(A1)" in text
    sheet = load_workbook(io.BytesIO(write("xlsx", [table]))).active
    assert sheet["A2"].value == "'=1+1" and sheet["C2"].value == "'@SUM(A1)"
    assert sheet.cell(2, EXPORT_HEADERS.index("quantite") + 1).value == 3


def workbook_without_dimension(*rows):
    """An XLSX whose sheet does not declare its size, as some tools write it: openpyxl's
    read-only mode then reports no row at all."""
    import re
    import zipfile

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(HEADERS))
    for values in rows:
        sheet.append(values.split(";"))
    plain = io.BytesIO()
    workbook.save(plain)
    stripped = io.BytesIO()
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(stripped, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = re.sub(rb"<dimension [^>]*/>", b"", content)
            target.writestr(item, content)
    return stripped.getvalue()


def test_command_progress_counts_the_rows_it_reads(network, tmp_path, capsys):
    """Issue #24 (15): the progress said "24/0 lignes" for a workbook without its size."""
    path = tmp_path / "flux.xlsx"
    path.write_bytes(
        workbook_without_dimension(*(row(reference=f"AR-{n:03d}") for n in range(1, 4)))
    )
    call_command("import_flows", str(path), "--dry-run")
    out = capsys.readouterr().out
    assert "3/3 lignes" in out and "/0 lignes" not in out
    # Blank lines and a quoted line break in a CSV are not rows either.
    path = tmp_path / "flux.csv"
    path.write_bytes(
        csv_bytes(row(designation='"Palettes\nbois"'), "", row(reference="AR-002"), "")
    )
    call_command("import_flows", str(path), "--dry-run")
    assert "2/2 lignes" in capsys.readouterr().out
