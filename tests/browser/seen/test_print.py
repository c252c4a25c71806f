"""Issue #24 (13): printed from Chromium on A4, a territory page takes at most 2 pages and
the regional dashboard at most 3, and nothing is cut at the page's edge. Issue #27 (5): the
region's yearly report, reached from the dashboard, prints on A4 with nothing cut."""

import io
import re

import pytest
from pypdf import PdfReader

from portal.models import Territory

# A4 (210 mm) less the print style's margins (1.5 cm each side), in CSS pixels.
PRINTABLE_WIDTH = round((210 - 2 * 15) / 25.4 * 96)


def printed_pages(page):
    """The number of A4 pages Chromium prints, read back with pypdf."""
    pdf = page.pdf(format="A4", print_background=True)
    return len(PdfReader(io.BytesIO(pdf)).pages)


def cut_elements(page):
    """Elements reaching past the printable width, and chart labels outside their chart."""
    return page.evaluate(
        """(width) => {
            const found = [];
            for (const el of document.querySelectorAll("main *")) {
                const box = el.getBoundingClientRect();
                if (box.width && box.right > width + 1 && !el.closest("svg")) {
                    const name = `${el.tagName.toLowerCase()}.${el.className}`;
                    found.push(`${name} ends at ${Math.round(box.right)} px`);
                }
            }
            for (const text of document.querySelectorAll("main svg text")) {
                const svg = text.closest("svg").getBoundingClientRect();
                const box = text.getBoundingClientRect();
                if (box.width && (box.left < svg.left - 1 || box.right > svg.right + 1)) {
                    found.push(`svg label "${text.textContent.trim()}" cut`);
                }
            }
            return found.slice(0, 10);
        }""",
        PRINTABLE_WIDTH,
    )


def busiest_territory():
    """The demo territory with the most on its page (its flows, figures, events)."""
    from flows.models import Flow

    counts = {t.pk: 0 for t in Territory.objects.all()}
    for territory_id in Flow.objects.values_list("territory_id", flat=True):
        counts[territory_id] = counts.get(territory_id, 0) + 1
    return Territory.objects.get(pk=max(counts, key=counts.get))


@pytest.mark.parametrize(
    ("name", "limit"), [("territoire", 2), ("tableau-de-bord", 3)], ids=["territory", "dashboard"]
)
def test_prints_on_few_a4_pages_and_nothing_is_cut(visit, name, limit):
    url = (
        f"/territoires/{busiest_territory().slug}/"
        if name == "territoire"
        else "/indicateurs/tableau-de-bord/"
    )
    page = visit("animation")
    page.set_viewport_size({"width": PRINTABLE_WIDTH, "height": 1100})
    page.goto(url)
    page.emulate_media(media="print")
    assert not cut_elements(page), cut_elements(page)
    pages = printed_pages(page)
    assert pages <= limit, f"{url} prints on {pages} A4 pages (at most {limit})"


def test_the_regional_report_prints_on_a4_with_nothing_cut(visit):
    """With the per-synergy tables the animation sees: the longest version of the report."""
    page = visit("animation")
    page.set_viewport_size({"width": PRINTABLE_WIDTH, "height": 1100})
    page.goto("/indicateurs/tableau-de-bord/")
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("^Bilan régional")).click()
    assert re.search(r"/indicateurs/bilan/\d{4}/$", page.url)
    page.emulate_media(media="print")
    assert page.locator("main table").count() >= 3  # per-synergy tables included
    assert not cut_elements(page), cut_elements(page)
    pages = printed_pages(page)
    assert pages <= 6, f"the regional report prints on {pages} A4 pages (at most 6)"
