"""Headline figures (home page, dashboard tiles) and a territory's key figures, all read
from one built `Dashboard`: the same validated values and the same aggregation rules, so
the home page, the dashboard and the territory pages always agree.

"Last complete year" (the rule `dashboard.latest_year` applies once for the whole
portal, so that a territory page shows the region's year): the latest year before the
current one (still being collected) whose collection looks complete, i.e. at least as many
territories have validated values for it as for the year before; while the animation is
still validating last year's returns, the year before stays the reference. The latest
year at all when none is older.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

# The five figures funders and elected officials ask for, in this order; each entry lists
# the indicator codes that may carry it, best first.
HEADLINE_CODES = (
    ("dechets-evites",),
    ("energie-economisee",),
    ("gains-financiers",),
    ("synergies-en-fonctionnement", "synergies"),
    ("entreprises-impliquees",),
)


@dataclass(frozen=True)
class Figure:
    indicator: object  # IndicatorGuidePage
    year: int
    value: Decimal | None
    reference_year: int | None  # the year the change is measured from
    reference_value: Decimal | None
    gain: Decimal | None = None  # documented gains (experience feedback, running synergies)
    reporting: int = 0  # territories with a validated value that year

    @property
    def change_percent(self):
        if self.value is None or not self.reference_value:
            return None
        change = (self.value - self.reference_value) * 100 / self.reference_value
        return change.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def last_complete_year(years, reporting=None, today=None):
    """`reporting`: {year: number of territories with a validated value}."""
    years = sorted(years)
    if not years:
        return None
    current = (today or timezone.localdate()).year
    past = [year for year in years if year < current]
    if not past:
        return years[-1]
    reporting = reporting or {}
    for year in reversed(past):
        if reporting.get(year, 0) >= reporting.get(year - 1, 0):
            return year
    return past[-1]


def headline_figures(dashboard, year=None):
    """(year, [Figure]) for the five headline indicators the visitor may see, with the
    change from the previous year; the year is the dashboard's (`dashboard.latest_year`
    unless one was asked)."""
    year = year or dashboard.table_year
    if year is None:
        return None, []
    by_code = {series.indicator.code: series for series in dashboard.series}
    figures = []
    for codes in HEADLINE_CODES:
        series = next((by_code[code] for code in codes if code in by_code), None)
        if series is None:
            continue
        figures.append(
            Figure(
                indicator=series.indicator,
                year=year,
                value=series.trend_totals.get(year),
                reference_year=year - 1,
                reference_value=series.trend_totals.get(year - 1),
                gain=series.trend_gains.get(year),
                reporting=series.counts.get(year, 0),
            )
        )
    return year, figures


def key_figures(dashboard):
    """(year, [Figure]) of every indicator with a value in the dashboard's year (the
    portal's one latest year), with the change since the first year with a value (for a
    territory: since it reports)."""
    year = dashboard.table_year
    if year is None:
        return None, []
    figures = []
    for series in dashboard.series:
        value = series.trend_totals.get(year)
        if value is None:
            continue
        first = min((y for y, v in series.trend_totals.items() if v is not None), default=year)
        figures.append(
            Figure(
                indicator=series.indicator,
                year=year,
                value=value,
                reference_year=first if first < year else None,
                reference_value=series.trend_totals.get(first) if first < year else None,
                gain=series.trend_gains.get(year),
                reporting=series.counts.get(year, 0),
            )
        )
    return year, figures
