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
SEARCH_REBUILD = "portal_search_rebuild"
