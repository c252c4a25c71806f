"""The names of the Wagtail hooks through which apps plug into the core.

portal/ imports no other app of the project. An app contributes by registering a function
in its `wagtail_hooks.py` with `@hooks.register(NAME)`; every registered function is
called and their contributions combine (none "wins"):

- SEED_DEMO: `fn(command)` seeds the app's own demo data, idempotently, reporting through
  `command.step(message)` and `command.tally(kind, created)`. Called after the taxonomy,
  the members and the knowledge pages exist, in INSTALLED_APPS order.
- HEALTH_CHECK: `fn()` returns `(name, {"status": "ok" | "degraded" | "error", ...})`,
  shown by /healthz under `checks[name]`.
- RELATED_PAGES: `fn(page, user, limit)` returns `[{title, url, content_type_label}]`,
  pages like `page` that `user` may open, best first.
- TERRITORY_SECTIONS: `fn(territory, request)` returns a section of the public page of a
  local programme (`/territoires/<slug>/`) as a dict `{"order", "template", "context"}`,
  or None when the app has nothing to show for that territory. The template receives the
  dict "context" as `section` and the territory as `territory`.
- HOME_SECTIONS: `fn(request)` returns a block of the home page in the same shape
  (`{"order", "template", "context"}` or None): headline figures, open survey, latest
  digest, next events... Each provider shows only what `request.user` may see and runs a
  bounded number of queries, whatever the amount of content.
- SITE_URLS: `fn()` returns the app's URL patterns for the site's root URLconf (a list,
  usually `[path("", include("app.urls"))]`), placed before Wagtail's page serving.
- NAVIGATION_LINKS: `fn(request)` returns an entry of the main navigation after the axis
  sections, `{"order", "title", "url"}`, or None for those who may not use it.
- MEMBER_AREA: `fn(request)` returns a group of links of the members' area (`/membres/`),
  `{"order", "title", "links": [{"title", "url", "description"}]}`, or None: what a member
  uses in the app, the links `request.user` may follow only.
- SEARCH_SOURCES: `fn()` returns a `portal.search_protocol.SearchSource`: searchable items
  that are not pages (questions to the network), indexed by the search app beside them.
- DIGEST_SECTIONS: `fn(since)` returns a section of the weekly veille e-mail digest, as
  `{"title", "items": [{"title", "url", "summary"}]}` (absolute URLs) or None. The digest
  goes to anonymous subscribers: only what anyone may read.
- DASHBOARD_SECTIONS: `fn(request, dashboard)` returns a block of the indicators dashboard
  in the shape of HOME_SECTIONS (`{"order", "template", "context"}` or None), shown only to
  whom the provider decides (the flows' public funnel for all, the questions' figures for
  the regional animator); `dashboard` carries the visitor's selection (`territory`, `year`,
  `table_year`). A chart drawn with `portal.charts.chart_style()` goes in the context's
  `svg`: the dashboard shares one stylesheet among all its charts.
- SEARCH_REBUILD: `fn(stdout)` rebuilds an index an app keeps of its own in the search
  engine (the flows' index), writing its progress lines to `stdout`; called by
  `manage.py search_index rebuild` after the pages, whatever the engine (a provider does
  nothing when it has nothing to rebuild). It may raise CommandError.
"""

SEED_DEMO = "portal_seed_demo"
HEALTH_CHECK = "portal_health_check"
RELATED_PAGES = "portal_related_pages"
TERRITORY_SECTIONS = "portal_territory_sections"
HOME_SECTIONS = "portal_home_sections"
SITE_URLS = "portal_site_urls"
NAVIGATION_LINKS = "portal_navigation_links"
MEMBER_AREA = "portal_member_area"
SEARCH_SOURCES = "portal_search_sources"
DIGEST_SECTIONS = "portal_digest_sections"
DASHBOARD_SECTIONS = "portal_dashboard_sections"
SEARCH_REBUILD = "portal_search_rebuild"
