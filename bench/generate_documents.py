"""Create N realistic French knowledge pages (default 10,000) in the bench database.

    .venv/bin/python bench/generate_documents.py [--count 100000]

Pages are created live without revisions, search signals paused; then run
`bench/search_latency.py`, which rebuilds the index and measures.
"""

import argparse
import datetime
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.setup import setup  # noqa: E402

TERRITORIES = [
    "Troyes Champagne Métropole", "Grand Reims", "Metz Métropole", "Eurométropole de Strasbourg",
    "Mulhouse Alsace Agglomération", "Grand Nancy", "Ardenne Métropole", "Épinal",
    "Colmar Agglomération", "Saint-Dizier", "Chaumont", "Verdun", "Sarreguemines", "Haguenau",
]  # fmt: skip
THEMES = [
    "Énergie", "Eau", "Déchets", "Matières premières", "Mobilité", "Foncier", "Biodéchets",
    "Bois", "Chaleur fatale", "Mutualisation des services",
]  # fmt: skip
AUDIENCES = ["Entreprises", "Collectivités", "Animateurs", "Chambres consulaires", "Élus"]
TAGS = [
    "palettes", "cartons", "vapeur", "boues", "plastiques", "solvants", "verre", "métaux",
    "compost", "CSR", "méthanisation", "réseau de chaleur", "achats groupés", "gardiennage",
    "formation", "covoiturage", "friches", "sable", "gravats", "huiles usagées",
]  # fmt: skip
SUBJECTS = [
    "la valorisation des déchets de chantier", "la mutualisation des achats d'énergie",
    "un réseau de chaleur alimenté par la chaleur fatale", "le réemploi des palettes",
    "la collecte des biodéchets des restaurants d'entreprise", "le partage d'un gardiennage",
    "la substitution de matières premières par des déchets plastiques", "l'eau de process",
    "un combustible solide de récupération", "les déchets d'activités économiques",
]  # fmt: skip
SENTENCES = [
    "Les entreprises de la zone d'activités ont cartographié leurs flux entrants et sortants.",
    "L'animateur a réuni les industriels lors d'ateliers de détection de synergies.",
    "Le diagnostic a mis en évidence des gisements de déchets valorisables.",
    "La collectivité a accompagné la démarche avec l'appui de l'ADEME et de la Région.",
    "Les gains économiques et environnementaux ont été suivis pendant deux ans.",
    "La chambre de commerce et d'industrie a relayé l'action auprès des PME.",
    "Un retour d'expérience a été présenté lors de la rencontre régionale du réseau.",
    "Les émissions de gaz à effet de serre évitées ont été estimées à partir des tonnages.",
    "Le projet s'inscrit dans la stratégie d'économie circulaire du territoire.",
    "Les difficultés rencontrées tiennent surtout à la logistique et aux volumes.",
]  # fmt: skip


def body(rng):
    return "\n\n".join(" ".join(rng.sample(SENTENCES, 4)) for _ in range(3))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    setup()

    from django.db import transaction
    from django.utils import timezone
    from django.utils.text import slugify
    from wagtail.models import Page, Site

    from capitalisation.models import ExperienceFeedbackPage, MethodologySheetPage
    from portal.axes import Axis
    from portal.models import Audience, HomePage, SectionPage, Territory, Theme
    from search.sync import paused

    rng = random.Random(args.seed)
    home = HomePage.objects.first()
    if home is None:
        home = Page.get_first_root_node().add_child(
            instance=HomePage(title="Accueil", slug="bench")
        )
        Site.objects.update_or_create(
            is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
        )
    section = SectionPage.objects.filter(axis=Axis.KNOWLEDGE).first()
    if section is None:
        section = home.add_child(
            instance=SectionPage(title="Savoirs et méthodes", slug="savoirs", axis=Axis.KNOWLEDGE)
        )

    def terms(model, names, **extra):
        return [
            model.objects.get_or_create(slug=slugify(name), defaults={"name": name, **extra})[0]
            for name in names
        ]

    territories = terms(Territory, TERRITORIES, lead_structure="Structure porteuse")
    themes = terms(Theme, THEMES)
    audiences = terms(Audience, AUDIENCES)

    started = time.monotonic()
    now = timezone.now()
    with paused():
        for start in range(0, args.count, 500):
            with transaction.atomic():
                for number in range(start, min(start + 500, args.count)):
                    subject = rng.choice(SUBJECTS)
                    date = datetime.date(rng.randint(2012, 2025), rng.randint(1, 12), 1)
                    common = {
                        "title": f"{subject.capitalize()} à {rng.choice(TERRITORIES)} ({number})",
                        "slug": f"bench-{number}",
                        "summary": f"Comment {subject} a été menée par le réseau.",
                        "publication_date": date,
                        "live": True,
                        "first_published_at": now,
                        "last_published_at": now,
                    }
                    if number % 2:
                        page = ExperienceFeedbackPage(
                            **common, context=body(rng), synergy_type="substitution",
                            flows=["dechets"], status="en_cours", year=date.year,
                        )  # fmt: skip
                    else:
                        page = MethodologySheetPage(**common, objective=body(rng))
                    page.territories = rng.sample(territories, rng.randint(1, 2))
                    page.themes = rng.sample(themes, rng.randint(1, 3))
                    page.audiences = rng.sample(audiences, rng.randint(0, 2))
                    for tag in rng.sample(TAGS, rng.randint(0, 3)):
                        page.tags.add(tag)
                    section.add_child(instance=page)
                    section.refresh_from_db(fields=["numchild", "path", "depth"])
            done = min(start + 500, args.count)
            print(f"{done}/{args.count} ({done * 100 // args.count}%)", flush=True)
    print(f"{args.count} pages created in {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    main()
