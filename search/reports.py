"""The admin report of what people look for: frequent queries and queries without result."""

import datetime

from django import forms
from django.db.models import Max, Q, Sum
from django.urls import reverse
from django.utils import timezone

from portal.admin_reports import AnimationReportView
from portal.query_forms import QueryForm
from search.documents import FACET_LABELS
from search.engines.base import SearchQuery
from search.params import querystring
from search.store import SearchQueryLog

PERIODS = (30, 90)
TOP_ROWS = 50


class PeriodForm(QueryForm):
    """`?days=`: one of PERIODS; the report shows the first for anything else."""

    days = forms.TypedChoiceField(
        choices=[(days, days) for days in PERIODS], coerce=int, required=False
    )


def _search_url(query: str, facets: dict) -> str:
    return reverse("search:page") + querystring(SearchQuery(q=query, filters=facets))


def _facet_labels(facets: dict) -> list[str]:
    return [
        f"{FACET_LABELS.get(facet, facet)} : {', '.join(values)}"
        for facet, values in sorted(facets.items())
    ]


def report_data(days: int, today=None) -> dict:
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=days - 1)
    rows = SearchQueryLog.objects.filter(day__gte=since, day__lte=today)
    totals = rows.aggregate(searches=Sum("hits"), without_result=Sum("hits", filter=Q(results=0)))
    frequent = list(
        rows.exclude(query="")
        .values("query")
        .annotate(
            searches=Sum("hits"),
            without_result=Sum("hits", filter=Q(results=0)),
            last_day=Max("day"),
        )
        .order_by("-searches", "query")[:TOP_ROWS]
    )
    for row in frequent:
        row["without_result"] = row["without_result"] or 0
        row["url"] = _search_url(row["query"], {})
    gaps = list(
        rows.filter(results=0)
        .values("query", "facets_hash")
        .annotate(searches=Sum("hits"), last_day=Max("day"))
        .order_by("-searches", "-last_day", "query")[:TOP_ROWS]
    )
    facets_by_hash = dict(
        SearchQueryLog.objects.filter(facets_hash__in={row["facets_hash"] for row in gaps})
        .values_list("facets_hash", "facets")
        .distinct()
    )
    for row in gaps:
        facets = facets_by_hash.get(row["facets_hash"]) or {}
        row["facets"] = _facet_labels(facets)
        row["url"] = _search_url(row["query"], facets)
    return {
        "since": since,
        "today": today,
        "searches": totals["searches"] or 0,
        "without_result": totals["without_result"] or 0,
        "frequent": frequent,
        "gaps": gaps,
    }


class SearchQueryReportView(AnimationReportView):
    """The frequent queries are the report's rows (exported as CSV or XLSX); the queries
    without result come beside them."""

    template_name = "search/admin/query_report.html"
    page_title = "Recherches des visiteurs"
    header_icon = "search"
    index_url_name = "search_query_report"
    paginate_by = None
    export_filename = "recherches-des-visiteurs"
    list_export = ["query", "searches", "without_result", "last_day"]
    export_headings = {
        "query": "Requête",
        "searches": "Recherches",
        "without_result": "Dont sans résultat",
        "last_day": "Dernière fois",
    }

    def get_filtered_queryset(self):
        self.report = report_data(self.get_days())
        return self.report["frequent"]

    def get_days(self) -> int:
        return PeriodForm(self.request.GET).valid_values().get("days") or PERIODS[0]

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context.update(self.report)
        context["days"] = self.get_days()
        context["periods"] = PERIODS
        return context
