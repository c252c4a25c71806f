"""Where a page's server time goes, with the page-fragment cache cold and warm, side by side.

    .venv/bin/python bench/page_profile.py [--runs 15] [--dbcache]

On the seeded demo database (`make demo`, or DATABASE_URL=... `manage.py seed_demo`), in
process through Django's full stack (middleware, Wagtail routing, templates, database),
anonymous visitor, DEBUG off. For the home page, an experience-feedback page, a territory
page and the HTML search (text + three facets), median of `--runs`:

- cold: the cache is emptied before every request (first visitor after a publish);
- warm: the same page again (every later visitor until the next publish or the timeout).

Columns: SQL queries, total ms, ms in SQL and the rest (routing, Wagtail, template
rendering, Elasticsearch requests). `--dbcache`: the cache of production, a table in the
database (its reads are queries), instead of the development's per-process memory.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
os.environ.setdefault("DEBUG", "False")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

from bench.in_process import SqlTimer, targets  # noqa: E402

DATABASE_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "portal_cache",
    }
}


def measure(client, url: str, runs: int, cold: bool) -> dict:
    for _ in range(3):
        client.get(url)  # lazy imports, Wagtail's site root paths
    totals, sql, counts = [], [], []
    for _ in range(runs):
        if cold:
            cache.clear()
        timer = SqlTimer()
        with connection.execute_wrapper(timer), CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            totals.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        sql.append(timer.seconds)
        counts.append(len(queries))
    total, in_sql = statistics.median(totals) * 1000, statistics.median(sql) * 1000
    return {"queries": max(counts), "ms": total, "sql_ms": in_sql, "rest_ms": total - in_sql}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--dbcache", action="store_true", help="production's database cache")
    options = parser.parse_args()
    if options.dbcache:
        override_settings(CACHES=DATABASE_CACHE).enable()
        call_command("createcachetable", verbosity=0)
    client = Client(HTTP_HOST="localhost")
    database = connection.vendor
    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    print(f"base : {database}, cache : {backend}, médiane de {options.runs}")
    header = f"{'requêtes':>9}{'total ms':>10}{'SQL ms':>8}{'reste ms':>10}"
    print(f"{'page':<30}{'cache froid':^37}  {'cache chaud':^37}")
    print(f"{'':<30}{header}  {header}")
    for name, url in targets(client).items():
        cells = []
        for cold in (True, False):
            m = measure(client, url, options.runs, cold)
            cells.append(
                f"{m['queries']:>9d}{m['ms']:>10.1f}{m['sql_ms']:>8.1f}{m['rest_ms']:>10.1f}"
            )
        print(f"{name:<30}{'  '.join(cells)}")


if __name__ == "__main__":
    main()
