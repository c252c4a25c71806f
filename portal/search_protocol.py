"""What a page gives the search app: the protocol every knowledge page implements.

The search app discovers indexable pages through `knowledge_page_models()` and reads
each page through its declaration (`search_fields`) and the methods of
`portal.models.knowledge.KnowledgePageMixin`; it never imports the axis apps.
"""

from django.apps import apps
from wagtail.models import Page
from wagtail.search import index

# Text weights, as PostgreSQL names them: A the title, B the summary, C the rest.
WEIGHTS = ("A", "B", "C")


def knowledge_page_models():
    from portal.models.knowledge import KnowledgePageMixin

    return [
        model
        for model in apps.get_models()
        if issubclass(model, KnowledgePageMixin) and not model._meta.abstract
    ]


def is_knowledge_page(page) -> bool:
    from portal.models.knowledge import KnowledgePageMixin

    return isinstance(page, KnowledgePageMixin)


def section_child_models():
    """Page models of other apps that a section page may hold besides knowledge pages.

    A page model opts in with a class attribute `section_axes` (the axes whose section
    page may hold it) and checks the axis in its own `can_create_at`; portal never
    imports the app that defines it.
    """
    from wagtail.models import Page

    return [
        model
        for model in apps.get_models()
        if issubclass(model, Page) and getattr(model, "section_axes", None)
    ]


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


def text_fields_of_weight(model, weight: str) -> list:
    """The declared text fields (`index.SearchField`) of a page type with this weight."""
    fields = [index.SearchField("title", boost=2), *_own(model.search_fields, index.SearchField)]
    return [field for field in fields if text_weight(field) == weight]


def filter_fields(model) -> list:
    """The declared filter fields (`index.FilterField`) of a page type beyond Page's."""
    return _own(model.search_fields, index.FilterField)


def text_parts(value) -> list[str]:
    """A declared field's value as strings: StreamFields and methods may give lists."""
    if value is None or value == "":
        return []
    if isinstance(value, list | tuple):
        return [text for item in value for text in text_parts(item)]
    return [str(value)]
