"""Create N realistic French knowledge pages (default 10,000) in the bench database.

    .venv/bin/python bench/generate_documents.py [--count 100000]

Re-running tops the database up to N pages (the pages already there are kept).

Pages are inserted live in bulk, without revisions or search signals; then run
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
    from django.utils.text import slugify
    from wagtail.models import Page, Site

    from portal.axes import Axis
    from portal.models import Audience, HomePage, SectionPage, Territory, Theme

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

    existing = Page.objects.filter(slug__startswith="bench-").count()
    rng = random.Random(args.seed + existing)
    started = time.monotonic()
    for start in range(existing, args.count, BATCH):
        numbers = range(start, min(start + BATCH, args.count))
        with transaction.atomic():
            insert_batch(section, numbers, rng, territories, themes, audiences)
        done = numbers[-1] + 1
        print(f"{done}/{args.count} ({done * 100 // args.count}%)", flush=True)
    print(f"{args.count - existing} pages created in {time.monotonic() - started:.1f} s")
    print(f"Relevance corpus: {add_relevance_corpus(section)} pages added")


def add_relevance_corpus(section) -> int:
    """The relevance set's pages (search/relevance/set.yaml) among the generated ones, so
    that bench/search_latency.py measures hits@3 and MRR at this size; PDF text attached."""
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    from capitalisation.models import MethodologySheetPage
    from portal.models import PageAttachment, Theme
    from search.relevance import corpus_pages
    from tests.search.pdf import pdf_bytes

    theme = Theme.objects.order_by("pk").first()
    added = 0
    for key, fields in corpus_pages().items():
        slug = f"relevance-{key}"
        if MethodologySheetPage.objects.filter(slug=slug).exists():
            restore_missing_file(f"Annexe {key}", fields)
            continue
        page = MethodologySheetPage(
            title=fields["title"], slug=slug, summary=fields["summary"], objective=fields["body"]
        )
        page.themes = [theme]
        if fields.get("pdf"):
            document = get_document_model().objects.create(
                title=f"Annexe {key}",
                file=ContentFile(pdf_bytes(fields["pdf"]), name=f"{slug}.pdf"),
            )
            page.attachments = [PageAttachment(document=document)]
        section.refresh_from_db()
        section.add_child(instance=page)
        added += 1
    return added


def restore_missing_file(title, fields):
    """The media directory is not in the database: a bench database reused from another
    checkout keeps its documents but not their files."""
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    from tests.search.pdf import pdf_bytes

    document = get_document_model().objects.filter(title=title).first()
    if document and fields.get("pdf") and not document.file.storage.exists(document.file.name):
        document.file.storage.save(document.file.name, ContentFile(pdf_bytes(fields["pdf"])))


BATCH = 1000


def new_page(number, rng, now):
    from capitalisation.models import ExperienceFeedbackPage, MethodologySheetPage

    subject = rng.choice(SUBJECTS)
    date = datetime.date(rng.randint(2012, 2025), rng.randint(1, 12), 1)
    title = f"{subject.capitalize()} à {rng.choice(TERRITORIES)} ({number})"
    common = {
        "title": title,
        "draft_title": title,
        "slug": f"bench-{number}",
        "summary": f"Comment {subject} a été menée par le réseau.",
        "publication_date": date,
        "live": True,
        "first_published_at": now,
        "last_published_at": now,
    }
    if number % 2:
        return ExperienceFeedbackPage(
            **common, context=body(rng), synergy_type="substitution",
            flows=["dechets"], status="en_cours", year=date.year,
        )  # fmt: skip
    return MethodologySheetPage(**common, objective=body(rng))


def insert_batch(section, numbers, rng, territories, themes, audiences):
    """Insert pages straight into the tree's tables: `add_child` one page at a time (a
    treebeard update and several queries per page) would take hours for 100,000 pages."""
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone
    from wagtail.models import Page

    from portal.models.knowledge import KnowledgePageTag

    now = timezone.now()
    section.refresh_from_db()
    pages = [new_page(number, rng, now) for number in numbers]
    for offset, page in enumerate(pages, start=section.numchild + 1):
        page.depth = section.depth + 1
        page.path = Page._get_path(section.path, page.depth, offset)
        page.url_path = f"{section.url_path}{page.slug}/"
        page.locale_id = section.locale_id
        page.content_type = ContentType.objects.get_for_model(page)
    by_model = {}
    for page in pages:
        by_model.setdefault(type(page), []).append(page)
    base_fields = [f for f in Page._meta.local_concrete_fields if not f.primary_key]
    for model, objects in by_model.items():
        # Parent rows first (their ids come back), then the specific rows.
        ids = Page.objects._insert(objects, fields=base_fields, returning_fields=[Page._meta.pk])
        for page, (pk,) in zip(objects, ids, strict=True):
            page.pk = page.page_ptr_id = pk
        model.objects._insert(objects, fields=model._meta.local_concrete_fields)
        for name, terms, low, high in (
            ("territories", territories, 1, 2),
            ("themes", themes, 1, 3),
            ("audiences", audiences, 0, 2),
        ):
            through = model._meta.get_field(name).remote_field.through
            source = f"{model._meta.model_name}_id"
            target = f"{terms[0]._meta.model_name}_id"
            through.objects.bulk_create(
                through(**{source: page.pk, target: term.pk})
                for page in objects
                for term in rng.sample(terms, rng.randint(low, high))
            )
    tags = {tag.name: tag for tag in KnowledgePageTag.tag_model().objects.all()}
    for name in TAGS:
        if name not in tags:
            tags[name] = KnowledgePageTag.tag_model().objects.create(name=name)
    KnowledgePageTag.objects.bulk_create(
        KnowledgePageTag(content_object_id=page.pk, tag=tags[name])
        for page in pages
        for name in rng.sample(TAGS, rng.randint(0, 3))
    )
    Page.objects.filter(pk=section.pk).update(numchild=section.numchild + len(pages))


if __name__ == "__main__":
    main()
