"""Median server time of the home page and of one page of each content type.

Run on the seeded demo database: `make bench` (or `.venv/bin/python bench/page_timings.py
--runs 50`). Requests go through Django's full stack in-process (middleware, Wagtail
routing, templates, database), which is the server time without the network.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

import django  # noqa: E402

django.setup()

from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from wagtail.models import Page  # noqa: E402

from portal.models import HomePage, SectionPage  # noqa: E402
from portal.search_protocol import knowledge_page_models  # noqa: E402


def time_url(client, url, runs):
    """(median ms, worst ms, queries, bytes) of `url` over `runs` requests in-process."""
    client.get(url)  # warm caches and lazy imports
    durations = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        durations.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return statistics.median(durations), max(durations), len(queries), len(response.content)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    client = Client(HTTP_HOST="127.0.0.1")
    targets = [("Accueil", HomePage.objects.live().first())]
    section = SectionPage.objects.live().filter(axis="savoirs").first()
    targets.append(("Rubrique (liste)", section))
    for model in knowledge_page_models():
        targets.append((model._meta.verbose_name, model.objects.live().public().first()))
    if any(page is None for _, page in targets):
        raise SystemExit("Seed the demo first: .venv/bin/python manage.py seed_demo")

    print(f"{'page':40} {'median ms':>10} {'max ms':>8} {'queries':>8}")
    for label, page in targets:
        url = Page.objects.get(pk=page.pk).url
        median, worst, queries, _size = time_url(client, url, args.runs)
        print(f"{label:40} {median:10.1f} {worst:8.1f} {queries:8d}")
    reset_queries()


if __name__ == "__main__":
    main()
