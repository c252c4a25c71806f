"""The two search engines; both answer a SearchQuery with a SearchResponse."""

from search.engines.base import (
    Engine,
    FacetValue,
    SearchQuery,
    SearchResponse,
    SearchResult,
)

__all__ = ["Engine", "FacetValue", "SearchQuery", "SearchResponse", "SearchResult"]
