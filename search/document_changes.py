"""Attached documents and the index: what a page's documents contribute is fingerprinted
(`content_hash`, stored on each indexed document), pages are reindexed when one of their
documents changes collection or file or when a collection's restriction changes, and
`search_index status` compares the fingerprints to find the pages whose indexed text no
longer matches their documents."""

from collections import defaultdict

from django.db.models.signals import m2m_changed, post_delete, post_save
from elasticsearch import helpers
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from portal.models import PageAttachment
from portal.models.knowledge import collection_restrictions, indexable_documents
from portal.search_protocol import knowledge_page_models
from search.documents import content_hash
from search.engines import elasticsearch as es
from search.store import SearchDocument
from search.sync import enqueue


def live_content_hashes() -> dict[int, str]:
    """{page id: content hash} of every live knowledge page, as the builder computes it,
    read from the attachment rows: no page is loaded (100,000 pages took 40 s that way)."""
    restrictions = collection_restrictions()
    attached = defaultdict(list)
    attachments = PageAttachment.objects.filter(page__live=True).select_related(
        "document__collection"
    )
    for attachment in attachments.order_by().iterator(chunk_size=2000):
        attached[attachment.page_id].append(attachment.document)
    return {
        page_id: content_hash(indexable_documents(attached.get(page_id, ()), restrictions))
        for model in knowledge_page_models()
        for page_id in model.objects.live().values_list("pk", flat=True)
    }


def database_content_hashes() -> dict[int, str | None]:

    return dict(SearchDocument.objects.values_list("page_id", "document__content_hash"))


def elasticsearch_content_hashes() -> dict[int, str | None]:

    client = es.indexing_client()
    if not es.aliased_indices(client):
        return {}
    client.indices.refresh(index=es.alias_name())
    hits = helpers.scan(
        client,
        index=es.alias_name(),
        query={"query": {"match_all": {}}, "_source": ["content_hash"]},
    )
    return {int(hit["_id"]): hit["_source"].get("content_hash") for hit in hits}


def add_document_drift(drift, live_hashes: dict, indexed_hashes: dict):
    """Count as stale the indexed pages whose documents differ from the indexed ones."""
    changed = {
        page_id
        for page_id, expected in live_hashes.items()
        if page_id in indexed_hashes and indexed_hashes[page_id] != expected
    }
    drift.stale = sorted(set(drift.stale) | changed)
    return drift


# --- signals ------------------------------------------------------------------------------


def pages_attaching(document_ids) -> list[int]:
    return list(
        PageAttachment.objects.filter(document_id__in=list(document_ids))
        .values_list("page_id", flat=True)
        .distinct()
    )


def _reindex(page_ids):
    enqueue("index_pages", page_ids)


def on_document_saved(sender, instance, created=False, **kwargs):
    """A document moved to another collection or given a new file: its pages' text changes."""
    if not created:
        _reindex(pages_attaching([instance.pk]))


def on_collection_restriction_change(sender, instance, **kwargs):
    collection = Collection.objects.filter(pk=instance.collection_id).first()
    if collection is None:
        return
    collections = Collection.objects.descendant_of(collection, inclusive=True)
    documents = get_document_model().objects.filter(collection__in=collections)
    _reindex(pages_attaching(documents.values_list("pk", flat=True)))


def on_collection_restriction_groups_change(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and isinstance(
        instance, CollectionViewRestriction
    ):
        on_collection_restriction_change(sender, instance)


def connect() -> None:
    document_model = get_document_model()
    post_save.connect(on_document_saved, sender=document_model, dispatch_uid="search_doc_saved")
    for signal, uid in ((post_save, "save"), (post_delete, "delete")):
        signal.connect(
            on_collection_restriction_change,
            sender=CollectionViewRestriction,
            dispatch_uid=f"search_collection_restriction_{uid}",
        )
    m2m_changed.connect(
        on_collection_restriction_groups_change,
        sender=CollectionViewRestriction.groups.through,
        dispatch_uid="search_collection_restriction_groups",
    )
