"""Latency of /api/search/ (text query + three facets + highlights) on each engine.

    ELASTICSEARCH_URL=http://127.0.0.1:9200 .venv/bin/python bench/search_latency.py

Run bench/generate_documents.py first. Prints the rebuild time and peak memory, then
p50/p95 for: Elasticsearch, the database engine, and the naive approach of one
Elasticsearch query per facet (what disjunctive facets in one request avoid).
"""

import argparse
import io
import os
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.setup import setup  # noqa: E402

PARAMS = {
    "q": "déchets valorisation",
    "territory": ["grand-reims", "metz-metropole"],
    "theme": ["dechets", "energie"],
    "year": ["2019", "2020", "2021", "2022"],
}


def percentiles(samples):
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return statistics.median(ordered) * 1000, p95 * 1000


def measure(label, call, runs):
    call()  # warm up
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        result = call()
        samples.append(time.perf_counter() - started)
    p50, p95 = percentiles(samples)
    print(f"{label:<38} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   ({result})")


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
    total = client.search(index=es.alias_name(), **body)["hits"]["total"]["value"]
    for facet in FACETS:
        client.search(
            index=es.alias_name(),
            query={"bool": {"must": [body["query"]], "filter": [aggs[facet]["filter"]]}},
            aggs={"values": aggs[facet]["aggs"]["values"]},
            size=0,
        )
    return f"{total} results"


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--database-runs", type=int, help="runs of the (slower) database engine")
    parser.add_argument("--no-rebuild", action="store_true")
    args = parser.parse_args()
    if not os.environ.get("ELASTICSEARCH_URL"):
        sys.exit("Set ELASTICSEARCH_URL (make search-engine starts the development node).")
    setup()

    from django.core.management import call_command
    from django.test import Client, override_settings

    from search.indexing import count_pages

    print(f"Pages: {count_pages()}")
    if not args.no_rebuild:
        started = time.monotonic()
        call_command("search_index", "rebuild", stdout=io.StringIO())
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"Rebuild: {time.monotonic() - started:.1f} s, peak memory {peak:.0f} MB")

    client = Client()

    def api():
        response = client.get("/api/search/", PARAMS)
        if response.status_code != 200:
            raise RuntimeError(response.content[:200])
        data = response.json()
        return f"{data['engine']}, {data['total']} results"

    with override_settings(ALLOWED_HOSTS=["*"]):
        measure("Elasticsearch (one request)", api, args.runs)
        with override_settings(ELASTICSEARCH_URL=""):
            measure("Database engine", api, args.database_runs or args.runs)
        measure("Elasticsearch, one query per facet", lambda: naive_facets(["public"]), args.runs)


if __name__ == "__main__":
    main()
