"""Background tasks keeping both engines in sync; they never raise into the publisher.

A failed Elasticsearch write leaves a `PendingIndexOperation`: the next task run and
`manage.py search_index sync` replay it.
"""

import logging

from django.db.models import F
from django_tasks import task

from portal.caching import bump_content_generation
from search import service
from search.store import PendingIndexOperation

logger = logging.getLogger(__name__)

REPLAY_BATCH = 50


def _record_failure(page_id: int, action: str, error: Exception) -> None:
    try:
        operation, created = PendingIndexOperation.objects.get_or_create(
            page_id=page_id, defaults={"action": action, "last_error": str(error)[:2000]}
        )
        if not created:
            PendingIndexOperation.objects.filter(pk=operation.pk).update(
                action=action, attempts=F("attempts") + 1, last_error=str(error)[:2000]
            )
    except Exception:  # noqa: BLE001 - recording a failure must not fail the caller
        logger.exception("Could not record the pending index operation of page %s", page_id)


def apply_operation(page_id: int, action: str) -> bool:
    """Index or remove one page; True on success, False (recorded for retry) otherwise."""
    try:
        if action == PendingIndexOperation.DELETE:
            service.remove_page(page_id)
        else:
            service.index_page_id(page_id)
    except Exception as error:  # noqa: BLE001 - publishing must never fail because of search
        logger.warning("Search indexing of page %s failed (%s): will retry", page_id, error)
        _record_failure(page_id, action, error)
        return False
    PendingIndexOperation.objects.filter(page_id=page_id).delete()
    return True


def replay_pending(limit: int | None = None) -> tuple[int, int]:
    """Replay recorded operations, oldest first; stops at the first failure."""
    done = failed = 0
    operations = PendingIndexOperation.objects.order_by("created_at")
    for operation in operations[:limit] if limit else operations:
        if apply_operation(operation.page_id, operation.action):
            done += 1
        else:
            failed += 1
            break
    return done, failed


def _run(page_ids, action):
    outcomes = [apply_operation(page_id, action) for page_id in page_ids]  # try every page
    if all(outcomes) and PendingIndexOperation.objects.exists():
        replay_pending(REPLAY_BATCH)
    bump_content_generation()  # cached "see also" lists were read from the previous index


@task()
def index_pages(page_ids: list[int]) -> None:
    """(Re)build the documents of these pages, or remove them if no longer indexable."""
    _run(page_ids, PendingIndexOperation.INDEX)


@task()
def remove_pages(page_ids: list[int]) -> None:
    _run(page_ids, PendingIndexOperation.DELETE)
