"""The funnel's block of the regional dashboard (`capitalisation.hooks.DASHBOARD_SECTIONS`):
a horizontal bar chart of the synergies that entered each stage, followed by its table."""

import pygal
from django.utils import timezone

from flows.funnel import STAGE_ORDER, build_funnel
from portal.charts import new_chart, render_svg
from portal.numbers import format_number


def funnel_svg(funnel, scope):
    chart = new_chart(  # one series: the first colour of the portal's palette
        pygal.HorizontalBar,
        width=640,
        height=260,
        show_legend=False,
        print_values=True,
        value_formatter=lambda value: format_number(value, empty="0"),
        no_data_text="Pas encore de synergie",
        margin=6,
    )
    rows = funnel.stage_rows()
    chart.x_labels = [row["label"] for row in rows]
    chart.add("Synergies", [row["entered"] for row in rows])
    year = f" en {funnel.year}" if funnel.year else ""
    return render_svg(
        chart,
        f"Synergies entrées à chaque étape{year} ({scope}) ; les données figurent dans le "
        "tableau qui suit.",
    )


def dashboard_section(request, dashboard):
    """The funnel (when there are synergies) and the links to the yearly reports."""
    funnel = build_funnel(dashboard.territory, dashboard.year)
    scope = dashboard.territory.name if dashboard.territory else "Grand Est"
    shown = bool(funnel.total or funnel.entries)
    report_year = dashboard.year or dashboard.table_year or timezone.localdate().year - 1
    return {
        "order": 50,
        "template": "flows/dashboard_funnel.html",
        "context": {
            "funnel": funnel if shown else None,
            "svg": funnel_svg(funnel, scope) if shown else "",
            "scope": scope,
            "territory": dashboard.territory,
            "report_year": report_year,
            "stage_labels": [stage.label for stage in STAGE_ORDER],
            "year_rows": [
                {
                    "year": year,
                    "counts": [funnel.by_year[year].get(stage.value, 0) for stage in STAGE_ORDER],
                }
                for year in funnel.years
            ],
        },
    }
