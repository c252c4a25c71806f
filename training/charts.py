"""Survey charts: pygal draws inline SVG on the server (no script, no CDN).

Each chart is announced as one image described in words; the template follows it with
the same figures as a table.
"""

import re

import pygal
from django.utils.html import escape
from pygal.style import Style

SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)

# Five colours, each above 4.5:1 on white, from low need (1) to high need (5).
STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1f2933",
    foreground_strong="#1f2933",
    foreground_subtle="#52606d",
    colors=("#52606d", "#1d5c63", "#2f6f3e", "#8a5a00", "#b44d12"),
    font_family="system-ui, sans-serif",
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=13,
    value_font_size=12,
    title_font_size=15,
)

OPTIONS = {
    "style": STYLE,
    "js": [],
    "width": 720,
    "explicit_size": False,
    "legend_at_bottom": True,
    "print_values": False,
    "no_data_text": "Pas de réponse",
    "margin": 16,
    "truncate_label": 40,
}


def _render(chart, description):
    svg = chart.render(is_unicode=True, disable_xml_declaration=True)
    svg = SCRIPT.sub("", svg)
    return re.sub(
        r"<svg ",
        f'<svg role="img" aria-label="{escape(description)}" focusable="false" ',
        svg,
        count=1,
    )


def choice_chart(result):
    """Counts of each choice of a single or multiple choice question."""
    rows = result.rows
    chart = pygal.HorizontalBar(height=max(160, 40 * len(rows) + 80), show_legend=False, **OPTIONS)
    chart.x_labels = [row["label"] for row in rows]
    chart.add("Réponses", [row["count"] for row in rows])
    return _render(chart, f"Répartition des réponses : {result.label}")


def scale_chart(result):
    """Distribution of the scores 1 to 5 for each skill of a scale question."""
    chart = pygal.StackedBar(height=380, legend_at_bottom_columns=5, **OPTIONS)
    chart.x_labels = [skill.skill for skill in result.skills]
    chart.x_label_rotation = 20
    for score in range(1, 6):
        chart.add(f"Note {score}", [skill.distribution[score - 1] for skill in result.skills])
    return _render(chart, f"Notes de 1 à 5 par compétence : {result.label}")


def ranking_chart(stats):
    """Demand score (% of respondents scoring 4 or 5) per skill, highest first."""
    chart = pygal.HorizontalBar(
        height=max(160, 40 * len(stats) + 80),
        show_legend=False,
        range=(0, 100),
        value_formatter=lambda value: f"{value:.0f} %",
        **OPTIONS,
    )
    chart.x_labels = [s.skill for s in reversed(stats)]
    chart.add("Score de demande (%)", [s.demand for s in reversed(stats)])
    return _render(chart, "Classement des besoins par score de demande")


def comparison_chart(changes, before_label, after_label):
    chart = pygal.Bar(height=380, range=(0, 100), legend_at_bottom_columns=2, **OPTIONS)
    chart.x_labels = [change.skill for change in changes]
    chart.x_label_rotation = 20
    chart.add(before_label, [change.before.demand for change in changes])
    chart.add(after_label, [change.after.demand for change in changes])
    return _render(chart, f"Score de demande : {before_label} et {after_label}")
