"""What a page gives the search app: the protocol every knowledge page implements.

The search app discovers indexable pages through `knowledge_page_models()` and reads
each page through its declaration (`search_fields`) and the methods of
`portal.models.knowledge.KnowledgePageMixin`; it never imports the axis apps.
"""

import datetime
from dataclasses import dataclass, field

from django.apps import apps
from django.dispatch import Signal
from wagtail import hooks
from wagtail.models import Page

from portal.hooks import SEARCH_SOURCES
from portal.models.knowledge import KnowledgePageMixin


def knowledge_page_models():
    return [
        model
        for model in apps.get_models()
        if issubclass(model, KnowledgePageMixin) and not model._meta.abstract
    ]


def content_type_key(model) -> str:
    """How the search facets, the search API and the alerts name a page type:
    "app_label.ModelName", as the Wagtail API's `type=` filter does."""
    return f"{model._meta.app_label}.{model.__name__}"


def content_type_label(model) -> str:
    """The page type's name for people: its verbose name, capitalised."""
    return str(model._meta.verbose_name).capitalize()


def content_type_choices() -> list[tuple[str, str]]:
    """(key, label) of every knowledge page type, by label."""
    choices = [(content_type_key(m), content_type_label(m)) for m in knowledge_page_models()]
    return sorted(choices, key=lambda choice: choice[1])


def is_knowledge_page(page) -> bool:
    return isinstance(page, KnowledgePageMixin)


def section_child_models():
    """Page models of other apps that a section page may hold besides knowledge pages.

    A page model opts in with a class attribute `section_axes` (the axes whose section
    page may hold it) and checks the axis in its own `can_create_at`; portal never
    imports the app that defines it.
    """
    return [
        model
        for model in apps.get_models()
        if issubclass(model, Page) and getattr(model, "section_axes", None)
    ]


# --- searchable items that are not pages (the SEARCH_SOURCES hook) -------------------------
#
# An app whose items are searchable but are not Wagtail pages (questions to the network)
# registers `fn() -> SearchSource` under portal.hooks.SEARCH_SOURCES. The search app reads
# each source's entries into documents of the same index as the pages. Document ids of a
# source live in their own block, above every page id: SOURCE_ID_BASE + slot × block + pk.

SOURCE_ID_BASE = 1 << 30
SOURCE_ID_BLOCK = 1 << 24
SOURCE_SLOTS = 63


@dataclass
class SearchEntry:
    """One searchable item of a source, as the search app turns it into a document.

    `public`: anyone may find it; otherwise only members of `group_ids` (Django groups).
    `status`: (value, label) of the "status" facet (e.g. answered / unanswered)."""

    pk: int
    title: str
    summary: str
    body: str
    url: str
    axis: str
    date: datetime.date | None
    modified_at: datetime.datetime
    territories: list = field(default_factory=list)  # [(slug, name)]
    themes: list = field(default_factory=list)  # [(slug, name)]
    tags: list = field(default_factory=list)
    public: bool = False
    group_ids: list = field(default_factory=list)
    status: tuple | None = None


class SearchSource:
    """What a non-page source offers: its kind (`key`, `label`, as content types are
    named), its block of document ids (`slot`, 1..SOURCE_SLOTS, unique among sources) and
    its entries: `entries(pks=None)` yields the indexable entries (all of them, or those
    among `pks`; a pk not yielded is removed from the index)."""

    key: str = ""
    label: str = ""
    slot: int = 0

    def entries(self, pks=None):
        raise NotImplementedError

    def document_id(self, pk: int) -> int:
        return SOURCE_ID_BASE + self.slot * SOURCE_ID_BLOCK + int(pk)


# Sent by a source's app once its changes are committed: `sender` the source (or its
# class), `pks` the items to (re)index or remove. The search app queues their indexing.
source_items_changed = Signal()


def search_sources() -> list[SearchSource]:
    return [fn() for fn in hooks.get_hooks(SEARCH_SOURCES)]


def source_of(document_id: int):
    """(source, pk) of a non-page document id, or None for a page id."""
    if document_id < SOURCE_ID_BASE:
        return None
    slot, pk = divmod(document_id - SOURCE_ID_BASE, SOURCE_ID_BLOCK)
    for source in search_sources():
        if source.slot == slot:
            return source, pk
    return None
