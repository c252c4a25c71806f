"""What a page gives the search app: the protocol every knowledge page implements.

The search app discovers indexable pages through `knowledge_page_models()` and reads
each page through its declaration (`search_fields`) and the methods of
`portal.models.knowledge.KnowledgePageMixin`; it never imports the axis apps.
"""

from django.apps import apps
from wagtail.models import Page

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
