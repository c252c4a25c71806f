"""The admin report of what people look for: frequent queries and queries without result."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Max, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from search.documents import FACET_LABELS
from search.engines.base import SearchQuery
from search.params import querystring
from search.store import SearchQueryLog

REPORT_PERMISSION = "search.view_searchquerylog"
PERIODS = (30, 90)
TOP_ROWS = 50


def can_view_report(user) -> bool:
    return user.is_authenticated and user.has_perm(REPORT_PERMISSION)


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


class SearchQueryReportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "search/admin/query_report.html"
    page_title = "Recherches des visiteurs"
    header_icon = "search"

    def dispatch(self, request, *args, **kwargs):
        if not can_view_report(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_days(self) -> int:
        try:
            days = int(self.request.GET.get("days", PERIODS[0]))
        except (TypeError, ValueError):
            return PERIODS[0]
        return days if days in PERIODS else PERIODS[0]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        days = self.get_days()
        context.update(report_data(days))
        context["days"] = days
        context["periods"] = PERIODS
        return context
