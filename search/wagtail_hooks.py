"""Admin glue of the search app: the report of what visitors look for."""

from django.urls import include, path, reverse
from wagtail import hooks

from portal.admin_reports import AnimationReportMenuItem
from portal.hooks import HEALTH_CHECK, RELATED_PAGES, SEED_DEMO, SITE_URLS
from search.reports import SearchQueryReportView
from search.seed import seed_collections
from search.service import engine_health, related


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
    return AnimationReportMenuItem(
        "Recherches des visiteurs",
        reverse("search_query_report"),
        name="search-queries",
        icon_name="search",
        order=1000,
    )


@hooks.register(SEED_DEMO)
def seed_demo_collections(command):
    """Two demo collections (the report permission comes from portal's setup_roles)."""
    seed_collections(command)


@hooks.register(HEALTH_CHECK)
def search_engine_health():
    """The active search engine; Elasticsearch down means searches run degraded."""
    return "search", engine_health()


@hooks.register(RELATED_PAGES)
def pages_like(page, user, limit):
    """Pages like `page` that `user` may open, scored by the search engine."""
    return related(page.pk, user, limit)


@hooks.register(SITE_URLS)
def site_urls():
    return [path("", include("search.urls"))]
