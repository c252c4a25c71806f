"""Trend charts of the dashboard: pygal renders inline SVG on the server, no script, no CDN."""

import re
from decimal import Decimal

import pygal
from django.utils.formats import number_format
from django.utils.html import escape
from pygal.style import Style

SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)

STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1f2933",
    foreground_strong="#1f2933",
    foreground_subtle="#52606d",
    colors=("#1d5c63", "#b44d12"),  # both above 4.5:1 on white
    font_family="system-ui, sans-serif",
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=13,
    value_font_size=12,
    title_font_size=15,
)


def format_number(value):
    if value is None:
        return "—"
    value = Decimal(value)
    places = 0 if value == value.to_integral_value() else 2
    return number_format(value, places, force_grouping=True)


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
        value_formatter=format_number,
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
    svg = chart.render(is_unicode=True, disable_xml_declaration=True)
    # pygal leaves a config script for its (unused) interactive layer: drop it.
    svg = SCRIPT.sub("", svg)
    # Announce the chart as one image described in words; its data follows as a table.
    return re.sub(
        r"<svg ",
        f'<svg role="img" aria-label="{escape(description)}" focusable="false" ',
        svg,
        count=1,
    )


def _number(value):
    return None if value is None else float(value)
