"""What every chart of the portal shares: pygal draws inline SVG on the server (no script,
no CDN), in the portal's colours, announced as one image described in words; templates
follow each chart with the same figures as a table."""

import math
import re
from decimal import Decimal

from django.utils.html import escape
from pygal.style import Style

from portal.numbers import format_number

SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)


def chart_style(colors: tuple[str, ...]) -> Style:
    """The portal's chart style with these series colours (each above 4.5:1 on white)."""
    return Style(
        background="#ffffff",
        plot_background="#ffffff",
        foreground="#1f2933",
        foreground_strong="#1f2933",
        foreground_subtle="#52606d",
        colors=colors,
        font_family="system-ui, sans-serif",
        label_font_size=13,
        major_label_font_size=13,
        legend_font_size=13,
        value_font_size=12,
        title_font_size=15,
    )


def chart_number(value, empty="—") -> str:
    """A number written in a chart's text (axis labels, tooltips), in French and rounded:
    "3,2" for the float 3.2000000000000002, "12 500" for 12499.999999. Three significant
    digits below 100, whole numbers above; never the float's binary noise."""
    if value is None:
        return empty
    number = float(value)
    if not math.isfinite(number):
        return empty
    if abs(number) >= 100:
        return format_number(Decimal(round(number)))
    return format_number(Decimal(f"{number:.3g}"))


def render_svg(chart, description: str) -> str:
    """The chart's SVG without pygal's (unused) interactive script, as one image."""
    svg = SCRIPT.sub("", chart.render(is_unicode=True, disable_xml_declaration=True))
    return re.sub(
        r"<svg ",
        f'<svg role="img" aria-label="{escape(description)}" focusable="false" ',
        svg,
        count=1,
    )
