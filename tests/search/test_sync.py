"""Index sync on publish, unpublish, delete, move and privacy change; rebuild; outages."""

import io

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import PageViewRestriction

from search import breaker, service
from search.engines import elasticsearch as es
from search.engines.base import SearchQuery
from search.indexing import iter_documents
from search.models import PendingIndexOperation, SearchDocument
from tests.search.conftest import ES_URL

pytestmark = pytest.mark.django_db

CLOSED_PORT = "http://127.0.0.1:9"


def es_titles(q="", user=None):
    es.refresh()
    response = service.search(SearchQuery(q=q), user)
    assert response.engine == "elasticsearch"
    return {r.title for r in response.results}


def test_publish_indexes_both_engines(build):
    page = build.page("Méthanisation agricole")
    assert es_titles("méthanisation") == {"Méthanisation agricole"}
    assert SearchDocument.objects.filter(page_id=page.pk).exists()

    page.title = "Méthanisation territoriale"
    page.save_revision().publish()
    assert es_titles("méthanisation") == {"Méthanisation territoriale"}


def test_unpublish_and_delete_remove_the_page(build):
    first = build.page("Réseau de chaleur")
    second = build.page("Réseau de froid")
    first.unpublish()
    assert es_titles("réseau") == {"Réseau de froid"}
    assert not SearchDocument.objects.filter(page_id=first.pk).exists()
    second.delete()
    assert es_titles("réseau") == set()
    assert SearchDocument.objects.count() == 0


def test_slug_change_updates_url(build):
    page = build.page("Page à déplacer")
    page.slug = "nouvelle-adresse"
    page.save_revision().publish()
    es.refresh()
    result = service.search(SearchQuery(q="déplacer"), None).results[0]
    assert result.url.endswith("/nouvelle-adresse/")


def test_privacy_change_reindexes(build):
    page = build.page("Compte rendu du comité")
    assert es_titles("comité") == {"Compte rendu du comité"}
    restriction = PageViewRestriction.objects.create(page=page, restriction_type="login")
    assert es_titles("comité") == set()
    restriction.delete()
    assert es_titles("comité") == {"Compte rendu du comité"}


def test_outage_falls_back_and_publishing_still_works(build, settings):
    build.page("Écologie du port")
    settings.ELASTICSEARCH_URL = CLOSED_PORT
    settings.SEARCH_VISITOR_TIMEOUT = 0.5

    response = service.search(SearchQuery(q="écologie port"), None)
    assert response.engine == "database"
    assert response.degraded is True
    assert [r.title for r in response.results] == ["Écologie du port"]
    assert breaker.is_open()  # the next requests skip Elasticsearch at once

    page = build.page("Publiée pendant la panne")  # must not raise
    assert page.live
    assert SearchDocument.objects.filter(page_id=page.pk).exists()
    assert PendingIndexOperation.objects.filter(page_id=page.pk, action="index").exists()
    assert service.search(SearchQuery(q="panne"), None).total == 1

    # Back online: sync replays the pending operation.
    settings.ELASTICSEARCH_URL = ES_URL
    breaker.reset()
    out = io.StringIO()
    call_command("search_index", "sync", stdout=out)
    assert not PendingIndexOperation.objects.exists()
    assert es_titles("panne") == {"Publiée pendant la panne"}


def test_api_degraded_flag(client, build, settings):
    build.page("Plateforme bois")
    settings.ELASTICSEARCH_URL = CLOSED_PORT
    data = client.get("/api/search/", {"q": "bois"}).json()
    assert data["engine"] == "database"
    assert data["degraded"] is True
    assert data["total"] == 1
    assert "mode simplifié" in client.get("/recherche/", {"q": "bois"}).content.decode()


def test_rebuild_swaps_alias_while_searches_keep_answering(build):
    build.page("Friche industrielle")
    build.page("Friche urbaine")
    old = es.aliased_indices()
    assert len(old) == 1

    new = es.create_index()
    for _ in es.bulk_index(iter_documents(), new):
        pass
    # Between creation and swap the alias still answers from the old index.
    assert es_titles("friche") == {"Friche industrielle", "Friche urbaine"}
    removed = es.swap_alias(new)
    assert removed == old
    assert es.aliased_indices() == [new]
    assert not es.indexing_client().indices.exists(index=old[0])
    assert es_titles("friche") == {"Friche industrielle", "Friche urbaine"}


def test_rebuild_and_status_commands(build):
    page = build.page("Tri des biodéchets")
    build.page("Compostage partagé")
    SearchDocument.objects.filter(page_id=page.pk).delete()
    out = io.StringIO()
    call_command("search_index", "status", stdout=out)
    assert f"1 pages absentes de l'index : {page.pk}" in out.getvalue()

    out = io.StringIO()
    call_command("search_index", "rebuild", stdout=out)
    assert "2/2 (100%)" in out.getvalue()
    assert SearchDocument.objects.count() == 2
    assert len(es.aliased_indices()) == 1
    assert es_titles("compostage") == {"Compostage partagé"}

    es.delete_document(page.pk)
    out = io.StringIO()
    call_command("search_index", "status", stdout=out)
    assert out.getvalue().count("Aucun écart.") == 1
    call_command("search_index", "sync", stdout=io.StringIO())
    out = io.StringIO()
    call_command("search_index", "status", stdout=out)
    assert out.getvalue().count("Aucun écart.") == 2


def test_reindex_fills_a_new_index_from_the_stored_documents_unbuilt(build):
    first = build.page("Boues de station")
    build.page("Boues de papeterie")
    old = es.aliased_indices()
    # The stored document is what gets indexed, not a document built again from the page.
    stored = SearchDocument.objects.get(page_id=first.pk)
    stored.document = {**stored.document, "title": "Boues de station (copie stockée)"}
    stored.save(update_fields=["document"])
    es.delete_document(first.pk)

    out = io.StringIO()
    call_command("search_index", "reindex", stdout=out)

    assert "2/2 (100%)" in out.getvalue()
    assert es.aliased_indices() != old and len(es.aliased_indices()) == 1
    assert not es.indexing_client().indices.exists(index=old[0])
    assert es_titles("boues") == {"Boues de station (copie stockée)", "Boues de papeterie"}


def test_reindex_refuses_stored_documents_behind_the_pages(build):
    page = build.page("Palettes consignées")
    old = es.aliased_indices()
    SearchDocument.objects.filter(page_id=page.pk).delete()

    out = io.StringIO()
    with pytest.raises(CommandError, match="search_index sync"):
        call_command("search_index", "reindex", stdout=out)

    assert f"1 pages absentes de l'index : {page.pk}" in out.getvalue()
    assert es.aliased_indices() == old
    assert es_titles("palettes") == {"Palettes consignées"}


def test_reindex_needs_elasticsearch(build, settings):
    build.page("Solvants usagés")
    settings.ELASTICSEARCH_URL = ""
    with pytest.raises(CommandError, match="ELASTICSEARCH_URL"):
        call_command("search_index", "reindex", stdout=io.StringIO())


def test_a_bulk_loaded_index_goes_live_in_one_segment(build):
    build.page("Sciures de bois")
    build.page("Copeaux de bois")
    index = es.create_index(bulk_load=True)
    client = es.indexing_client()
    for document in iter_documents():  # one refresh per document: one segment each
        for _ in es.bulk_index([document], index):
            pass
        client.indices.refresh(index=index)

    def segments():
        shards = client.indices.segments(index=index)["indices"][index]["shards"]["0"]
        return sum(len(copy["segments"]) for copy in shards if copy["routing"]["primary"])

    assert segments() == 2
    es.finish_bulk_load(index)
    assert segments() == 1
    client.indices.delete(index=index)
