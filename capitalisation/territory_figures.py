"""A territory's key figures, for the communication kits (the one function they import).

`territory_key_figures(territory, year=None)` answers a list of dicts, each
``{"code", "label", "value" (Decimal), "unit", "year", "source"}``:

- first, for every live indicator, the territory's latest VALIDATED value up to `year`
  (``source == "indicateur"``); members-only indicators are left out unless
  ``include_members_only=True`` (a kit may end up in a public document);
- then the documented yearly gains of the territory's live, public experience feedback
  pages whose synergy year is up to `year`, summed per gain
  (``source == "retours d'expérience"``, ``year`` = the latest synergy year summed).

`year=None` means "whatever is latest". Two queries for the values, two for the gains.
"""

from decimal import Decimal

from capitalisation.dashboard import GAIN_DEFINITIONS, live_public_feedback_pages
from capitalisation.models import IndicatorValue, IndicatorVisibility

SOURCE_INDICATOR = "indicateur"
SOURCE_FEEDBACK = "retours d'expérience"


def territory_key_figures(territory, year=None, *, include_members_only=False) -> list[dict]:
    """The latest validated indicator values and the summed gains of `territory`."""
    figures = []
    values = (
        IndicatorValue.objects.filter(territory=territory, validated=True, indicator__live=True)
        .select_related("indicator")
        .order_by("indicator__path", "-year")
    )
    if year is not None:
        values = values.filter(year__lte=year)
    if not include_members_only:
        values = values.exclude(indicator__visibility=IndicatorVisibility.MEMBERS)
    seen = set()
    for value in values:
        if value.indicator_id in seen:
            continue
        seen.add(value.indicator_id)
        figures.append(
            {
                "code": value.indicator.code,
                "label": value.indicator.title,
                "value": value.value,
                "unit": value.indicator.unit,
                "year": value.year,
                "source": SOURCE_INDICATOR,
            }
        )

    pages = live_public_feedback_pages().filter(territories=territory)
    if year is not None:
        pages = pages.filter(year__lte=year)
    fields = [gain.field for gain in GAIN_DEFINITIONS]
    totals = {}
    for row in pages.values("year", *fields):
        for gain in GAIN_DEFINITIONS:
            amount = row[gain.field]
            if amount is None:
                continue
            total, latest = totals.get(gain.field, (Decimal(0), row["year"]))
            totals[gain.field] = (total + Decimal(amount), max(latest, row["year"]))
    for gain in GAIN_DEFINITIONS:
        if gain.field in totals:
            total, latest = totals[gain.field]
            figures.append(
                {
                    "code": gain.code,
                    "label": gain.label,
                    "value": total,
                    "unit": gain.unit,
                    "year": latest,
                    "source": SOURCE_FEEDBACK,
                }
            )
    return figures
