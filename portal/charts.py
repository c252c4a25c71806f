"""What every chart of the portal shares: pygal draws inline SVG on the server (no script,
no CDN), in the portal's colours, announced as one image described in words; templates
follow each chart with the same figures as a table."""

import math
import re
from decimal import Decimal
from html import unescape

from django.utils.html import escape
from pygal.style import Style

from portal.numbers import format_number

SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)
CHART_ID = re.compile(r"#chart-[0-9a-f-]{36}")
STYLE_BLOCK = re.compile(r"<style\b.*?</style>", re.DOTALL)
# The series colours of the indicators' charts (values, then gains) and the flows' funnel.
PALETTE = ("#1d5c63", "#b44d12")


def chart_style(colors: tuple[str, ...] = PALETTE) -> Style:
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


def new_chart(kind, *, colors: tuple[str, ...] = PALETTE, **options):
    """A pygal chart of this kind in the portal's style, without the tooltip script pygal
    would otherwise link from its CDN; its size follows the page (no width and height
    attributes, pygal's default)."""
    return kind(style=chart_style(colors), js=[], **options)


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


def _scoped_stylesheet(svg: str) -> str:
    # Outside the SVG, the stylesheet is HTML raw text: XML character references
    # (`&gt;` in child selectors) must be decoded.
    return CHART_ID.sub(".pygal-chart", unescape("".join(STYLE_BLOCK.findall(svg))))


def _rules(stylesheet: str) -> set[str]:
    return set(stylesheet.removeprefix('<style type="text/css">').split("}"))


def share_chart_styles(svgs: list[str]) -> tuple[str, list[str]]:
    """(one <style> for the charts of a page, the charts without their own).

    pygal repeats its whole stylesheet, scoped to a random id, in every chart. Charts drawn
    in one style differ only by their number of series (one colour rule each): the
    stylesheet with the most rules, scoped to the class every pygal chart carries, serves
    them all. A chart whose rules it lacks (another palette) keeps its own stylesheet.
    """
    if not svgs:
        return "", []
    stylesheets = [_scoped_stylesheet(svg) for svg in svgs]
    shared = max(stylesheets, key=lambda stylesheet: len(_rules(stylesheet)))
    shared_rules = _rules(shared)
    return shared, [
        STYLE_BLOCK.sub("", svg) if _rules(stylesheet) <= shared_rules else svg
        for svg, stylesheet in zip(svgs, stylesheets, strict=True)
    ]
