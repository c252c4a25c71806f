"""The dashboard's exports (validated values, documented gains), written by the portal's
one writer (`portal.spreadsheets`: CSV, XLSX or ODS, typed cells, safe text)."""

from portal.spreadsheets import DECIMAL, INTEGER, Column, Table

VALUE_COLUMNS = [
    Column("Indicateur"),
    Column("Code"),
    Column("Unité"),
    Column("Territoire"),
    Column("Année", INTEGER),
    Column("Valeur", DECIMAL),
    Column("Agrégation"),
]
GAIN_COLUMNS = [
    Column("Gain documenté"),
    Column("Code"),
    Column("Unité"),
    Column("Territoire"),
    Column("Année", INTEGER),
    Column("Valeur", DECIMAL),
]


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


def tables(dashboard):
    return [
        Table("Valeurs validées", VALUE_COLUMNS, value_rows(dashboard)),
        Table("Gains des REX", GAIN_COLUMNS, gain_rows(dashboard)),
    ]
