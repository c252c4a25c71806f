"""Which front matter keys map to which page fields, for every knowledge page type.

The common metadata is listed here; the type's own fields and inline items are read from
the model, so a new field of a page type travels without touching this package.
"""

import datetime

from django.core.exceptions import ValidationError
from modelcluster.models import get_all_child_relations

from portal.models import Audience, Territory, Theme
from portal.models.knowledge import KnowledgePageMixin
from portal.search_protocol import knowledge_page_models

TAXONOMY_KEYS = {
    "territories": ("territories", Territory),
    "themes": ("themes", Theme),
    "audience": ("audiences", Audience),
}
DATE_KEYS = {
    "date": "publication_date",
    "last_reviewed": "last_reviewed",
    "next_review": "next_review",
}
COMMON_KEYS = (
    "type",
    "title",
    "slug",
    "summary",
    *TAXONOMY_KEYS,
    "tags",
    *DATE_KEYS,
    "contacts",
    "body",
    "attachments",
    "restriction",
)
# Field names as the file spells them, for error messages.
KEY_OF_FIELD = {"publication_date": "date", "audiences": "audience"}
MIXIN_FIELDS = {
    field.name
    for field in [
        *KnowledgePageMixin._meta.local_fields,
        *KnowledgePageMixin._meta.local_many_to_many,
    ]
}
TREE_FIELDS = ["path", "depth", "numchild", "url_path"]
MARKDOWN_BLOCK = "markdown"
TAG_MAX_LENGTH = 100
SCALARS = (str, int, float, bool, datetime.date, type(None))


class Rejected(Exception):
    """The file cannot be imported; `reasons` are French sentences for the report."""

    def __init__(self, reasons):
        self.reasons = list(reasons)
        super().__init__("; ".join(self.reasons))


def type_name(model) -> str:
    return model._meta.label


def page_models() -> dict:
    """Importable page models by type name, e.g. "capitalisation.ExperienceFeedbackPage"."""
    return {type_name(model): model for model in knowledge_page_models()}


def own_fields(model) -> list:
    """The type's own editable fields, beside the common metadata."""
    return [
        field
        for field in model._meta.local_concrete_fields
        if field.editable and not field.primary_key and field.name not in MIXIN_FIELDS
    ]


def inline_relations(model) -> list:
    """Child items that belong to the page alone (placeholders, survey questions...).

    Items that point at anything else (documents, tags, comments, monitoring items) are
    not portable between portals and are left out.
    """
    relations = []
    for relation in get_all_child_relations(model):
        others = [
            field
            for field in relation.related_model._meta.get_fields()
            if field.is_relation and field is not relation.field
        ]
        if not others:
            relations.append(relation)
    return relations


def item_fields(relation) -> list:
    return [
        field
        for field in relation.related_model._meta.concrete_fields
        if field.editable
        and not field.primary_key
        and field is not relation.field
        and field.name != "sort_order"
    ]


def error_key(name: str) -> str:
    return KEY_OF_FIELD.get(name, name)


def validate_page(page) -> None:
    """The whole model's validation (required fields, choices, uniqueness, `clean()`)
    before anything is saved; raises ValidationError.

    A new page has no place in the tree yet: its tree fields are left out, and the slug
    is checked against its section by the importer.
    """
    page.full_clean(exclude=TREE_FIELDS)


def describe_validation_error(error: ValidationError) -> list[str]:
    """Model validation errors as « key : message », with the file's key names."""
    if not hasattr(error, "error_dict"):
        return list(error.messages)
    return [
        f"{error_key(name)} : {message}" if name != "__all__" else message
        for name, messages in error.message_dict.items()
        for message in messages
    ]
