"""Charts drawn the portal's way; pygal repeats its stylesheet in every chart: a page's
charts share one."""

import re

import pygal

from portal.charts import PALETTE, new_chart, render_svg, share_chart_styles


def _chart(series, colors=PALETTE):
    chart = new_chart(pygal.Bar, colors=colors)
    for name in series:
        chart.add(name, [1, 2])
    return render_svg(chart, "Graphique")


def test_charts_in_the_portals_style_share_the_stylesheet_with_the_most_series():
    one, two = _chart(["valeurs"]), _chart(["valeurs", "gains"])

    styles, (one_shared, two_shared) = share_chart_styles([one, two])

    assert "<style" not in one_shared and "<style" not in two_shared
    assert ".pygal-chart .color-0" in styles and ".pygal-chart .color-1" in styles
    assert "#chart-" not in styles and "&gt;" not in styles  # scoped, and HTML raw text
    assert len(styles) < len(one) + len(two) - len(one_shared) - len(two_shared)


def test_a_chart_in_another_palette_keeps_its_own_stylesheet():
    portal, other = _chart(["valeurs", "gains"]), _chart(["x"], ("#2f6f3e",))

    _styles, (portal_shared, other_kept) = share_chart_styles([portal, other])

    assert "<style" not in portal_shared
    assert other_kept == other and re.search(r"#chart-[0-9a-f-]{36}", other_kept)


def test_no_chart_no_stylesheet():
    assert share_chart_styles([]) == ("", [])


def test_a_new_chart_links_no_script_and_wears_the_given_colours():
    chart = new_chart(pygal.Bar, colors=("#2f6f3e",), height=200)
    chart.add("valeurs", [1, 2])

    raw = chart.render(is_unicode=True)

    assert "pygal-tooltips" not in raw
    assert "#2f6f3e" in raw
    assert "height=" not in re.search(r"<svg[^>]*>", raw)[0]  # sized by the page
