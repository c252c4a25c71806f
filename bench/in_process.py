"""What bench/page_profile.py and bench/load_stack.py time in process: the four target pages
and the time a request spends in SQL.

Plain Python that imports the project's models only when called: bench/load_stack.py sends
this file's source to `manage.py shell` in a web container, which has no bench/ folder.
"""

import json
import time


class SqlTimer:
    """connection.execute_wrapper that adds up the time spent in SQL."""

    def __init__(self):
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started


def targets(client, **request) -> dict:
    """The home page, an experience-feedback page, a territory page and the HTML search with
    text and three facets (values taken from the site's own facets so the search has results)."""
    from capitalisation.models import ExperienceFeedbackPage
    from portal.models import Territory

    query = "q=eau"
    for facet in ("axis", "territory", "theme"):
        facets = json.loads(client.get("/api/search/?" + query, **request).content)["facets"]
        values = [v for v in facets.get(facet, []) if v["count"]]
        if values:
            query += "&" + facet + "=" + values[0]["value"]
    feedback = ExperienceFeedbackPage.objects.live().public().order_by("pk").first()
    territory = Territory.objects.order_by("pk").first()
    if feedback is None or territory is None:
        raise SystemExit("Seed the demo first: .venv/bin/python manage.py seed_demo")
    return {
        "accueil": "/",
        "retour d'expérience": feedback.url,
        "page territoire": f"/territoires/{territory.slug}/",
        "recherche texte + 3 facettes": "/recherche/?" + query,
    }
