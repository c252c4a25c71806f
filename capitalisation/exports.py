"""CSV and XLSX exports of the dashboard, safe to open in a spreadsheet."""

import csv
import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font

from portal.exports import safe_cell

HEADERS = ["Indicateur", "Code", "Unité", "Territoire", "Année", "Valeur", "Agrégation"]
GAIN_HEADERS = ["Gain documenté", "Code", "Unité", "Territoire", "Année", "Valeur"]


def value_rows(dashboard):
    """Validated values (filtered), then the regional totals, as plain rows."""
    indicators = {indicator.pk: indicator for indicator in dashboard.indicators}
    territories = {territory.pk: territory for territory in dashboard.territories}
    rows = []
    for point in sorted(
        dashboard.points,
        key=lambda p: (indicators[p.indicator_id].path, territories[p.territory_id].name, p.year),
    ):
        indicator = indicators[point.indicator_id]
        rows.append(
            [
                indicator.title,
                indicator.code,
                indicator.unit,
                territories[point.territory_id].name,
                point.year,
                point.value,
                indicator.get_aggregation_display(),
            ]
        )
    scope = dashboard.territory.name if dashboard.territory else "Total régional"
    for series in dashboard.series:
        for row in series.rows:
            if row["total"] is None:
                continue
            rows.append(
                [
                    series.indicator.title,
                    series.indicator.code,
                    series.indicator.unit,
                    f"{scope} (agrégé)",
                    row["year"],
                    row["total"],
                    series.indicator.get_aggregation_display(),
                ]
            )
    return rows


def gain_rows(dashboard):
    scope = dashboard.territory.name if dashboard.territory else "Total régional"
    rows = []
    for series in dashboard.series:
        if series.gain is None:
            continue
        for row in series.rows:
            if row["gain"] is not None:
                rows.append(
                    [
                        series.gain.label,
                        series.gain.code,
                        series.gain.unit,
                        scope,
                        row["year"],
                        row["gain"],
                    ]
                )
    return rows


def to_csv(dashboard):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(HEADERS)
    for row in value_rows(dashboard):
        writer.writerow([_csv_value(cell) for cell in row])
    gains = gain_rows(dashboard)
    if gains:
        writer.writerow([])
        writer.writerow(GAIN_HEADERS)
        for row in gains:
            writer.writerow([_csv_value(cell) for cell in row])
    # a BOM so that spreadsheet software reads UTF-8
    return "\ufeff" + buffer.getvalue()


def _csv_value(cell):
    if isinstance(cell, Decimal):
        return format(cell, "f")
    return safe_cell(cell)


def to_xlsx(dashboard):
    workbook = Workbook()
    values = workbook.active
    values.title = "Valeurs validées"
    _fill(values, HEADERS, value_rows(dashboard))
    _fill(workbook.create_sheet("Gains des REX"), GAIN_HEADERS, gain_rows(dashboard))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _fill(sheet, headers, rows):
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([float(c) if isinstance(c, Decimal) else safe_cell(c) for c in row])
    sheet.freeze_panes = "A2"
