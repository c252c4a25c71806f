"""Trend charts of the dashboard: pygal renders inline SVG on the server, no script, no CDN."""

import pygal

from portal.charts import chart_style, render_svg
from portal.numbers import format_number

STYLE = chart_style(("#1d5c63", "#b44d12"))


def trend_chart(series, description):
    """One indicator's SVG: validated regional values, and gains of experience feedback."""
    years = list(series.trend_totals)
    chart = pygal.Line(
        style=STYLE,
        js=[],  # no interactive script fetched from a CDN: the SVG stands alone
        width=720,
        height=320,
        explicit_size=False,
        show_dots=True,
        dots_size=4,
        legend_at_bottom=True,
        legend_at_bottom_columns=1,
        allow_interruptions=True,
        print_values=False,
        value_formatter=lambda value: format_number(value, empty="—"),
        no_data_text="Pas de donnée",
        margin=16,
    )
    chart.x_labels = [str(year) for year in years]
    unit = series.indicator.unit
    chart.add(
        f"Valeurs déclarées et validées ({unit})",
        [_number(series.trend_totals.get(year)) for year in years],
    )
    if series.gain is not None and any(v is not None for v in series.trend_gains.values()):
        chart.add(
            f"Gains documentés par les retours d'expérience ({unit})",
            [_number(series.trend_gains.get(year)) for year in years],
        )
    return render_svg(chart, description)


def _number(value):
    return None if value is None else float(value)
