"""Flows at national scale: matching and pooling on Elasticsearch against the database path.

    make bench-flows-scale            # 1,000,000 flows in 100,000 establishments
    DATABASE_URL=postgres://portal:portal-ci@127.0.0.1:5432/portal_bench \\
    ELASTICSEARCH_URL=http://127.0.0.1:9200 \\
        .venv/bin/python bench/flows_scale.py [--flows 1000000] [--sites 100000] [--queries 200]

A plausible national register on PostgreSQL: the Grand Est communes list gives the shape
of a region (its communes, their density, their EPCIs); eleven more regions are that
shape moved across France's extent (synthetic coordinates, marked `bench-scale-*`);
establishments sit in communes, each with ten flows of the waste codes, designations and
units a register holds. Rows are streamed with PostgreSQL's COPY and the index is built by
`flows.flow_index.rebuild` (the command a deployment runs), so the build time printed is
the real one. Then, side by side, over the same random flows:
- matching p95 on Elasticsearch (goal ≤ 100 ms) and on the database path;
- pooling p95 (regional + per-territory totals of a waste code; goal ≤ 200 ms);
- the top-10 overlap between the two paths;
- with `--steps 50000,1000000` the figures at each size (the register grows in place).
Re-running with the same sizes reuses the data and the index.
"""

import argparse
import io
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.flows_bench import DESIGNATIONS, UNITS, timed  # noqa: E402
from bench.setup import setup  # noqa: E402

PREFIX = "bench-scale-"
FLOWS_PER_SITE = 10
# Offsets (degrees) that move the Grand Est shape over France's extent: 13 regions.
REGION_OFFSETS = [(0.0, 0.0)] + [
    (dlat, dlon)
    for dlat in (-5.5, -3.5, -1.5, 0.5)
    for dlon in (-8.5, -5.5, -2.5)
    if (dlat, dlon) != (0.5, -2.5)
][:12]
FACTORS = {"t": 1, "kg": Decimal("0.001"), "m3": 1, "MWh": 1}
BASE = {"t": "t", "kg": "t", "m3": "m3", "MWh": "MWh"}


def copy_rows(table, columns, rows):
    """Stream rows into `table` with COPY (tab separated, \\N for NULL)."""
    from django.db import connection

    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            buffer = io.StringIO()
            for n, row in enumerate(rows, start=1):
                buffer.write("\t".join("\\N" if v is None else str(v) for v in row) + "\n")
                if n % 20000 == 0:
                    copy.write(buffer.getvalue())
                    buffer = io.StringIO()
            copy.write(buffer.getvalue())


def build(flow_count, site_count):
    """The register at this size (grown in place from a smaller one of the same seed)."""
    from django.db import connection, transaction

    from flows.models import Commune, Establishment, Flow, WasteCode
    from flows.models.register import annual_quantity
    from portal.models import Territory
    from search.normalize import normalize

    existing = Flow.objects.filter(territory__slug__startswith=PREFIX).count()
    if existing == flow_count:
        return False
    if existing > flow_count:
        Flow.objects.filter(territory__slug__startswith=PREFIX).delete()
        Establishment.objects.filter(territory__slug__startswith=PREFIX).delete()
        existing = 0
    started = time.perf_counter()
    print(f"Register: {existing} → {flow_count} flows…", flush=True)
    rng = random.Random(29 + existing)
    communes = list(
        Commune.objects.exclude(epci_siren="").values_list(
            "pk", "latitude", "longitude", "departement"
        )
    )
    codes = list(WasteCode.objects.filter(level="rubrique").values_list("pk", "code"))
    with transaction.atomic():
        territories = {}
        for region, _ in enumerate(REGION_OFFSETS):
            for departement in sorted({c[3] for c in communes}):
                territory, _ = Territory.objects.get_or_create(
                    slug=f"{PREFIX}{region}-{departement}",
                    defaults={
                        "name": f"Banc national {region}-{departement}",
                        "lead_structure": "bench",
                    },
                )
                territories[(region, departement)] = territory.pk
        first_site = Establishment.objects.filter(territory__slug__startswith=PREFIX).count()
        wanted_sites = max(site_count, 1)
        sites = []
        for n in range(first_site, max(first_site, wanted_sites)):
            region = n % len(REGION_OFFSETS)
            dlat, dlon = REGION_OFFSETS[region]
            pk, lat, lon, departement = rng.choice(communes)
            lat = round(float(lat) + dlat + rng.uniform(-0.02, 0.02), 5)
            lon = round(float(lon) + dlon + rng.uniform(-0.02, 0.02), 5)
            sites.append((territories[(region, departement)], f"Site national {n}", pk, lat, lon))
        copy_rows(
            "flows_establishment",
            ["territory_id", "name", "siret", "naf_code", "commune_id", "latitude",
             "longitude", "contact_name", "contact_email", "contact_phone", "is_demo"],
            ((t, name, "", "", pk, lat, lon, "", "", "", "f") for t, name, pk, lat, lon in sites),
        )  # fmt: skip
        site_rows = list(
            Establishment.objects.filter(territory__slug__startswith=PREFIX)
            .order_by("pk")
            .values_list("pk", "territory_id", "latitude", "longitude")
        )
        keys = {text: normalize(text).strip() for text in DESIGNATIONS}
        today = time.strftime("%Y-%m-%d")

        def flows():
            for n in range(existing, flow_count):
                site, territory, lat, lon = site_rows[n // FLOWS_PER_SITE % len(site_rows)]
                designation = rng.choice(DESIGNATIONS)
                unit = rng.choice(UNITS)
                quantity = Decimal(rng.randint(1, 500))
                yearly, base = annual_quantity(quantity, unit, "an")
                waste = rng.random() < 0.7
                code_pk, code = rng.choice(codes) if waste else (None, "")
                category = "dechets" if waste else rng.choice(("matieres", "energie", "eau"))
                yield (
                    site, territory, f"N{n}", rng.choice(("offre", "besoin")), category,
                    code_pk, designation, f" {keys[designation]} ", quantity, unit, "an",
                    yearly, base, None, None, "", today, "actif", "f", float(lat), float(lon),
                    code[:5],
                )  # fmt: skip

        copy_rows(
            "flows_flow",
            ["establishment_id", "territory_id", "reference", "direction", "category",
             "waste_code_id", "designation", "designation_key", "quantity", "unit",
             "frequency", "annual_quantity", "annual_unit", "treatment_id", "annual_cost_eur",
             "availability", "confirmed_on", "status", "is_demo", "latitude", "longitude",
             "waste_subchapter"],
            flows(),
        )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE flows_flow")
        cursor.execute("ANALYZE flows_establishment")
    print(f"  written in {time.perf_counter() - started:.0f} s", flush=True)
    return True


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", default="50000,1000000", help="register sizes, in order")
    parser.add_argument("--sites-per-flow", type=float, default=0.1)
    parser.add_argument("--queries", type=int, default=200)
    options = parser.parse_args()
    setup()
    from django.conf import settings
    from django.db import connection

    from flows import flow_index
    from flows.matching import database_matches, flow_facts, indexed_matches
    from flows.models import Flow
    from flows.pooling import (
        database_regional_totals,
        database_territory_totals,
        parse_scope,
    )

    if connection.vendor != "postgresql" or not settings.ELASTICSEARCH_URL:
        raise SystemExit("Needs PostgreSQL (DATABASE_URL) and Elasticsearch (ELASTICSEARCH_URL).")
    radius = float(settings.FLOWS_MATCH_RADIUS_KM)
    table = []
    for size in (int(step) for step in options.steps.split(",")):
        changed = build(size, int(size * options.sites_per_flow))
        client = flow_index.service.elasticsearch_client(visitor=False)
        indexed = 0
        if flow_index.aliased_indices(client):
            indexed = client.count(index=flow_index.alias_name())["count"]
        build_s = None
        if changed or indexed != Flow.objects.active().count():
            print(f"Index: building {flow_index.alias_name()}…", flush=True)
            start = time.perf_counter()
            flow_index.rebuild()
            build_s = time.perf_counter() - start
        size_mb = flow_index.index_size_bytes() / 1024 / 1024
        ids = list(
            Flow.objects.filter(territory__slug__startswith=PREFIX)
            .order_by("?")
            .values_list("pk", flat=True)[: options.queries]
        )
        sources = [flow_facts(flow) for flow in Flow.objects.filter(pk__in=ids)]
        codes = list(
            Flow.objects.filter(pk__in=ids, waste_code__isnull=False)
            .values_list("waste_code__code", flat=True)
            .distinct()[:50]
        )
        scopes = [parse_scope(code) for code in codes]

        def es_match(source):
            return indexed_matches(source, radius, False, 20)

        def db_match(source):
            return database_matches(source, radius, False, 20)

        def es_pool(scope):
            return flow_index.regional_totals(scope), flow_index.territory_totals(scope)

        def db_pool(scope):
            return database_regional_totals(scope), database_territory_totals(scope)

        es_match(sources[0])  # warm the caches of both
        db_match(sources[0])
        row = {"flows": size, "build_s": build_s, "size_mb": size_mb}
        row["es_match"] = timed(es_match, sources)
        row["db_match"] = timed(db_match, sources[: max(20, len(sources) // 4)])
        row["es_pool"] = timed(es_pool, scopes)
        row["db_pool"] = timed(db_pool, scopes[:20])
        shared = total = 0
        for source in sources[:100]:
            database = [m.pk for m in database_matches(source, radius, False, 10)]
            found = {m.pk for m in indexed_matches(source, radius, False, 10)}
            total += len(database)
            shared += len(set(database) & found)
        row["overlap"] = shared / total if total else 1.0
        table.append(row)
        print_table(table)


def print_table(table):
    print("\nFlows at scale (p50 / p95 in ms; goals at 1M on Elasticsearch: matching ≤ 100,")
    print("pooling ≤ 200)")
    print(
        f"{'flows':>9} | {'ES matching':>15} | {'DB matching':>15} | {'ES pooling':>15} | "
        f"{'DB pooling':>15} | {'top-10 overlap':>14} | {'index build':>11} | {'index size':>10}"
    )
    for row in table:
        build = "reused" if row["build_s"] is None else f"{row['build_s']:.0f} s"
        cells = [f"{p50:6.1f} / {p95:6.1f}" for p50, p95 in (
            row["es_match"], row["db_match"], row["es_pool"], row["db_pool"]
        )]  # fmt: skip
        print(
            f"{row['flows']:>9} | " + " | ".join(f"{c:>15}" for c in cells)
            + f" | {row['overlap']:>13.1%} | {build:>11} | {row['size_mb']:>7.0f} MB"
        )  # fmt: skip
    sys.stdout.flush()


if __name__ == "__main__":
    main()
