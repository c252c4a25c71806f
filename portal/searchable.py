"""What a page type declares searchable, read from its Wagtail `search_fields`.

Each page type states once which of its fields are text (`index.SearchField`, weighted by
`boost`) and which are filters (`index.FilterField`); the document builder, Wagtail's admin
search and both engines read that one declaration through these functions. This module
sits below `portal.models` so that the page models and the search can both use it.
"""

from functools import cache

from django.core.exceptions import FieldDoesNotExist
from wagtail.models import Page
from wagtail.search import index


def _own(fields, kind):
    """The fields of one kind a page type declares beyond Wagtail's Page, once each."""
    inherited = {(type(f), f.field_name) for f in Page.search_fields}
    seen, result = set(), []
    for field in fields:
        key = (type(field), field.field_name)
        if type(field) is kind and key not in inherited and key not in seen:
            seen.add(key)
            result.append(field)
    return result


def text_weight(search_field) -> str:
    if search_field.field_name == "title":
        return "A"
    return "B" if (search_field.boost or 1) > 1 else "C"


@cache
def text_fields_of_weight(model, weight: str) -> tuple:
    """The declared text fields (`index.SearchField`) of a page type with this weight."""
    fields = [index.SearchField("title", boost=2), *_own(model.search_fields, index.SearchField)]
    return tuple(field for field in fields if text_weight(field) == weight)


@cache
def filter_fields(model) -> tuple:
    """The declared filter fields (`index.FilterField`) of a page type beyond Page's."""
    return tuple(_own(model.search_fields, index.FilterField))


def text_parts(value) -> list[str]:
    """A declared field's value as strings: StreamFields and methods may give lists."""
    if value is None or value == "":
        return []
    if isinstance(value, list | tuple):
        return [text for item in value for text in text_parts(item)]
    return [str(value)]


@cache
def _plain_attname(model, field_name: str) -> str | None:
    """The attribute of a declared field whose value modelsearch's `get_value` returns as
    it is (a concrete field, not a relation, without `get_searchable_content`)."""
    try:
        field = model._meta.get_field(field_name)
    except FieldDoesNotExist:
        return None
    if field.is_relation or not field.concrete or hasattr(field, "get_searchable_content"):
        return None
    return field.attname


def declared_value(obj, search_field):
    """`search_field.get_value(obj)`, read straight from the attribute where that gives the
    same value: get_value looks the field up and checks the installed apps on every call,
    a fifth of a rebuild's time."""
    attname = _plain_attname(type(obj), search_field.field_name)
    if attname is None:
        return search_field.get_value(obj)
    return getattr(obj, attname)
