"""Page → front matter and Markdown body: what `export_knowledge` writes.

Values are plain YAML values (text, numbers, dates, lists, mappings); StreamFields travel
as their raw stream data without block ids. The importer compares two dumps to tell an
unchanged page from an updated one.
"""

import datetime
from decimal import Decimal

from django.db import models
from django.utils import timezone
from wagtail.fields import StreamField

from portal.knowledge_io.fields import (
    DATE_KEYS,
    MARKDOWN_BLOCK,
    TAXONOMY_KEYS,
    inline_relations,
    item_fields,
    own_fields,
    type_name,
)


def dump_page(page) -> tuple[dict, str]:
    """The front matter and Markdown body of a page (live row or revision object)."""
    model = type(page)
    meta = {"type": type_name(model), "title": page.title, "slug": page.slug}
    meta["summary"] = page.summary
    for key, (name, _) in TAXONOMY_KEYS.items():
        meta[key] = sorted(term.slug for term in getattr(page, name).all())
    meta["tags"] = sorted(item.tag.name for item in page.tagged_items.all())
    for key, name in DATE_KEYS.items():
        meta[key] = getattr(page, name)
    for field in own_fields(model):
        meta[field.name] = _dump_value(field, page)
    for relation in inline_relations(model):
        items = _ordered(getattr(page, relation.get_accessor_name()).all())
        meta[relation.get_accessor_name()] = [
            {field.name: _plain(field.value_from_object(item)) for field in item_fields(relation)}
            for item in items
        ]
    contacts = stream_data(page.contacts)
    if contacts:
        meta["contacts"] = contacts
    blocks = stream_data(page.body)
    if all(block["type"] == MARKDOWN_BLOCK for block in blocks):
        text = "\n\n".join(block["value"].strip("\n") for block in blocks)
    else:
        meta["body"], text = blocks, ""
    attachments = [
        {"title": item.title, "document": item.document.title, "file": item.document.file.name}
        for item in _ordered(page.attachments.all())
    ]
    if attachments:
        meta["attachments"] = attachments
    return meta, text


def _ordered(items):
    return sorted(items, key=lambda item: (item.sort_order is None, item.sort_order or 0))


def stream_data(value) -> list:
    """Raw stream data without block ids, which are renewed on every import.

    Every block is read first, so that stored raw data with missing keys comes out
    complete, exactly as an imported block would.
    """
    if value is None:
        return []
    list(value)
    return _without_ids(value.get_prep_value())


def _without_ids(data):
    if isinstance(data, list):
        return [_without_ids(item) for item in data]
    if isinstance(data, dict):
        return {key: _without_ids(item) for key, item in data.items() if key != "id"}
    return _plain(data)


def _dump_value(field, page):
    if isinstance(field, StreamField):
        return stream_data(field.value_from_object(page))
    if isinstance(field, models.ForeignKey):
        related = getattr(page, field.name)
        return related.slug if related is not None else None
    return _plain(field.value_from_object(page))


def _plain(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value
