"""What a search document takes from a page's relations: its taxonomy terms, tags and
attached documents.

`PageRelations.of(page)` reads one page's relations through the ORM;
`RelationLoader.load(pages)` reads those of a whole batch of
pages of one type in one query per relation, sharing one object per taxonomy term. A
rebuild builds 100,000 documents: Django's prefetch_related spent half of that time
building a queryset per page and relation.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from wagtail.documents import get_document_model

from portal.models import Audience, Territory, Theme
from portal.models.knowledge import KnowledgePageTag, PageAttachment

TAXONOMIES = {"territories": Territory, "themes": Theme, "audiences": Audience}


@dataclass(frozen=True)
class Term:
    slug: str
    name: str


@dataclass
class PageRelations:
    territories: list = field(default_factory=list)
    themes: list = field(default_factory=list)
    audiences: list = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    documents: list = field(default_factory=list)

    @classmethod
    def of(cls, page):
        return cls(
            territories=_terms(page.territories.all()),
            themes=_terms(page.themes.all()),
            audiences=_terms(page.audiences.all()),
            tags=sorted(page.tags.names()),
            documents=[
                attachment.document for attachment in page.attachments.select_related("document")
            ],
        )


def _terms(items):
    return [Term(item.slug, item.name) for item in items]


class RelationLoader:
    """Loads the relations of batches of pages; taxonomy terms are read once."""

    def __init__(self):
        self.terms = {
            name: {pk: Term(slug, label) for pk, slug, label in model.objects.values_list(
                "pk", "slug", "name"
            )}
            for name, model in TAXONOMIES.items()
        }  # fmt: skip

    def _taxonomy(self, model, name, page_ids):
        """{page id: [Term]} of one taxonomy, each list in the terms' order (by name)."""
        relation = model._meta.get_field(name)
        page_field, term_field = relation.m2m_field_name(), relation.m2m_reverse_field_name()
        rows = (
            relation.remote_field.through.objects.filter(**{f"{page_field}__in": page_ids})
            .order_by(f"{term_field}__name", term_field)
            .values_list(f"{page_field}_id", f"{term_field}_id")
        )
        by_page = defaultdict(list)
        for page_id, term_id in rows:
            term = self.terms[name].get(term_id)
            if term is None:  # created since the loader started
                term = self.terms[name][term_id] = _terms(
                    TAXONOMIES[name].objects.filter(pk=term_id)
                )[0]
            by_page[page_id].append(term)
        return by_page

    def load(self, model, pages) -> dict[int, PageRelations]:
        """{page id: PageRelations} of `pages`, all of type `model`."""
        page_ids = [page.pk for page in pages]
        taxonomies = {name: self._taxonomy(model, name, page_ids) for name in TAXONOMIES}
        tags = defaultdict(set)
        tag_rows = KnowledgePageTag.objects.filter(content_object_id__in=page_ids)
        for page_id, name in tag_rows.values_list("content_object_id", "tag__name"):
            tags[page_id].add(name)
        documents = defaultdict(list)
        attachments = (
            PageAttachment.objects.filter(page_id__in=page_ids)
            .order_by("page_id", "sort_order", "pk")
            .values_list("page_id", "document_id")
        )
        attached = list(attachments)
        in_bulk = (
            get_document_model()
            .objects.select_related("collection")
            .in_bulk({document_id for _, document_id in attached})
        )
        for page_id, document_id in attached:
            documents[page_id].append(in_bulk[document_id])
        return {
            page_id: PageRelations(
                territories=taxonomies["territories"].get(page_id, []),
                themes=taxonomies["themes"].get(page_id, []),
                audiences=taxonomies["audiences"].get(page_id, []),
                tags=sorted(tags.get(page_id, ())),
                documents=documents.get(page_id, []),
            )
            for page_id in page_ids
        }
