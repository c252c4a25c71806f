"""The regional indicator dashboard: loading (few, bounded queries) and aggregation (pure).

Aggregation rules, per indicator (`IndicatorGuidePage.aggregation`), for a year Y:
- sum ("somme"): the sum of the territories' values of Y;
- average ("moyenne"): their mean, rounded to 2 decimals;
- latest ("derniere"): for a stock (synergies running...), the sum over territories of
  each territory's latest value up to Y, so a territory that did not report in Y still
  counts with its last known figure.
A year with no value at all answers None (shown as "—"), never 0.

Experience-feedback gains are consolidated by the synergy's `year` and territories, from
LIVE and PUBLIC pages only; a page shared by two territories counts in each territory's
row but once in the regional total. Gains of running synergies that other apps report
through the `capitalisation.hooks.SYNERGY_GAINS` hook join them by the same rule (each
synergy once regionally); a synergy already told by a live, public experience-feedback
page is not reported again by the hook.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from wagtail import hooks

from capitalisation.headlines import last_complete_year
from capitalisation.hooks import SYNERGY_GAINS
from capitalisation.models import (
    ExperienceFeedbackPage,
    IndicatorAggregation,
    IndicatorGuidePage,
    IndicatorValue,
    IndicatorVisibility,
)
from portal.roles import is_network_member

TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Gain:
    field: str  # ExperienceFeedbackPage field
    code: str  # the matching indicator code
    label: str
    unit: str


GAIN_DEFINITIONS = (
    Gain("waste_tonnes_avoided", "dechets-evites", "Déchets évités", "t"),
    Gain("energy_mwh_saved", "energie-economisee", "Énergie économisée", "MWh"),
    Gain("water_m3_saved", "eau-economisee", "Eau économisée", "m³"),
    Gain("euros_saved", "gains-financiers", "Économies réalisées", "€"),
    Gain("co2e_tonnes_avoided", "emissions-evitees", "Émissions évitées", "t CO2e"),
    Gain("jobs", "emplois", "Emplois créés ou maintenus", "emplois"),
)
GAINS_BY_CODE = {gain.code: gain for gain in GAIN_DEFINITIONS}


@dataclass(frozen=True)
class Point:
    """One declared value, stripped to what aggregation needs."""

    indicator_id: int
    territory_id: int
    year: int
    value: Decimal


# --- pure aggregation ---------------------------------------------------------------


def aggregate(rule, values, years):
    """Combine one indicator's `values` {(territory_id, year): Decimal} for each year."""
    by_year = defaultdict(list)
    for (_territory, year), value in values.items():
        by_year[year].append(value)
    result = {}
    if rule == IndicatorAggregation.LATEST:
        history = defaultdict(list)
        for (territory, year), value in values.items():
            history[territory].append((year, value))
        for year in years:
            known = []
            for points in history.values():
                past = [(y, v) for y, v in points if y <= year]
                if past:
                    known.append(max(past, key=lambda point: point[0])[1])
            result[year] = sum(known, Decimal(0)) if known else None
        return result
    for year in years:
        found = by_year.get(year)
        if not found:
            result[year] = None
        elif rule == IndicatorAggregation.AVERAGE:
            mean = sum(found, Decimal(0)) / len(found)
            result[year] = mean.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
        else:
            result[year] = sum(found, Decimal(0))
    return result


def regional_totals(points, indicators, years):
    """{indicator_id: {year: total or None}} using each indicator's aggregation rule."""
    values = defaultdict(dict)
    for point in points:
        values[point.indicator_id][(point.territory_id, point.year)] = point.value
    return {
        indicator.pk: aggregate(indicator.aggregation, values.get(indicator.pk, {}), years)
        for indicator in indicators
    }


def reporting_counts(points, years):
    """{indicator_id: {year: number of territories with a value}}."""
    counts = defaultdict(lambda: defaultdict(int))
    for point in points:
        counts[point.indicator_id][point.year] += 1
    return {key: {year: counts[key].get(year, 0) for year in years} for key in counts}


def territories_reporting(points):
    """{year: number of territories with at least one value}."""
    territories = defaultdict(set)
    for point in points:
        territories[point.year].add(point.territory_id)
    return {year: len(found) for year, found in territories.items()}


def territory_table(points, indicators, territories, year):
    """Rows for `year`: [{"territory", "values": [Decimal | None per indicator]}]."""
    index = {(p.territory_id, p.indicator_id): p.value for p in points if p.year == year}
    return [
        {
            "territory": territory,
            "values": [index.get((territory.pk, indicator.pk)) for indicator in indicators],
        }
        for territory in territories
    ]


def consolidate_gains(rows):
    """Sum the gains of experience feedback pages per territory and year, and regionally.

    `rows`: dicts {"pk", "year", "territories" (territory id or None), <gain fields>}, one
    per page and territory (as `.values()` over the M2M gives them). Returns
    (by_territory {territory_id: {year: {code: Decimal}}}, regional {year: {code: Decimal}}).
    """
    by_territory = defaultdict(lambda: defaultdict(dict))
    regional = defaultdict(dict)
    counted = set()
    for row in rows:
        for gain in GAIN_DEFINITIONS:
            amount = row.get(gain.field)
            if amount is None:
                continue
            amount = Decimal(amount)
            year = row["year"]
            territory = row.get("territories")
            if territory is not None:
                cell = by_territory[territory][year]
                cell[gain.code] = cell.get(gain.code, Decimal(0)) + amount
            if (row["pk"], gain.code) not in counted:
                counted.add((row["pk"], gain.code))
                regional[year][gain.code] = regional[year].get(gain.code, Decimal(0)) + amount
    return (
        {territory: dict(years) for territory, years in by_territory.items()},
        dict(regional),
    )


# --- loading --------------------------------------------------------------------------


def latest_year(today=None):
    """The portal's one "latest year", shown alike by the home page, the territory pages,
    the dashboard and the communication kits' figures: the region's last complete year of
    validated values (`headlines.last_complete_year`, counting the territories with a
    validated value of a live indicator each year), whoever looks and whatever territory
    is shown; the latest documented-gains year when no value is validated. One query
    (two without any value)."""
    reporting = defaultdict(int)
    for year, _territory in (
        IndicatorValue.objects.filter(validated=True, indicator__live=True)
        .values_list("year", "territory_id")
        .distinct()
        .order_by()
    ):
        reporting[year] += 1
    if reporting:
        return last_complete_year(reporting, reporting, today=today)
    years = set(live_public_feedback_pages().values_list("year", flat=True).distinct())
    return last_complete_year({year for year in years if year is not None}, today=today)


def live_public_feedback_pages():
    return ExperienceFeedbackPage.objects.live().public()


def visible_indicators(user):
    """Live indicators; members-only ones (and private guides) only for network members."""
    indicators = IndicatorGuidePage.objects.live()
    if not is_network_member(user):
        indicators = indicators.public().exclude(visibility=IndicatorVisibility.MEMBERS)
    return list(indicators.order_by("path"))


def load_points(indicators, territory=None, validated_only=True):
    values = IndicatorValue.objects.filter(indicator__in=[i.pk for i in indicators])
    if validated_only:
        values = values.filter(validated=True)
    if territory is not None:
        values = values.filter(territory=territory)
    return [
        Point(indicator_id=i, territory_id=t, year=y, value=v)
        for i, t, y, v in values.values_list("indicator_id", "territory_id", "year", "value")
    ]


def load_gain_rows(territory=None):
    pages = live_public_feedback_pages()
    if territory is not None:
        pages = pages.filter(territories=territory)
    rows = pages.values("pk", "year", "territories", *(g.field for g in GAIN_DEFINITIONS))
    if territory is not None:
        # the filter joins the M2M once more: keep only this territory's row of each page
        rows = [row for row in rows if row["territories"] == territory.pk]
    rows = list(rows)
    for synergy_gains in hooks.get_hooks(SYNERGY_GAINS):
        rows.extend(synergy_gains(territory))
    return rows


@dataclass
class IndicatorSeries:
    indicator: IndicatorGuidePage
    totals: dict  # {year: Decimal | None}
    counts: dict  # {year: int}
    gains: dict  # {year: Decimal | None}, the matching experience-feedback gain
    gain: Gain | None = None
    trend_totals: dict = field(default_factory=dict)  # every year, for the chart
    trend_gains: dict = field(default_factory=dict)

    @property
    def rows(self):
        return [
            {
                "year": year,
                "total": total,
                "count": self.counts.get(year, 0),
                "gain": self.gains.get(year),
            }
            for year, total in self.totals.items()
        ]

    @property
    def has_data(self):
        return any(v is not None for v in self.trend_totals.values()) or any(
            v is not None for v in self.trend_gains.values()
        )


@dataclass
class Dashboard:
    indicators: list
    territories: list
    years: list
    year: int | None
    table_year: int | None
    territory: object
    series: list = field(default_factory=list)
    table: list = field(default_factory=list)
    points: list = field(default_factory=list)
    reporting: dict = field(default_factory=dict)  # {year: territories with a value}


def build_dashboard(user, territories, year=None, territory=None):
    """Everything the page and the exports show, for validated values only."""
    indicators = visible_indicators(user)
    points = load_points(indicators, territory=territory)
    gain_rows = load_gain_rows(territory=territory)
    by_territory, regional_gains = consolidate_gains(gain_rows)
    if territory is not None:
        regional_gains = by_territory.get(territory.pk, {})
    all_years = sorted({p.year for p in points} | set(regional_gains))
    years = [year] if year is not None else all_years
    reporting = territories_reporting(points)
    table_year = year if year is not None else latest_year()
    totals = regional_totals(points, indicators, all_years)
    counts = reporting_counts(points, all_years)
    series = []
    for indicator in indicators:
        gain = GAINS_BY_CODE.get(indicator.code)
        gains = {y: regional_gains.get(y, {}).get(gain.code) if gain else None for y in all_years}
        series.append(
            IndicatorSeries(
                indicator=indicator,
                totals={y: totals[indicator.pk].get(y) for y in years},
                counts=counts.get(indicator.pk, {}),
                gains={y: gains.get(y) for y in years},
                gain=gain,
                trend_totals=totals[indicator.pk],
                trend_gains=gains if gain else {},
            )
        )
    shown_territories = [territory] if territory is not None else territories
    table = territory_table(points, indicators, shown_territories, table_year)
    for row in table:
        year_gains = by_territory.get(row["territory"].pk, {}).get(table_year, {})
        row["cells"] = [
            {
                "value": value,
                "gain": year_gains.get(indicator.code),
            }
            for indicator, value in zip(indicators, row["values"], strict=True)
        ]
    return Dashboard(
        indicators=indicators,
        territories=territories,
        years=all_years,
        year=year,
        table_year=table_year,
        territory=territory,
        series=series,
        table=table,
        points=[p for p in points if year is None or p.year == year],
        reporting=reporting,
    )
