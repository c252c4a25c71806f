"""Bulk indexing: stream every live knowledge page as documents, N+1-free; drift report."""

import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from django.db import connection
from django.utils.dateparse import parse_datetime

from portal.search_protocol import knowledge_page_models
from search.documents import BuildContext, build_document
from search.engines import database
from search.sources import iter_source_documents
from search.store import SearchDocument

logger = logging.getLogger(__name__)

BATCH_SIZE = 500


def count_pages() -> int:
    return sum(model.objects.live().count() for model in knowledge_page_models())


def iter_documents(batch_size: int = BATCH_SIZE):
    """Every live knowledge page's document, batch by batch, each batch's relations read
    in one query per relation (search.page_relations)."""
    context = BuildContext.load()
    for model in knowledge_page_models():
        pages = model.objects.live().order_by("pk").iterator(chunk_size=batch_size)
        for batch in batched(pages, batch_size):
            context.load_batch(model, batch)
            for page in batch:
                try:
                    yield build_document(page, context)
                except Exception:  # noqa: BLE001 - one broken page must not stop a rebuild
                    logger.exception("Could not build the search document of page %s", page.pk)
    yield from iter_source_documents()  # items that are not pages (SEARCH_SOURCES hook)


def stored_documents(batch_size: int = BATCH_SIZE):
    """The documents the database engine stores, as they were built, in page order."""
    stored = SearchDocument.objects.order_by("page_id").values_list("document", flat=True)
    return stored.iterator(chunk_size=batch_size)


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
    """Pass documents through, writing them to the database table in batches.

    On PostgreSQL, outside a transaction, a second connection writes each batch while the
    next one is built (PostgreSQL computes the text vectors in its own process, so the
    two overlap); inside a transaction (tests) or on SQLite, the writes are inline.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        for batch in batched(documents, BATCH_SIZE):
            database.store_documents(batch)
            seen.update(doc["id"] for doc in batch)
            yield from batch
        return
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="search-store") as writer:
        try:
            stored = None
            for batch in batched(documents, BATCH_SIZE):
                if stored is not None:
                    stored.result()
                stored = writer.submit(database.store_documents, batch)
                seen.update(doc["id"] for doc in batch)
                yield from batch
            if stored is not None:
                stored.result()
        finally:
            writer.submit(connection.close)  # the writer thread's own connection


def live_versions() -> dict[int, object]:
    versions = {}
    for model in knowledge_page_models():
        versions.update(model.objects.live().values_list("pk", "last_published_at"))
    versions.update(
        (doc["id"], parse_datetime(doc["last_published_at"])) for doc in iter_source_documents()
    )
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
