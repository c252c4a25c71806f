"""Search latency and relevance, every engine side by side in one interleaved run.

    ELASTICSEARCH_URL=http://127.0.0.1:9200 .venv/bin/python bench/search_latency.py
    DATABASE_URL=postgres://... ELASTICSEARCH_URL=... .venv/bin/python bench/search_latency.py

Run bench/generate_documents.py first (it adds the relevance set's pages among the
generated ones). Prints the rebuild time and peak memory, then p50/p95 of /api/search/
(text + territory, theme and year selected, highlights, facets) on Elasticsearch and on
the database engine (PostgreSQL full-text or SQLite FTS5, whichever DATABASE_URL names),
of Wagtail's own `Page.objects.live().search()` (text only, no facets), and of the naive
one-query-per-facet Elasticsearch approach; the runs are interleaved so that the noise of
a shared machine hits every engine alike, and ratios to Elasticsearch come from the same
run. Then hits@3 and MRR of the relevance set (search/relevance/set.yaml) per engine.
"""

import argparse
import io
import os
import re
import resource
import statistics
import sys
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.setup import setup  # noqa: E402

PARAMS = {
    "q": "déchets valorisation",
    "territory": ["grand-reims", "metz-metropole"],
    "theme": ["dechets", "energie"],
    "year": ["2019", "2020", "2021", "2022"],
}


class MemoryAtProgress(io.StringIO):
    """The rebuild's output; notes the process's memory at each progress line
    ("1200/10000 (12%)"), to show that it stays flat as the pages go by."""

    LINE = re.compile(r"^(\d+)/(\d+) \((\d+)%\)")

    def __init__(self):
        super().__init__()
        self.rss = {}

    def write(self, text):
        match = self.LINE.match(text)
        if match:
            self.rss[int(match[3])] = psutil.Process().memory_info().rss / 2**20
        return super().write(text)

    def summary(self) -> str:
        shown = [p for p in (10, 50, 100) if p in self.rss] or sorted(self.rss)[-1:]
        return ", ".join(f"{self.rss[p]:.0f} MB at {p} %" for p in shown)


def percentiles(samples):
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return statistics.median(ordered) * 1000, p95 * 1000


def naive_facets(principals):
    """One query for the hits, then one query per facet with the other selections."""
    from search.documents import FACETS
    from search.engines import elasticsearch as es
    from search.engines.base import SearchQuery

    client = es.visitor_client()
    query = SearchQuery(
        q=PARAMS["q"],
        filters={k: v for k, v in PARAMS.items() if k != "q"},
    )
    body = es.build_body(query, principals)
    aggs = body.pop("aggs")
    body.pop("suggest", None)
    total = client.search(index=es.alias_name(), **body)["hits"]["total"]["value"]
    for facet in FACETS:
        client.search(
            index=es.alias_name(),
            query={"bool": {"must": [body["query"]], "filter": [aggs[facet]["filter"]]}},
            aggs={"values": aggs[facet]["aggs"]["values"]},
            size=0,
        )
    return f"{total} results"


def wagtail_search(q):
    """What a Wagtail site would do: the configured modelsearch backend, text only."""
    from wagtail.models import Page

    return [page.title for page in Page.objects.live().search(q)[:10]]


def interleaved(calls: dict, runs: int) -> dict:
    """{label: [seconds]}: one call of each per round, so noise hits all alike."""
    samples = {label: [] for label in calls}
    last = {}
    for call in calls.values():
        call()  # warm up
    for _ in range(runs):
        for label, call in calls.items():
            started = time.perf_counter()
            last[label] = call()
            samples[label].append(time.perf_counter() - started)
    return samples, last


def relevance(search_titles) -> str:
    from search.relevance import corpus_pages, evaluate

    keys = {page["title"]: key for key, page in corpus_pages().items()}
    return evaluate(lambda q: [keys.get(title) for title in search_titles(q)]).summary()


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--no-rebuild", action="store_true")
    parser.add_argument("--no-wagtail", action="store_true", help="skip Wagtail's own search")
    parser.add_argument(
        "--no-wagtail-index",
        action="store_true",
        help="measure Wagtail's search on its index as it is (no update_index)",
    )
    args = parser.parse_args()
    if not os.environ.get("ELASTICSEARCH_URL"):
        sys.exit("Set ELASTICSEARCH_URL (make search-engine starts the development node).")
    setup()

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client, override_settings

    from search import service
    from search.engines.base import SearchQuery
    from search.indexing import count_pages

    print(f"Pages: {count_pages()} on {connection.vendor}; the machine may be shared: figures")
    print("are noisy, compare the ratios of one run rather than absolute times.")
    if not args.no_rebuild:
        started = time.monotonic()
        progress = MemoryAtProgress()
        call_command("search_index", "rebuild", stdout=progress)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"Rebuild (database engine + Elasticsearch): {time.monotonic() - started:.1f} s, ")
        print(f"  memory (RSS) {progress.summary()}; peak {peak:.0f} MB")
        if not args.no_wagtail and not args.no_wagtail_index:
            started = time.monotonic()
            call_command("update_index", stdout=io.StringIO(), stderr=io.StringIO())
            print(f"Wagtail update_index: {time.monotonic() - started:.1f} s")

    client = Client()

    def api(engine_url):
        def call():
            with override_settings(ELASTICSEARCH_URL=engine_url, ALLOWED_HOSTS=["*"]):
                response = client.get("/api/search/", PARAMS)
            if response.status_code != 200:
                raise RuntimeError(response.content[:200])
            data = response.json()
            return f"{data['engine']}, {data['total']} results"

        return call

    es_url = os.environ["ELASTICSEARCH_URL"]
    calls = {
        "Elasticsearch (one request)": api(es_url),
        f"Database engine ({connection.vendor})": api(""),
        "Elasticsearch, one query per facet": lambda: naive_facets(["public"]),
    }
    if not args.no_wagtail:
        calls["Wagtail Page.objects.live().search()"] = lambda: (
            f"{len(wagtail_search(PARAMS['q']))} shown, no facets"
        )
    samples, last = interleaved(calls, args.runs)
    es_p95 = percentiles(samples["Elasticsearch (one request)"])[1]
    print(f"\n{'':<40}{'p50':>10}{'p95':>10}{'p95 / ES':>10}")
    for label, times in samples.items():
        p50, p95 = percentiles(times)
        print(f"{label:<40}{p50:8.1f}ms{p95:8.1f}ms{p95 / es_p95:9.1f}×   ({last[label]})")

    def engine_titles(engine_url):
        def search(q):
            with override_settings(ELASTICSEARCH_URL=engine_url):
                response = service.search(SearchQuery(q=q), None)
            return [result.title for result in response.results]

        return search

    print("\nRelevance set (search/relevance/set.yaml) among these pages:")
    print(f"  {'Elasticsearch':<38}{relevance(engine_titles(es_url))}")
    print(f"  {'Database engine':<38}{relevance(engine_titles(''))}")
    if not args.no_wagtail:
        print(f"  {'Wagtail search':<38}{relevance(wagtail_search)}")


if __name__ == "__main__":
    main()
