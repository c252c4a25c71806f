"""Trend charts of the dashboard: pygal renders inline SVG on the server, no script, no CDN."""

import pygal

from portal.charts import chart_number, new_chart, render_svg


def _number(value):
    return None if value is None else float(value)


def compact_trend_chart(series, description):
    """The small multiple of one indicator: its trend in a small chart, legend in words."""
    years = list(series.trend_totals)
    chart = new_chart(
        pygal.Line,
        width=380,
        height=190,
        show_legend=False,
        show_dots=True,
        dots_size=3,
        allow_interruptions=True,
        print_values=False,
        value_formatter=chart_number,
        no_data_text="Pas de donnée",
        margin=6,
        margin_right=18,  # the last year label is centred on the last point: not cut
        show_minor_y_labels=False,
        y_labels_major_count=4,
    )
    chart.x_labels = [str(year) for year in years]
    chart.add("Valeurs validées", [_number(series.trend_totals.get(year)) for year in years])
    if series.gain is not None and any(v is not None for v in series.trend_gains.values()):
        chart.add("Gains documentés", [_number(series.trend_gains.get(year)) for year in years])
    return render_svg(chart, description)
