"""Survey charts, drawn the portal's way (portal/charts.py)."""

import pygal

from portal.charts import new_chart, render_svg

OPTIONS = {
    # Five colours from low need (1) to high need (5).
    "colors": ("#52606d", "#1d5c63", "#2f6f3e", "#8a5a00", "#b44d12"),
    "width": 720,
    "legend_at_bottom": True,
    "print_values": False,
    "no_data_text": "Pas de réponse",
    "margin": 16,
    "truncate_label": 40,
}


def choice_chart(result):
    """Counts of each choice of a single or multiple choice question."""
    rows = result.rows
    chart = new_chart(
        pygal.HorizontalBar, height=max(160, 40 * len(rows) + 80), show_legend=False, **OPTIONS
    )
    chart.x_labels = [row["label"] for row in rows]
    chart.add("Réponses", [row["count"] for row in rows])
    return render_svg(chart, f"Répartition des réponses : {result.label}")


def scale_chart(result):
    """Distribution of the scores 1 to 5 for each skill of a scale question."""
    chart = new_chart(pygal.StackedBar, height=380, legend_at_bottom_columns=5, **OPTIONS)
    chart.x_labels = [skill.skill for skill in result.skills]
    chart.x_label_rotation = 20
    for score in range(1, 6):
        chart.add(f"Note {score}", [skill.distribution[score - 1] for skill in result.skills])
    return render_svg(chart, f"Notes de 1 à 5 par compétence : {result.label}")


def ranking_chart(stats):
    """Demand score (% of respondents scoring 4 or 5) per skill, highest first."""
    chart = new_chart(
        pygal.HorizontalBar,
        height=max(160, 40 * len(stats) + 80),
        show_legend=False,
        range=(0, 100),
        value_formatter=lambda value: f"{value:.0f} %",
        **OPTIONS,
    )
    chart.x_labels = [s.skill for s in reversed(stats)]
    chart.add("Score de demande (%)", [s.demand for s in reversed(stats)])
    return render_svg(chart, "Classement des besoins par score de demande")


def comparison_chart(changes, before_label, after_label):
    chart = new_chart(pygal.Bar, height=380, range=(0, 100), legend_at_bottom_columns=2, **OPTIONS)
    chart.x_labels = [change.skill for change in changes]
    chart.x_label_rotation = 20
    chart.add(before_label, [change.before.demand for change in changes])
    chart.add(after_label, [change.after.demand for change in changes])
    return render_svg(chart, f"Score de demande : {before_label} et {after_label}")
