"""Issue #24, "make the suite see": every page type, for each role, at 1280 px and 375 px,
in Chromium, on the seeded demo. A page fails on any console error, page error, failed
request, SVG number the browser rejects, number or date input it cannot show, sideways
scroll at 375 px; at 1280 px the same-site links of the pages are followed (4xx/5xx fail),
up to LINKS_PER_ROUTE links of one route."""

import os
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import Resolver404, resolve

from tests.browser.seen.checks import (
    Watcher,
    footer_overlap,
    input_problems,
    same_site_links,
    sideways_scroll,
    svg_problems,
    text_problems,
)
from tests.browser.seen.conftest import ROLES, WIDTHS
from tests.browser.seen.pages import MEMBERS, RESULTS, page_types

# `make screenshots` (scripts/screenshots.py) sets this: each page is also saved there, as
# <role>/<width>/<page>.png.
SCREENSHOTS_DIR = os.environ.get("PORTAL_SCREENSHOTS_DIR")

# Links that are not pages to read: sign-out is a POST form, exports are downloads.
NOT_FOLLOWED = ("/membres/deconnexion/", "/admin/logout/")
# A role meets up to 84 links to flow sheets and 44 to the sign-in page with another `next`:
# the same view, with another key or query value. Wagtail pages are routes of their own.
LINKS_PER_ROUTE = 3


def check_page(page, watcher, name, url, audience, role, width):
    """[(check, problem)] of one page for one person."""
    watcher.leave()
    response = page.goto(url)
    page.wait_for_load_state("load")
    found = []
    status = response.status if response else None
    if audience in (MEMBERS, RESULTS) and role.username is None:
        if "/membres/connexion/" not in page.url and "/admin/login/" not in page.url:
            found.append(("access", f"an anonymous visitor reached {page.url}"))
    elif audience == RESULTS and role.name != "animation":
        if status != 403:
            found.append(("access", f"a member without the permission got {status}"))
    elif status != 200:
        found.append(("status", f"answered {status}"))
    found += [("browser", problem) for problem in watcher.take()]
    found += [("svg", problem) for problem in svg_problems(page)]
    found += [("input", problem) for problem in input_problems(page)]
    found += [("text", problem) for problem in text_problems(page)]
    if width == "375" and (problem := sideways_scroll(page)):
        found.append(("scroll", problem))
    if problem := footer_overlap(page):
        found.append(("layout", problem))
    if SCREENSHOTS_DIR:
        path = Path(SCREENSHOTS_DIR) / role.name / width / f"{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path), full_page=True)
    return found


def route_of(link):
    """What a link is a variant of: its URL pattern and query keys (a Wagtail page's path
    stands for its pattern); the link itself when it resolves to nothing (it is followed)."""
    parts = urlsplit(link)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return link
    route = parts.path if match.url_name == "wagtail_serve" else match.route
    return route, tuple(sorted(parse_qs(parts.query, keep_blank_values=True)))


def links_to_follow(links):
    """The links, but for the variants of one route beyond the first LINKS_PER_ROUTE."""
    followed, per_route = [], Counter()
    for link in sorted(links):
        if link.startswith(NOT_FOLLOWED):
            continue
        route = route_of(link)
        per_route[route] += 1
        if per_route[route] <= LINKS_PER_ROUTE:
            followed.append(link)
    return followed


def broken_links(page, links):
    """[(link, status)] of the links that answer 4xx/5xx for this person."""
    broken = []
    for link in links_to_follow(links):
        response = page.request.get(link, max_redirects=5)
        if response.status >= 400:
            broken.append((link, response.status))
        response.dispose()
    return broken


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("role_name", list(ROLES))
def test_every_page_type_as_seen(visit, role_name, width):
    role = ROLES[role_name]
    page = visit(role, width)
    watcher = Watcher(page)
    failures, links, sources = [], set(), {}
    for name, url, audience in page_types():
        for check, problem in check_page(page, watcher, name, url, audience, role, width):
            failures.append(f"{name} ({url}) [{check}] {problem}")
        if width == "1280":
            for link in same_site_links(page):
                links.add(link)
                sources.setdefault(link, name)
    if width == "1280":
        for link, status in broken_links(page, links):
            failures.append(f"broken link {link} ({status}) on {sources[link]}")
    assert not failures, f"{role_name} at {width} px:\n" + "\n".join(failures)
