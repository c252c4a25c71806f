"""Search engine down and back: publishing keeps working, searches keep answering, and the
index catches up with 0 missing pages once the engine returns.

    .venv/bin/python bench/engine_outage.py [--pages 200] [--during 60]

Starts a second development Elasticsearch node of its own (port 9250, var/elasticsearch-
outage), so the one `make test` uses is never touched. In a temporary SQLite database it
publishes `--pages` pages, stops the node (the process is killed, as a crash would), then
publishes, edits and unpublishes pages while visitors search; restarts the node, runs
`search_index sync` and prints the drift between the database and the index.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORT = 9250
NODE = {"SEARCH_ENGINE_PORT": str(PORT), "SEARCH_ENGINE_HOME": "var/elasticsearch-outage"}


def engine(action):
    subprocess.run(
        [str(ROOT / "scripts" / "search-engine.sh"), action],
        env={**os.environ, **NODE},
        check=True,
        stdout=subprocess.DEVNULL,
    )


def percentile(samples, fraction):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))] * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--during", type=int, default=60, help="pages published during the outage")
    args = parser.parse_args()

    database = Path(tempfile.mkdtemp()) / "outage.sqlite3"
    os.environ.update(
        DJANGO_SETTINGS_MODULE="portal.settings.dev",
        DATABASE_URL=f"sqlite:///{database}",
        ELASTICSEARCH_URL=f"http://127.0.0.1:{PORT}",
        SEARCH_INDEX_PREFIX="outage",
        SEARCH_BREAKER_COOLDOWN="2",
        DEBUG="False",
        LOG_LEVEL="ERROR",
    )
    sys.path.insert(0, str(ROOT))
    print(f"Starting a dedicated Elasticsearch node on port {PORT}...", flush=True)
    engine("start")
    try:
        run(args)
    finally:
        engine("stop")


def run(args):
    import logging

    import django

    django.setup()
    logging.getLogger("elastic_transport").setLevel(logging.CRITICAL)
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from capitalisation.models import MethodologySheetPage
    from portal.axes import Axis
    from portal.factories import ThemeFactory
    from tests.conftest import build_site_tree

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    call_command("search_index", "rebuild", stdout=open(os.devnull, "w"))  # noqa: SIM115
    tree = build_site_tree()
    section = tree.section(Axis.KNOWLEDGE)
    theme = ThemeFactory(name="Déchets", slug="dechets")

    def publish(number):
        page = MethodologySheetPage(
            title=f"Valorisation des déchets de bois, fiche {number}",
            summary="Comment organiser la collecte mutualisée des palettes.",
            objective="Les entreprises de la zone partagent un contenant pour les déchets bois.",
        )
        page.themes = [theme]
        section.add_child(instance=page)
        section.refresh_from_db()
        started = time.perf_counter()
        page.save_revision().publish()
        return page, time.perf_counter() - started

    client = Client()

    def search():
        started = time.perf_counter()
        response = client.get("/api/search/", {"q": "déchets bois", "theme": "dechets"})
        elapsed = time.perf_counter() - started
        return response, elapsed

    published = [publish(n) for n in range(args.pages)]
    pages = [page for page, _ in published]
    normal_publish = [elapsed for _, elapsed in published]
    call_command("search_index", "sync", stdout=open(os.devnull, "w"))  # noqa: SIM115
    response, _ = search()
    before = response.json()
    print(f"Before the outage: {before['total']} results from {before['engine']}")

    print("Killing the Elasticsearch node...", flush=True)
    engine("stop")
    publish_times, search_times, engines, failures = [], [], set(), 0
    for number in range(args.pages, args.pages + args.during):
        try:
            page, elapsed = publish(number)
            pages.append(page)
            publish_times.append(elapsed)
        except Exception as error:  # noqa: BLE001 - counted and reported
            failures += 1
            print(f"  publishing failed: {error!r}")
        response, elapsed = search()
        search_times.append(elapsed)
        engines.add(response.json().get("engine") if response.status_code == 200 else "error")
    edited = pages[: args.during // 3]
    for page in edited:
        page.title += " (mise à jour)"
        page.save_revision().publish()
    removed = pages[args.during // 3 : args.during // 2]
    for page in removed:
        page.unpublish()
    during = search()[0].json()

    print("Restarting the node...", flush=True)
    engine("start")
    started = time.perf_counter()
    call_command("search_index", "sync", stdout=open(os.devnull, "w"))  # noqa: SIM115
    sync_seconds = time.perf_counter() - started

    from search import indexing
    from search.engines import elasticsearch as es

    es.indexing_client().indices.refresh(index=es.alias_name())
    drift = indexing.compare(indexing.live_versions(), es.indexed_versions())
    recovered = time.perf_counter()
    after = search()[0].json()
    while after["engine"] != "elasticsearch" and time.perf_counter() - recovered < 60:
        time.sleep(1)  # the breaker's cooldown
        after = search()[0].json()
    recovery_seconds = time.perf_counter() - recovered

    print()
    print(
        f"Normal publishing: p50 {statistics.median(normal_publish) * 1000:.0f} ms, "
        f"p95 {percentile(normal_publish, 0.95):.0f} ms"
    )
    print(f"During the outage ({args.during} pages published, {len(edited)} edited, ")
    print(f"  {len(removed)} unpublished): publishing failures {failures}")
    print(
        f"  publish p50 {statistics.median(publish_times) * 1000:.0f} ms, "
        f"p95 {percentile(publish_times, 0.95):.0f} ms"
    )
    print(
        f"  search answered {len(search_times)}/{len(search_times)} by {sorted(engines)}, "
        f"p50 {statistics.median(search_times) * 1000:.0f} ms, "
        f"p95 {percentile(search_times, 0.95):.0f} ms, {during['total']} results"
    )
    print(f"After the engine returned: sync took {sync_seconds:.1f} s")
    print(
        f"  index: {drift.indexed} documents for {drift.expected} live pages; missing "
        f"{len(drift.missing)}, stale {len(drift.stale)}, extra {len(drift.extra)}"
    )
    print(
        f"  search: {after['total']} results from {after['engine']} "
        f"(back on Elasticsearch {recovery_seconds:.1f} s after the sync)"
    )
    if failures or not drift.clean or "error" in engines or after["engine"] != "elasticsearch":
        sys.exit(1)


if __name__ == "__main__":
    main()
