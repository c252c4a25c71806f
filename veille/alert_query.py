"""The search an alert saves: a canonical query string, its French label, its pages.

Alerts only ever see what an anonymous visitor sees: the search runs without a user and
every page found is checked again against Wagtail's view restrictions.
"""

import datetime
from dataclasses import dataclass

from django.http import QueryDict
from django.urls import reverse
from django.utils.dateparse import parse_date
from taggit.models import Tag
from wagtail.models import Page, Site

from portal.axes import AXIS_SHORT_LABELS, Axis
from portal.links import absolute_url
from portal.models import Audience, Territory, Theme
from portal.search_protocol import content_type_choices
from search import service
from search.service import FACET_LABELS, FACETS, SearchQuery, parse
from search.service import querystring as search_querystring

LABEL_MAX_CHARS = 120
SCAN_PAGE_SIZE = 100
MAX_SCANNED_PAGES = 5  # at most 500 results examined per query and run

TAXONOMIES = {"territory": Territory, "theme": Theme, "audience": Audience}


def _content_types():
    return dict(content_type_choices())


def _known_values(facet, values):
    """The values that exist, in the given order; anything else is dropped."""
    if facet == "axis":
        known = set(Axis.values)
    elif facet == "content_type":
        known = set(_content_types())
    elif facet in TAXONOMIES:
        known = set(
            TAXONOMIES[facet].objects.filter(slug__in=values).values_list("slug", flat=True)
        )
    elif facet == "tag":
        known = set(Tag.objects.filter(name__in=values).values_list("name", flat=True))
    else:  # year
        known = {value for value in values if value.isdigit() and len(value) == 4}
    return [value for value in values if value in known]


def canonical_query(params) -> SearchQuery:
    """Parse search parameters as the search page does, keep only existing facet values
    and sort by date; sort and page parameters are dropped."""
    parsed = parse(params).query
    filters = {facet: _known_values(facet, values) for facet, values in parsed.filters.items()}
    return SearchQuery(q=parsed.q, filters={f: v for f, v in filters.items() if v}, sort="date")


def query_from_string(querystring: str) -> SearchQuery:
    return canonical_query(QueryDict(querystring))


def to_querystring(query: SearchQuery) -> str:
    """The canonical form stored with an alert, without the leading "?"."""
    return search_querystring(query, sort="relevance")[1:]


def is_empty(query: SearchQuery) -> bool:
    return not query.q and not query.filters


def describe(query: SearchQuery) -> str:
    """A French label such as « méthanisation » · Thématique : Énergie."""
    parts = [f"« {query.q} »"] if query.q else []
    labels = {"axis": {a.value: AXIS_SHORT_LABELS[a] for a in Axis}, "content_type": {}}
    if "content_type" in query.filters:
        labels["content_type"] = _content_types()
    for facet, model in TAXONOMIES.items():
        if facet in query.filters:
            labels[facet] = dict(
                model.objects.filter(slug__in=query.filters[facet]).values_list("slug", "name")
            )
    for facet in FACETS:
        values = query.filters.get(facet)
        if values:
            names = [str(labels.get(facet, {}).get(value, value)) for value in values]
            parts.append(f"{FACET_LABELS[facet]} : {', '.join(names)}")
    label = " · ".join(parts)
    return label if len(label) <= LABEL_MAX_CHARS else label[: LABEL_MAX_CHARS - 1] + "…"


def search_url(query: SearchQuery) -> str:
    return absolute_url(reverse("search:page") + search_querystring(query, sort="date"))


@dataclass
class Match:
    """One public page found by an alert's search."""

    page_id: int
    title: str
    url: str
    summary: str
    date: datetime.date | None
    first_published_at: datetime.datetime


def _url_paths(urls):
    """{Wagtail url_path: url} for the URLs the search documents hold (relative on a
    single-site install, absolute otherwise)."""
    roots = Site.get_site_root_paths()
    paths = {}
    for url in urls:
        for root in roots:
            if url.startswith("/"):
                paths[root.root_path + url[1:]] = url
            elif url.startswith(root.root_url + "/"):
                paths[root.root_path + url[len(root.root_url) + 1 :]] = url
    return paths


def _matches(results):
    """The results that are live, public pages, with their ids and first publication."""
    paths = _url_paths(result.url for result in results if result.url)
    pages = (
        Page.objects.live()
        .public()
        .filter(url_path__in=paths)
        .values_list("url_path", "pk", "first_published_at")
    )
    found = {paths[path]: (pk, first) for path, pk, first in pages if first}
    return [
        Match(
            page_id=found[result.url][0],
            title=result.title,
            url=absolute_url(result.url) if result.url.startswith("/") else result.url,
            summary=result.summary,
            date=parse_date(result.date) if result.date else None,
            first_published_at=found[result.url][1],
        )
        for result in results
        if result.url in found
    ]


def _search(query: SearchQuery, page: int, page_size: int):
    paged = SearchQuery(
        q=query.q, filters=query.filters, sort="date", page=page, page_size=page_size
    )
    return service.search(paged, user=None)


def latest_matches(query: SearchQuery, limit: int = 20) -> list[Match]:
    return _matches(_search(query, 1, limit).results)


def new_matches(query: SearchQuery, since, until) -> list[Match]:
    """Public pages matching the query and first published in (since, until].

    The candidates are counted first, so a run with nothing new costs one query and no
    search; otherwise the results, newest first, are scanned until all are found.
    """
    candidates = (
        Page.objects.live()
        .public()
        .filter(first_published_at__gt=since, first_published_at__lte=until)
        .count()
    )
    found = []
    page = 1
    while candidates and page <= MAX_SCANNED_PAGES:
        response = _search(query, page, SCAN_PAGE_SIZE)
        found += [m for m in _matches(response.results) if since < m.first_published_at <= until]
        if len(found) >= candidates or page >= response.pages:
            break
        page += 1
    return found
