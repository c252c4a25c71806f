"""Admin glue of the search app: the report of what visitors look for."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from search.reports import SearchQueryReportView, can_view_report


class SearchQueryReportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_report(request.user)


@hooks.register("register_admin_urls")
def register_search_report_urls():
    return [
        path(
            "reports/recherches/",
            SearchQueryReportView.as_view(),
            name="search_query_report",
        )
    ]


@hooks.register("register_reports_menu_item")
def register_search_report_menu_item():
    return SearchQueryReportMenuItem(
        "Recherches des visiteurs",
        reverse("search_query_report"),
        name="search-queries",
        icon_name="search",
        order=1000,
    )
