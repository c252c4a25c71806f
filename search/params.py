"""Request parameters → SearchQuery. The API reports bad values; the HTML page ignores them."""

from dataclasses import dataclass
from urllib.parse import urlencode

from search.documents import FACETS
from search.engines.base import SORTS, SearchQuery

MAX_QUERY_CHARS = 200
MAX_VALUES_PER_FACET = 50
MAX_VALUE_CHARS = 200
MAX_PAGE = 10**6


@dataclass
class ParsedParams:
    query: SearchQuery
    errors: list[str]


def _printable(value: str) -> str:
    """Without control characters: NUL, for one, cannot even be stored by PostgreSQL."""
    return "".join(char for char in value if char.isprintable() or char.isspace())


def _clean_text(value: str) -> str:
    return " ".join(_printable(value).split())[:MAX_QUERY_CHARS]


def parse(params) -> ParsedParams:
    """Parse a QueryDict; errors are listed in French, and a usable query is always built."""
    errors = []
    q = _clean_text(params.get("q", ""))
    filters = {}
    for facet in FACETS:
        values = [_printable(v).strip()[:MAX_VALUE_CHARS] for v in params.getlist(facet)]
        values = [v for v in values if v]
        if values:
            filters[facet] = values[:MAX_VALUES_PER_FACET]
    sort = params.get("sort", "relevance") or "relevance"
    if sort not in SORTS:
        errors.append("Le tri doit valoir « relevance » ou « date ».")
        sort = "relevance"
    page = page_number(params)
    if page is None:
        errors.append("Le numéro de page doit être un nombre entier.")
    query = SearchQuery(q=q, filters=filters, sort=sort, page=page or 1)
    return ParsedParams(query=query, errors=errors)


def page_number(params) -> int | None:
    """`page` brought within 1 to MAX_PAGE (1 when absent); None when not a whole number."""
    try:
        page = int((params.get("page") or "1").strip())
    except ValueError:
        return None
    return max(1, min(page, MAX_PAGE))


def querystring(query, **changes) -> str:
    """The shareable query string of a search, with some values changed or removed."""
    q = changes.get("q", query.q)
    filters = changes.get("filters", query.filters)
    sort = changes.get("sort", query.sort)
    page = changes.get("page", 1)
    items = [("q", q)] if q else []
    items += [(facet, value) for facet in FACETS for value in filters.get(facet, [])]
    if sort != "relevance":
        items.append(("sort", sort))
    if page and page > 1:
        items.append(("page", page))
    return "?" + urlencode(items)
