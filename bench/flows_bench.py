"""Flows benchmarks on PostgreSQL: 50,000 flows in 5,000 establishments.

    DATABASE_URL=postgres://portal:portal-ci@127.0.0.1:5432/portal_e \\
        .venv/bin/python bench/flows_bench.py [--flows 50000] [--sites 5000] [--rows 5000]

Prints, side by side with the alternative measured in the same run:
- the matches of one flow (p50/p95 over 200 flows; goal p95 ≤ 50 ms), with the bounding
  box pre-filter in SQL against scoring every flow of the same kind in Python;
- the regional pooling of a waste code (regional and per-territory totals, p95 over 50
  codes; goal ≤ 200 ms), SQL aggregates against summing the rows in Python;
- the import of a 5,000-row spreadsheet (goal ≤ 30 s) and its peak Python memory
  (tracemalloc) against a 1,000-row file: flat memory means the peak hardly grows.
The bench data lives in its own territories (slugs `bench-flows-*`), rebuilt when the
sizes change; nothing else in the database is touched.
"""

import argparse
import random
import statistics
import sys
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.setup import setup  # noqa: E402

PREFIX = "bench-flows-"
DESIGNATIONS = (
    "Palettes bois",
    "palette",
    "Cartons d'emballage",
    "Emballages en papier/carton",
    "Films plastiques",
    "Chutes de métaux ferreux",
    "Limailles",
    "Sciure de bois",
    "Copeaux de bois",
    "Biodéchets",
    "Huiles usagées",
    "Solvants usagés",
    "Verre",
    "Textiles",
    "Gravats",
    "Chaleur fatale",
    "Eau de refroidissement",
    "Boues",
)
UNITS = ("t", "t", "t", "kg", "m3", "MWh")


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def timed(function, arguments):
    durations = []
    for argument in arguments:
        start = time.perf_counter()
        function(argument)
        durations.append((time.perf_counter() - start) * 1000)
    return statistics.median(durations), percentile(durations, 0.95)


def build(flow_count, site_count):
    from django.db import transaction

    from flows.models import Establishment, Flow, WasteCode
    from flows.models.register import annual_quantity
    from portal.models import Territory
    from search.normalize import normalize

    marker = f"{PREFIX}{flow_count}-{site_count}"
    if Territory.objects.filter(slug=f"{marker}-0").exists():
        return
    print(f"Building {flow_count} flows in {site_count} establishments…", flush=True)
    Flow.objects.filter(territory__slug__startswith=PREFIX).delete()
    Establishment.objects.filter(territory__slug__startswith=PREFIX).delete()
    Territory.objects.filter(slug__startswith=PREFIX).delete()
    rng = random.Random(17)
    codes = list(WasteCode.objects.filter(level="rubrique").order_by("code"))[::8]
    with transaction.atomic():
        territories = [
            Territory.objects.create(
                slug=f"{marker}-{n}",
                name=f"Banc d'essai {n}",
                lead_structure="bench",
                latitude=Decimal(str(round(rng.uniform(47.6, 49.9), 5))),
                longitude=Decimal(str(round(rng.uniform(4.0, 7.6), 5))),
            )
            for n in range(12)
        ]
        sites = Establishment.objects.bulk_create(
            [
                Establishment(
                    territory=(territory := rng.choice(territories)),
                    name=f"Site {n}",
                    latitude=territory.latitude + Decimal(str(round(rng.uniform(-0.3, 0.3), 5))),
                    longitude=territory.longitude + Decimal(str(round(rng.uniform(-0.4, 0.4), 5))),
                )
                for n in range(site_count)
            ],
            batch_size=1000,
        )
        batch = []
        for n in range(flow_count):
            site = sites[n % site_count]
            designation = rng.choice(DESIGNATIONS)
            unit = rng.choice(UNITS)
            quantity = Decimal(rng.randint(1, 500))
            yearly, base = annual_quantity(quantity, unit, "an")
            waste = rng.random() < 0.7
            code = rng.choice(codes) if waste else None
            batch.append(
                Flow(
                    establishment=site,
                    territory_id=site.territory_id,
                    reference=f"B{n}",
                    direction=rng.choice(("offre", "besoin")),
                    category="dechets" if waste else rng.choice(("matieres", "energie", "eau")),
                    waste_code=code,
                    designation=designation,
                    designation_key=normalize(designation).strip(),
                    quantity=quantity,
                    unit=unit,
                    frequency="an",
                    annual_quantity=yearly,
                    annual_unit=base,
                    latitude=float(site.latitude),
                    longitude=float(site.longitude),
                    waste_subchapter=code.code[:5] if code else "",
                )
            )
            if len(batch) == 5000:
                Flow.objects.bulk_create(batch)
                batch = []
        Flow.objects.bulk_create(batch)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def naive_matches(flow):
    """The alternative: every active flow of the same category, scored in Python."""
    from flows.matching import FACT_FIELDS, default_radius_km, facts, flow_facts
    from flows.models import Flow
    from flows.scoring import rank

    source = flow_facts(flow)
    rows = Flow.objects.filter(status="actif", category=source.category).values_list(*FACT_FIELDS)
    return rank(source, (facts(r) for r in rows), default_radius_km(), 20)


def naive_pooling(code):
    from collections import defaultdict

    from flows.models import Flow

    totals = defaultdict(Decimal)
    for direction, unit, quantity, _territory in Flow.objects.filter(
        status="actif", waste_code__code=code
    ).values_list("direction", "annual_unit", "annual_quantity", "territory_id"):
        totals[(direction, unit)] += quantity
    return totals


def spreadsheet(rows, territory_slug):
    lines = [
        "reference;territoire;entreprise;commune;sens;categorie;code_dechet;designation;"
        "quantite;unite;frequence"
    ]
    rng = random.Random(rows)
    communes = ("Metz", "Nancy", "Reims", "Troyes", "Sedan", "Épinal", "Colmar", "Mulhouse")
    for n in range(rows):
        lines.append(
            f"IMP-{n};{territory_slug};Entreprise {n % 400};{rng.choice(communes)};"
            f"{rng.choice(('offre', 'besoin'))};dechets;15 01 0{rng.randint(1, 6)};"
            f"{rng.choice(DESIGNATIONS)};{rng.randint(1, 300)},5;t;an"
        )
    return ("\n".join(lines) + "\n").encode("utf-8")


def measure_import(rows, territory):
    from flows.importing import import_flows
    from flows.models import Establishment, Flow

    Flow.objects.filter(territory=territory).delete()
    Establishment.objects.filter(territory=territory).delete()
    data = spreadsheet(rows, territory.slug)
    tracemalloc.start()
    start = time.perf_counter()
    report = import_flows("bench.csv", data)
    elapsed = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    if not report.ok or report.created != rows:
        raise SystemExit(f"import failed: {report.error_lines()[:5]}")
    start = time.perf_counter()
    again = import_flows("bench.csv", data)
    reimport = time.perf_counter() - start
    if again.unchanged != rows:
        raise SystemExit("the re-import changed something")
    return elapsed, reimport, peak / 1024 / 1024, len(data) / 1024 / 1024


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--flows", type=int, default=50_000)
    parser.add_argument("--sites", type=int, default=5_000)
    parser.add_argument("--rows", type=int, default=5_000)
    options = parser.parse_args()
    setup()
    from django.db import connection

    from flows.matching import find_matches
    from flows.models import Flow
    from flows.pooling import parse_scope, regional_totals, territory_totals
    from portal.models import Territory

    print(f"Database: {connection.vendor}")
    build(options.flows, options.sites)
    flows = list(Flow.objects.filter(territory__slug__startswith=PREFIX).order_by("?")[:200])
    found = [len(find_matches(flow)) for flow in flows[:20]]
    print(
        f"\nMatches of one flow ({options.flows} flows; "
        f"{statistics.mean(found):.1f} found on average)"
    )
    p50, p95 = timed(find_matches, flows)
    print(
        f"  bounding box in SQL + scoring : p50 {p50:6.1f} ms   p95 {p95:6.1f} ms"
        "   (goal p95 ≤ 50 ms)"
    )
    p50, p95 = timed(naive_matches, flows[:50])
    print(f"  same category, all in Python  : p50 {p50:6.1f} ms   p95 {p95:6.1f} ms")

    codes = list(
        Flow.objects.filter(territory__slug__startswith=PREFIX, waste_code__isnull=False)
        .values_list("waste_code__code", flat=True)
        .distinct()[:50]
    )

    def pooling(code):
        scope = parse_scope(code)
        return regional_totals(scope), territory_totals(scope)

    print(f"\nRegional pooling of a waste code ({len(codes)} codes)")
    p50, p95 = timed(pooling, codes)
    print(
        f"  SQL aggregates (region + territories): p50 {p50:6.1f} ms   p95 {p95:6.1f} ms"
        "   (goal p95 ≤ 200 ms)"
    )
    p50, p95 = timed(naive_pooling, codes)
    print(f"  rows summed in Python (region only)  : p50 {p50:6.1f} ms   p95 {p95:6.1f} ms")

    territory, _ = Territory.objects.get_or_create(
        slug=f"{PREFIX}import", defaults={"name": "Banc d'essai import", "lead_structure": "bench"}
    )
    print("\nImport of a spreadsheet (all or nothing, in one transaction)")
    for rows in (1_000, options.rows):
        elapsed, reimport, peak, size = measure_import(rows, territory)
        print(
            f"  {rows:5d} rows ({size:4.2f} MB): {elapsed:5.1f} s, re-import {reimport:5.1f} s, "
            f"peak Python memory {peak:5.1f} MB"
        )
    print("  goal: 5,000 rows ≤ 30 s; flat memory = the peak grows far less than the rows")


if __name__ == "__main__":
    main()
