"""Bulk indexing: stream every live knowledge page as documents, N+1-free; drift report."""

import logging
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.dateparse import parse_datetime
from wagtail.documents import get_document_model

from portal.search_protocol import knowledge_page_models
from search.documents import PREFETCH, BuildContext, build_document
from search.engines import database
from search.store import SearchDocument

logger = logging.getLogger(__name__)

BATCH_SIZE = 500


def live_pages_queryset(model):

    documents = Prefetch(
        "attachments__document",
        queryset=get_document_model().objects.select_related("collection"),
    )
    prefetch = [name for name in PREFETCH if name != "attachments__document"]
    return model.objects.live().prefetch_related(*prefetch, documents).order_by("pk")


def count_pages() -> int:
    return sum(model.objects.live().count() for model in knowledge_page_models())


def iter_documents(batch_size: int = BATCH_SIZE):
    """Every live knowledge page's document, batch by batch, with shared prefetching."""
    context = BuildContext.load()
    for model in knowledge_page_models():
        for page in live_pages_queryset(model).iterator(chunk_size=batch_size):
            try:
                yield build_document(page, context)
            except Exception:  # noqa: BLE001 - one broken page must not stop a rebuild
                logger.exception("Could not build the search document of page %s", page.pk)


def batched(iterable, size):
    batch = []
    for item in iterable:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def write_database_batches(documents, seen: set):
    """Pass documents through, writing them to the database table in batches."""
    for batch in batched(documents, BATCH_SIZE):
        database.store_documents(batch)
        seen.update(doc["id"] for doc in batch)
        yield from batch


def live_versions() -> dict[int, object]:
    versions = {}
    for model in knowledge_page_models():
        versions.update(model.objects.live().values_list("pk", "last_published_at"))
    return versions


@dataclass
class Drift:
    expected: int = 0
    indexed: int = 0
    missing: list[int] = field(default_factory=list)
    stale: list[int] = field(default_factory=list)
    extra: list[int] = field(default_factory=list)

    @property
    def clean(self):
        return not (self.missing or self.stale or self.extra)


def compare(live: dict, indexed: dict) -> Drift:
    """Pages missing from an index, stale (indexed before their last publication), extra."""
    drift = Drift(expected=len(live), indexed=len(indexed))
    for page_id, published in live.items():
        if page_id not in indexed:
            drift.missing.append(page_id)
            continue
        indexed_published = indexed[page_id]
        if isinstance(indexed_published, str):
            indexed_published = parse_datetime(indexed_published)
        if published and indexed_published and indexed_published < published:
            drift.stale.append(page_id)
    drift.extra = sorted(set(indexed) - set(live))
    return drift


def database_versions() -> dict[int, object]:
    return dict(SearchDocument.objects.values_list("page_id", "last_published_at"))
