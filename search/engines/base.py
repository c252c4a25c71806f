"""What every engine answers: one query in, one response out (the /api/search/ contract)."""

from dataclasses import asdict, dataclass, field

from search.documents import FACETS

DEFAULT_PAGE_SIZE = 10
MAX_RESULT_WINDOW = 1000
SORTS = ("relevance", "date")


def max_page(page_size: int) -> int:
    return max(1, MAX_RESULT_WINDOW // page_size)


@dataclass
class SearchQuery:
    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE

    def __post_init__(self):
        self.filters = {
            facet: list(dict.fromkeys(values))
            for facet, values in self.filters.items()
            if facet in FACETS and values
        }
        self.page_size = min(max(1, self.page_size), 100)
        self.page = min(max(1, self.page), max_page(self.page_size))
        if self.sort not in SORTS:
            self.sort = "relevance"

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size

    def selected(self, facet) -> list[str]:
        return self.filters.get(facet, [])


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class SearchResult:
    title: str
    url: str
    content_type: str
    axis: str
    summary: str
    highlight: list[str]
    date: str | None
    territories: list[dict]
    themes: list[dict]
    tags: list[str]
    content_type_label: str = ""
    axis_label: str = ""

    @classmethod
    def from_document(cls, document: dict, highlight: list[str]):
        return cls(
            title=document["title"],
            url=document["url"],
            content_type=document["content_type"],
            axis=document["axis"],
            summary=document["summary"],
            highlight=highlight,
            date=document.get("date"),
            territories=document.get("territories", []),
            themes=document.get("themes", []),
            tags=document.get("tags", []),
            content_type_label=document.get("content_type_label", ""),
            axis_label=document.get("axis_label", ""),
        )


@dataclass
class SearchResponse:
    query: str
    engine: str
    total: int
    page: int
    pages: int
    results: list[SearchResult]
    facets: dict[str, list[FacetValue]]
    suggestion: str | None = None
    degraded: bool = False
    # True when the facet counts are estimates (counted on a sample of a large match set):
    # the pages show "environ 12 000 résultats" (`about`).
    estimated: bool = False

    def as_dict(self) -> dict:
        return asdict(self)


def about(number: int) -> int:
    """A count rounded to two significant digits (12 345 → 12 000), for estimates."""
    if number < 100:
        return number
    magnitude = 10 ** (len(str(number)) - 2)
    return round(number / magnitude) * magnitude


def pages_for(total: int, page_size: int) -> int:
    if total <= 0:
        return 0
    return min((total + page_size - 1) // page_size, max_page(page_size))


def sort_facet_values(
    facet: str, values: list[FacetValue], selected: list[str]
) -> list[FacetValue]:
    """Every value with results, plus the selected ones (even at zero), in a stable order."""
    known = {value.value for value in values}
    values = values + [FacetValue(v, v, 0) for v in selected if v not in known]
    for value in values:
        value.selected = value.value in selected
    if facet == "year":
        return sorted(values, key=lambda v: v.value, reverse=True)
    return sorted(values, key=lambda v: (-v.count, v.label.lower()))


class Engine:
    name = "base"

    def search(self, query: SearchQuery, principals: list[str] | None) -> SearchResponse:
        raise NotImplementedError

    def respond(
        self,
        query: SearchQuery,
        total: int,
        results: list[SearchResult],
        facet_values: dict[str, list[FacetValue]],
        *,
        suggestion: str | None = None,
        estimated: bool = False,
    ) -> SearchResponse:
        """The response of every engine to `query`: its page count, and each facet's values
        sorted with the selected ones kept (`sort_facet_values`)."""
        return SearchResponse(
            query=query.q,
            engine=self.name,
            total=total,
            page=query.page,
            pages=pages_for(total, query.page_size),
            results=results,
            facets={
                facet: sort_facet_values(facet, facet_values[facet], query.selected(facet))
                for facet in FACETS
            },
            suggestion=suggestion,
            estimated=estimated,
        )

    def suggest(self, q: str, principals: list[str] | None, limit: int = 8) -> list[dict]:
        raise NotImplementedError
