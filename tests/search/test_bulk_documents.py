"""A rebuild builds documents batch by batch (search.page_relations): each one equals the
document built for that page alone, relations, attachments and URL included."""

from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from search import indexing, service
from search.documents import build_document
from search.params import SearchQuery
from search.store import SearchDocument
from tests.search.pdf import pdf_bytes

pytestmark = pytest.mark.django_db


def attachment(title, text, collection=None):
    extra = {"collection": collection} if collection else {}
    return get_document_model().objects.create(
        title=title, file=ContentFile(pdf_bytes(text), name=f"{title}.pdf"), **extra
    )


@pytest.fixture
def varied_pages(build):
    restricted = Collection.get_first_root_node().add_child(name="Réservé (test)")
    CollectionViewRestriction.objects.create(
        collection=restricted, restriction_type=CollectionViewRestriction.LOGIN
    )
    report = attachment("rapport", "Bilan des palettes consignees")
    build.page(
        "Réseau de chaleur",
        territories=["Troyes", "Metz", "Épinal"],
        themes=["Énergie", "Chaleur fatale"],
        audiences=["Élus"],
        tags=["vapeur", "chaudière"],
        attachments=[report, attachment("interne", "Tarifs negocies", restricted)],
    )
    build.page("Palettes", territories=["Reims"], themes=["Déchets"], attachments=[report])
    build.page("Sans classement", kind="experience", tags=["gravats"])
    build.page("Sans rien")
    return build


def test_batch_documents_equal_documents_built_one_by_one(varied_pages):
    from wagtail.models import Page

    documents = list(indexing.iter_documents(batch_size=2))
    assert len(documents) == 4
    for document in documents:
        alone = build_document(Page.objects.get(pk=document["id"]).specific)
        document.pop("last_published_at"), alone.pop("last_published_at")
        assert document == alone
    heat = next(d for d in documents if d["title"] == "Réseau de chaleur")
    assert {t["name"] for t in heat["territories"]} == {"Épinal", "Metz", "Troyes"}
    assert heat["tags"] == ["chaudière", "vapeur"]
    assert "palettes consignees" in heat["attachments_text"]
    assert "Tarifs" not in heat["attachments_text"]  # restricted collection
    assert heat["url"].endswith("/r%C3%A9seau-de-chaleur/")


def test_batch_reads_relations_in_a_fixed_number_of_queries(
    varied_pages, django_assert_max_num_queries
):
    for number in range(20):
        varied_pages.page(f"Page {number}", territories=["Troyes"], tags=[f"tag{number}"])
    with django_assert_max_num_queries(30):
        assert len(list(indexing.iter_documents())) == 24


@pytest.mark.django_db(transaction=True)
def test_rebuild_outside_a_transaction_stores_every_batch(build, settings, monkeypatch):
    """Outside a transaction on PostgreSQL, a second connection stores the batches while
    the next ones are built (inline on SQLite): every page ends up searchable."""
    for number in range(7):
        build.page(f"Fiche {number}", body="Compostage des biodéchets de restauration.")
    SearchDocument.objects.all().delete()
    for gone in range(900_001, 900_008):  # pages deleted since: removed, batch by batch
        SearchDocument.objects.create(page_id=gone, document={"id": gone})
    settings.ELASTICSEARCH_URL = ""
    monkeypatch.setattr(indexing, "BATCH_SIZE", 3)
    call_command("search_index", "rebuild", stdout=StringIO())
    assert SearchDocument.objects.count() == 7
    assert not SearchDocument.objects.filter(page_id__gte=900_001).exists()
    assert service.search(SearchQuery(q="biodéchet"), None).total == 7


def test_storing_an_unchanged_document_again_leaves_its_row(build, settings):
    """A rebuild of unchanged pages analyses no text again on PostgreSQL (the row version
    stays where it is); a changed document replaces the row, on both databases."""
    from django.db import connection

    from search.engines import database

    def row_version():
        if connection.vendor != "postgresql":
            return None
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT ctid::text FROM search_searchdocument WHERE page_id = %s", [page.pk]
            )
            return cursor.fetchone()[0]

    page = build.page("Fiche compost", body="Compostage des biodéchets.")
    settings.ELASTICSEARCH_URL = ""
    document = build_document(page.specific)
    database.store_documents([document])
    stored = row_version()
    database.store_documents([document])
    assert row_version() == stored
    changed = {**document, "body": "Méthanisation des boues."}
    database.store_documents([changed])
    if connection.vendor == "postgresql":
        assert row_version() != stored
    assert service.search(SearchQuery(q="méthanisation"), None).total == 1
    assert service.search(SearchQuery(q="compostage"), None).total == 0


def test_one_page_relations_take_one_query_each(varied_pages, django_assert_num_queries):
    """The single-page path (publishing one page) reads each relation in one query, however
    many tags or attachments the page has."""
    from wagtail.models import Page

    from search.page_relations import PageRelations

    full = Page.objects.get(title="Réseau de chaleur").specific
    with django_assert_num_queries(5):
        relations = PageRelations.of(full)
    assert relations.tags == ["chaudière", "vapeur"]
    assert sorted(doc.title for doc in relations.documents) == ["interne", "rapport"]
