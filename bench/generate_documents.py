"""Create N realistic French knowledge pages (default 10,000) in the bench database.

    .venv/bin/python bench/generate_documents.py [--count 100000]

Re-running tops the database up to N pages (the pages already there are kept).

The pages come from bench/corpus.py (the field's vocabulary, Zipf-distributed words,
300 subjects, experience feedback, method sheets and indicator guides of realistic lengths,
a PDF attached to 8 % of them). They are inserted live in bulk, without revisions or
search signals; then run `bench/search_latency.py`, which rebuilds the index and measures.
"""

import argparse
import datetime
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.corpus import ATTACHMENT_POOL, Corpus  # noqa: E402
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
    corpus = Corpus(args.seed)
    pool = attachment_pool(corpus)
    started = time.monotonic()
    for start in range(existing, args.count, BATCH):
        numbers = range(start, min(start + BATCH, args.count))
        with transaction.atomic():
            insert_batch(section, numbers, corpus, rng, pool, (territories, themes, audiences))
        done = numbers[-1] + 1
        print(f"{done}/{args.count} ({done * 100 // args.count}%)", flush=True)
    print(f"{args.count - existing} pages created in {time.monotonic() - started:.1f} s")
    print(f"Relevance corpus: {add_relevance_corpus(section)} pages added")


def add_relevance_corpus(section) -> int:
    """The relevance set's pages (search/relevance/set.yaml) among the generated ones, so
    that bench/search_latency.py measures hits@3 and MRR at this size; PDF text attached.
    Each page has its type (`kind`), all in the one section (the bench has no other)."""
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model
    from wagtail.models import Page

    from capitalisation.models import (
        ExperienceFeedbackPage,
        IndicatorGuidePage,
        MethodologySheetPage,
    )
    from portal.models import PageAttachment, Theme
    from search.relevance import corpus_pages
    from tests.search.pdf import pdf_bytes

    theme = Theme.objects.order_by("pk").first()
    added = 0
    for key, fields in corpus_pages().items():
        slug = f"relevance-{key}"
        kind = fields.get("kind", "methodology")
        existing = Page.objects.filter(slug=slug).specific().first()
        if existing is not None:
            if _unchanged(existing, kind, fields):
                restore_missing_file(f"Annexe {key}", fields)
                continue
            existing.delete()  # the set changed since this database was generated
        common = {"title": fields["title"], "slug": slug, "summary": fields["summary"]}
        if kind == "experience":
            page = ExperienceFeedbackPage(
                **common, context=fields["body"], synergy_type="substitution",
                flows=["dechets"], status="en_cours", year=2024,
            )  # fmt: skip
        elif kind == "indicator":
            page = IndicatorGuidePage(
                **common, code=slug[:40], definition=fields["summary"], unit="t",
                calculation_method=fields["body"],
            )  # fmt: skip
        else:
            page = MethodologySheetPage(**common, objective=fields["body"])
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


BODY_FIELDS = {
    "ExperienceFeedbackPage": ("experience", "context"),
    "IndicatorGuidePage": ("indicator", "calculation_method"),
    "MethodologySheetPage": ("methodology", "objective"),
}


def _unchanged(page, kind, fields) -> bool:
    page_kind, body = BODY_FIELDS.get(type(page).__name__, ("", ""))
    return (page_kind, page.title, page.summary, getattr(page, body, None)) == (
        kind, fields["title"], fields["summary"], fields["body"],
    )  # fmt: skip


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


def new_page(number, corpus, rng, now):
    """One generated page (bench.corpus) as an unsaved page of its type."""
    from capitalisation.models import (
        ExperienceFeedbackPage,
        IndicatorGuidePage,
        MethodologySheetPage,
    )

    generated = corpus.page(number)
    date = datetime.date(rng.randint(2012, 2025), rng.randint(1, 12), 1)
    common = {
        "title": generated.title,
        "draft_title": generated.title,
        "slug": f"bench-{number}",
        "summary": generated.summary,
        "publication_date": date,
        "live": True,
        "first_published_at": now,
        "last_published_at": now,
    }
    if generated.kind == "experience":
        page = ExperienceFeedbackPage(
            **common, context=generated.body, synergy_type="substitution",
            flows=["dechets"], status="en_cours", year=date.year,
        )  # fmt: skip
    elif generated.kind == "indicator":
        page = IndicatorGuidePage(
            **common, code=f"bench-{number}", definition=generated.summary, unit="t",
            calculation_method=generated.body,
        )  # fmt: skip
    else:
        page = MethodologySheetPage(**common, objective=generated.body)
    page.generated_attachment = generated.attachment
    return page


def attachment_pool(corpus) -> list:
    """The pool of PDF documents that generated pages attach (created once)."""
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    from tests.search.pdf import pdf_bytes

    model = get_document_model()
    pool = {d.title: d for d in model.objects.filter(title__startswith="Bench annexe ")}
    for index in range(ATTACHMENT_POOL):
        title = f"Bench annexe {index}"
        text = corpus.attachment_text(index).encode("latin-1", "replace").decode("latin-1")
        if title not in pool:
            pool[title] = model.objects.create(
                title=title, file=ContentFile(pdf_bytes(text), name=f"bench-annexe-{index}.pdf")
            )
        elif not pool[title].file.storage.exists(pool[title].file.name):
            pool[title].file.storage.save(pool[title].file.name, ContentFile(pdf_bytes(text)))
    return [pool[f"Bench annexe {index}"] for index in range(ATTACHMENT_POOL)]


def insert_batch(section, numbers, corpus, rng, pool, terms_by_kind):
    """Insert pages straight into the tree's tables: `add_child` one page at a time (a
    treebeard update and several queries per page) would take hours for 100,000 pages."""
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone
    from wagtail.models import Page

    from portal.models import PageAttachment
    from portal.models.knowledge import KnowledgePageTag

    territories, themes, audiences = terms_by_kind

    now = timezone.now()
    section.refresh_from_db()
    pages = [new_page(number, corpus, rng, now) for number in numbers]
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
    PageAttachment.objects.bulk_create(
        PageAttachment(page_id=page.pk, document=pool[page.generated_attachment], sort_order=0)
        for page in pages
        if page.generated_attachment is not None
    )
    Page.objects.filter(pk=section.pk).update(numchild=section.numchild + len(pages))


if __name__ == "__main__":
    main()
