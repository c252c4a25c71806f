"""What a page gives the search app: the protocol every knowledge page implements.

The search app discovers indexable pages through `knowledge_page_models()` and reads
each page through the methods of `portal.models.knowledge.KnowledgePageMixin`; it never
imports the axis apps.
"""

from django.apps import apps


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
