"""What every chart of the portal shares: pygal draws inline SVG on the server (no script,
no CDN), in the portal's colours, announced as one image described in words; templates
follow each chart with the same figures as a table."""

import re

from django.utils.html import escape
from pygal.style import Style

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


def render_svg(chart, description: str) -> str:
    """The chart's SVG without pygal's (unused) interactive script, as one image."""
    svg = SCRIPT.sub("", chart.render(is_unicode=True, disable_xml_declaration=True))
    return re.sub(
        r"<svg ",
        f'<svg role="img" aria-label="{escape(description)}" focusable="false" ',
        svg,
        count=1,
    )
