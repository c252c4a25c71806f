"""Weight, server time and queries of the pages that show the network (home page,
territories index, every territory page, dashboard), and the dashboard's charts with one
shared stylesheet against pygal's default of one stylesheet per chart.

Run on the seeded demo database: `.venv/bin/python bench/network_pages.py --runs 20`.
Requests go through Django's full stack in-process, as in bench/page_timings.py.
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.test import Client  # noqa: E402

from bench.page_timings import time_url  # noqa: E402
from capitalisation import charts  # noqa: E402
from capitalisation.dashboard import build_dashboard  # noqa: E402
from portal.charts import share_chart_styles  # noqa: E402
from portal.models import Territory  # noqa: E402


def chart_weights():
    """(bytes of the charts with one stylesheet each, bytes with the shared stylesheet)."""
    dashboard = build_dashboard(AnonymousUser(), list(Territory.objects.all()))
    svgs = [
        charts.compact_trend_chart(series, series.indicator.title)
        for series in dashboard.series
        if series.has_data
    ]
    styles, shared = share_chart_styles(svgs)
    return len(svgs), sum(map(len, svgs)), len(styles) + sum(map(len, shared))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    territories = list(Territory.objects.order_by("slug"))
    if not territories:
        raise SystemExit("Seed the demo first: .venv/bin/python manage.py seed_demo")

    client = Client(HTTP_HOST="127.0.0.1")
    urls = ["/", "/territoires/", "/indicateurs/tableau-de-bord/"]
    urls += [f"/territoires/{territory.slug}/" for territory in territories]
    print(f"{'page':48} {'bytes':>8} {'median ms':>10} {'queries':>8}")  # noqa: T201
    for url in urls:
        median, _worst, queries, size = time_url(client, url, args.runs)
        print(f"{url:48} {size:>8} {median:>10.1f} {queries:>8}")  # noqa: T201

    count, separate, shared = chart_weights()
    print(f"\nDashboard, {count} charts:")  # noqa: T201
    print(f"  {'one stylesheet per chart (pygal default)':44} {separate:>8} bytes")  # noqa: T201
    print(f"  {'one shared stylesheet':44} {shared:>8} bytes")  # noqa: T201


if __name__ == "__main__":
    main()
