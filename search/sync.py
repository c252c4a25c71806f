"""Wagtail and Django signals → search tasks. Publishing never waits for the engine."""

import logging
import threading
from contextlib import contextmanager

from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from portal.search_protocol import (
    is_knowledge_page,
    knowledge_page_models,
    source_items_changed,
)
from search import tasks

logger = logging.getLogger(__name__)
_state = threading.local()


@contextmanager
def paused():
    """Skip signal handling (bulk loads that rebuild the index afterwards)."""
    previous = getattr(_state, "paused", False)
    _state.paused = True
    try:
        yield
    finally:
        _state.paused = previous


def enqueue(task_name: str, page_ids) -> None:
    page_ids = [int(pk) for pk in page_ids]
    if not page_ids or getattr(_state, "paused", False):
        return
    try:
        getattr(tasks, task_name).enqueue(page_ids)
    except Exception:  # noqa: BLE001 - a queue problem must not break publishing
        logger.exception("Could not enqueue search task %s for %s", task_name, page_ids)


def knowledge_ids_under(page) -> list[int]:
    """The page and its descendants that are knowledge pages (documents may change)."""
    return list(
        Page.objects.descendant_of(page, inclusive=True)
        .type(*knowledge_page_models())
        .values_list("pk", flat=True)
    )


def on_publish_change(sender, instance, **kwargs):
    if is_knowledge_page(instance):
        enqueue("index_pages", [instance.pk])


def on_move(sender, instance, **kwargs):
    enqueue("index_pages", knowledge_ids_under(instance))


def on_delete(sender, instance, **kwargs):
    enqueue("remove_pages", [instance.pk])


def on_restriction_change(sender, instance, **kwargs):
    try:
        page = Page.objects.filter(pk=instance.page_id).first()
    except Exception:  # noqa: BLE001
        logger.exception("Could not read the page of a view restriction")
        return
    if page is not None:
        enqueue("index_pages", knowledge_ids_under(page))


def on_restriction_groups_change(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and isinstance(
        instance, PageViewRestriction
    ):
        on_restriction_change(sender, instance)


def on_source_items_change(sender, pks, **kwargs):
    """Items of a non-page source changed (portal.search_protocol.source_items_changed)."""
    enqueue("index_pages", [sender.document_id(pk) for pk in pks])


def connect() -> None:
    source_items_changed.connect(on_source_items_change, dispatch_uid="search_source_items")
    page_published.connect(on_publish_change, dispatch_uid="search_page_published")
    page_unpublished.connect(on_publish_change, dispatch_uid="search_page_unpublished")
    post_page_move.connect(on_move, dispatch_uid="search_page_move")
    post_delete.connect(on_delete, sender=Page, dispatch_uid="search_page_delete")
    post_save.connect(
        on_restriction_change, sender=PageViewRestriction, dispatch_uid="search_restriction_save"
    )
    post_delete.connect(
        on_restriction_change, sender=PageViewRestriction, dispatch_uid="search_restriction_del"
    )
    m2m_changed.connect(
        on_restriction_groups_change,
        sender=PageViewRestriction.groups.through,
        dispatch_uid="search_restriction_groups",
    )
