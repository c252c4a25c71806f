"""Thin views: parse the request, call the search service, render HTML or JSON."""

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from portal.numbers import format_number
from portal.pagination import page_links
from search import querylog, service
from search.documents import FACET_LABELS, FACETS
from search.engines.base import about, max_page
from search.params import parse
from search.params import querystring as _querystring

VISIBLE_FACET_VALUES = 8


def _without(filters, facet, value):
    return {
        name: [v for v in values if not (name == facet and v == value)]
        for name, values in filters.items()
    }


def total_label(response, noun: str | None) -> str:
    """ "12 résultats", or "environ 12 000 résultats" when the engine estimated its counts
    (search.engines.database.FACET_SAMPLE); without `noun`, "contenus disponibles"."""
    total = response.total
    shown = format_number(about(total) if response.estimated else total)
    plural = "s" if total > 1 else ""
    words = f"{noun}{plural}" if noun else f"contenu{plural} disponible{plural}"
    return f"{'environ ' if response.estimated else ''}{shown} {words}"


@require_GET
def search_page(request):
    parsed = parse(request.GET)
    query = parsed.query
    requested_page = query.page
    response = service.search(query, request.user)
    querylog.log_search(query, response, requested_page)
    facet_groups, chips = [], []
    for facet in FACETS:
        values = response.facets.get(facet, [])
        for value in values:
            if value.selected:
                chips.append(
                    {
                        "facet": FACET_LABELS[facet],
                        "label": value.label,
                        "url": _querystring(
                            query, filters=_without(query.filters, facet, value.value)
                        ),
                    }
                )
        if values:
            facet_groups.append(
                {
                    "name": facet,
                    "label": FACET_LABELS[facet],
                    "visible": values[:VISIBLE_FACET_VALUES],
                    "more": values[VISIBLE_FACET_VALUES:],
                    "more_selected": any(v.selected for v in values[VISIBLE_FACET_VALUES:]),
                }
            )
    context = {
        "query": query,
        "response": response,
        "total_label": total_label(response, "résultat" if query.q or query.filters else None),
        "facet_groups": facet_groups,
        "chips": chips,
        "clear_url": _querystring(query, filters={}),
        "pagination": page_links(
            response.page, response.pages, lambda n: _querystring(query, page=n)
        ),
        "suggestion_url": (
            _querystring(query, q=response.suggestion, filters={}) if response.suggestion else None
        ),
        "searched": bool(query.q or query.filters),
    }
    return render(request, "search/search_page.html", context)


@require_GET
def search_api(request):
    parsed = parse(request.GET)
    if parsed.errors:
        return JsonResponse({"error": " ".join(parsed.errors)}, status=400)
    requested_page = parsed.query.page
    response = service.search(parsed.query, request.user)
    querylog.log_search(parsed.query, response, requested_page)
    data = response.as_dict()
    for result in data["results"]:
        result.pop("content_type_label", None)
        result.pop("axis_label", None)
    data["max_page"] = max_page(parsed.query.page_size)
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


@require_GET
def suggest_api(request):
    suggestions = service.suggest(request.GET.get("q", ""), request.user)
    return JsonResponse({"suggestions": suggestions}, json_dumps_params={"ensure_ascii": False})
