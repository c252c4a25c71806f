"""A territory's key figures, for the communication kits (the one function they import).

`territory_key_figures(territory, year=None)` answers a list of dicts, each
``{"code", "label", "value" (Decimal), "unit", "year", "source", "source_label"}``, all
of ONE year: `year`, or the portal's one latest year (`dashboard.latest_year`, the year
the home page, the territory page and the dashboard show):

- first, for every live indicator, the territory's VALIDATED value of that year
  (``source == "indicateur"``); members-only indicators are left out unless
  ``include_members_only=True`` (a kit may end up in a public document);
- then the territory's documented gains of that year, consolidated as the dashboard
  consolidates them (live, public experience-feedback pages and the running synergies the
  `SYNERGY_GAINS` hook reports; ``source == "retours d'expérience"``).

Never a value of another year: a figure written in a document states the year's total.
"""

from capitalisation.dashboard import (
    GAIN_DEFINITIONS,
    consolidate_gains,
    latest_year,
    load_gain_rows,
)
from capitalisation.models import IndicatorValue, IndicatorVisibility

SOURCE_INDICATOR = "indicateur"
SOURCE_FEEDBACK = "retours d'expérience"
SOURCE_LABELS = {
    SOURCE_INDICATOR: "valeur validée par l'animation régionale",
    SOURCE_FEEDBACK: "gains documentés par les retours d'expérience et les synergies "
    "en fonctionnement",
}


def territory_key_figures(territory, year=None, *, include_members_only=False) -> list[dict]:
    """The validated indicator values and the consolidated gains of `territory` in one year."""
    year = year if year is not None else latest_year()
    if year is None:
        return []
    figures = []
    values = (
        IndicatorValue.objects.filter(
            territory=territory, year=year, validated=True, indicator__live=True
        )
        .select_related("indicator")
        .order_by("indicator__path")
    )
    if not include_members_only:
        values = values.exclude(indicator__visibility=IndicatorVisibility.MEMBERS)
    for value in values:
        figures.append(
            _figure(value.indicator.code, value.indicator.title, value.value, value.indicator.unit)
            | {"year": year, "source": SOURCE_INDICATOR}
        )
    by_territory, _regional = consolidate_gains(load_gain_rows(territory))
    gains = by_territory.get(territory.pk, {}).get(year, {})
    for gain in GAIN_DEFINITIONS:
        if gains.get(gain.code) is not None:
            figures.append(
                _figure(gain.code, gain.label, gains[gain.code], gain.unit)
                | {"year": year, "source": SOURCE_FEEDBACK}
            )
    for figure in figures:
        figure["source_label"] = SOURCE_LABELS[figure["source"]]
    return figures


def _figure(code, label, value, unit):
    return {"code": code, "label": label, "value": value, "unit": unit}
