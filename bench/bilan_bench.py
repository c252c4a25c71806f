"""The yearly report at scale: 12 territories × 1,000 synergies (12,000 synergies, their
stage histories and two impact records a year each), then the regional report.

    DATABASE_URL=postgres://portal:portal-ci@127.0.0.1:5432/portal_impact \\
        .venv/bin/python bench/bilan_bench.py [--territories 12] [--synergies 1000]

Prints the time to build the regional report (anonymous: totals; animation: with the
per-synergy table), to render its HTML page and its XLSX, and the funnel API; goal: the
regional report under 5 s. The bench data lives in its own territories (slugs
`bench-bilan-*`), rebuilt when the sizes change; nothing else is touched.
"""

import argparse
import datetime
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.setup import setup  # noqa: E402

PREFIX = "bench-bilan-"
YEAR = 2025
PATHS = (
    ("idee",),
    ("idee", "etude"),
    ("idee", "etude", "en_fonctionnement"),
    ("idee", "etude", "en_fonctionnement", "arretee"),
    ("idee", "abandonnee"),
)


def build(territory_count, synergy_count):
    from django.db import transaction
    from django.utils import timezone

    from flows.models import ImpactRecord, StageChange, Synergy
    from portal.models import Territory

    marker = f"{PREFIX}{territory_count}-{synergy_count}"
    if Territory.objects.filter(slug=f"{marker}-0").exists():
        return
    print(f"Building {territory_count} × {synergy_count} synergies…", flush=True)
    Synergy.objects.filter(territory__slug__startswith=PREFIX).delete()
    Territory.objects.filter(slug__startswith=PREFIX).delete()
    rng = random.Random(27)
    start = timezone.make_aware(datetime.datetime(YEAR - 2, 1, 1))
    with transaction.atomic():
        territories = Territory.objects.bulk_create(
            Territory(name=f"Bench bilan {n}", slug=f"{marker}-{n}", lead_structure="bench")
            for n in range(territory_count)
        )
        for number, territory in enumerate(territories, start=1):
            path_of = [rng.choice(PATHS) for _ in range(synergy_count)]
            synergies = Synergy.objects.bulk_create(
                Synergy(
                    title=f"Synergie {territory.pk}-{n}",
                    territory=territory,
                    synergy_type="substitution",
                    stage=path[-1],
                    end_reason="economique" if path[-1] in ("arretee", "abandonnee") else "",
                )
                for n, path in enumerate(path_of)
            )
            changes, records = [], []
            for synergy, path in zip(synergies, path_of, strict=True):
                moment = start + datetime.timedelta(days=rng.randrange(700))
                for stage in path:
                    changes.append(
                        StageChange(
                            synergy=synergy,
                            to_stage=stage,
                            changed_at=moment,
                            reason=synergy.end_reason if stage in ("arretee", "abandonnee") else "",
                        )
                    )
                    moment += datetime.timedelta(days=rng.randrange(30, 200))
                if "en_fonctionnement" in path:
                    for nature, tonnes in (("estime", 40), ("mesure", rng.randrange(5, 60))):
                        records.append(
                            ImpactRecord(
                                synergy=synergy,
                                year=YEAR,
                                nature=nature,
                                source="bench",
                                waste_tonnes_avoided=Decimal(tonnes),
                                co2e_tonnes_avoided=Decimal(tonnes) / 2,
                                euros_saved=Decimal(tonnes * 100),
                            )
                        )
            StageChange.objects.bulk_create(changes, batch_size=5000)
            ImpactRecord.objects.bulk_create(records, batch_size=5000)
            print(f"  {number}/{territory_count} territories", flush=True)


def timed(label, function, runs=3):
    durations = []
    for _ in range(runs):
        began = time.perf_counter()
        function()
        durations.append(time.perf_counter() - began)
    best = min(durations)
    print(f"{label:<58} {best:6.2f} s (best of {runs})", flush=True)
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--territories", type=int, default=12)
    parser.add_argument("--synergies", type=int, default=1000)
    options = parser.parse_args()
    setup()
    from django.contrib.auth.models import AnonymousUser
    from django.test import Client

    from flows.bilan import build_report, report_document
    from flows.documents import to_xlsx
    from flows.models import Synergy
    from portal.factories import UserFactory
    from portal.permissions_setup import ensure_roles
    from portal.roles import ANIMATION_GROUP

    build(options.territories, options.synergies)
    print(f"{Synergy.objects.count()} synergies in the database", flush=True)
    ensure_roles()
    from django.contrib.auth.models import Group

    animator = UserFactory(username=f"bench-bilan-{time.time_ns()}")
    animator.groups.add(Group.objects.get(name=ANIMATION_GROUP))
    results = {
        "report, totals (anonymous)": timed(
            "build_report(region), totals only", lambda: build_report(YEAR, None, AnonymousUser())
        ),
        "report, per-synergy (animation)": timed(
            "build_report(region) with the per-synergy table",
            lambda: build_report(YEAR, None, animator),
        ),
    }
    detailed = build_report(YEAR, None, animator)
    results["xlsx"] = timed(
        "XLSX of the detailed report", lambda: to_xlsx(report_document(detailed))
    )
    client = Client()
    results["page anonymous"] = timed(
        "GET /indicateurs/bilan/2025/ (anonymous)",
        lambda: client.get(f"/indicateurs/bilan/{YEAR}/", HTTP_HOST="localhost"),
    )
    client.force_login(animator)
    results["page animation"] = timed(
        "GET /indicateurs/bilan/2025/ (animation, every synergy)",
        lambda: client.get(f"/indicateurs/bilan/{YEAR}/", HTTP_HOST="localhost"),
    )
    results["api"] = timed(
        "GET /api/flows/funnel/?annee=2025",
        lambda: client.get(f"/api/flows/funnel/?annee={YEAR}", HTTP_HOST="localhost"),
    )
    animator.delete()
    worst = max(results.values())
    print(f"Goal: the regional report under 5 s — worst measured {worst:.2f} s", flush=True)


if __name__ == "__main__":
    main()
