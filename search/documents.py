"""The search document of a knowledge page, and the index settings both engines rely on.

`build_document(page)` is the ONE place that turns a page into its document, from the
page type's declaration (`search_fields`, see portal.searchable);
the Elasticsearch engine indexes its output as is, the database engine stores it in
`search.models.SearchDocument`. Visibility is computed here from Wagtail's view
restrictions, so neither engine ever needs `Page.objects.public()`.
"""

import hashlib
import html
import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

import markdown
from django.conf import settings
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.http import RFC3986_SUBDELIMS
from elasticsearch.dsl import (
    Completion,
    Date,
    Document,
    Index,
    InnerDoc,
    Integer,
    Keyword,
    MetaField,
    Object,
    Text,
    analyzer,
    token_filter,
)
from wagtail.models import Page, PageViewRestriction

from portal.axes import AXIS_SHORT_LABELS, Axis
from portal.models.knowledge import collection_restrictions
from portal.search_protocol import content_type_key, content_type_label
from portal.searchable import filter_fields, text_fields_of_weight, text_parts
from search.extraction import document_text
from search.page_relations import PageRelations, RelationLoader

# "status" is carried by non-page documents only (search/sources.py: answered / unanswered).
FACETS = ("axis", "content_type", "territory", "theme", "tag", "audience", "year", "status")
# The document's text fields by weight (title first, summary second, the rest third), and
# what each weight counts for where an engine takes a number (Elasticsearch boost, SQLite
# bm25 column weight); PostgreSQL's ts_rank weighs A, B and C itself.
# The type's names weigh least: "indicateurs" finds the indicator guides without every
# guide outranking a page that speaks of indicators in its title.
WEIGHTED_TEXT = {
    "A": ("title",),
    "B": ("summary",),
    "C": ("body", "attachments_text", "content_type_text"),
}
WEIGHT_BOOSTS = {"A": 3, "B": 2, "C": 1}
FACET_LABELS = {
    "axis": "Axe",
    "content_type": "Type de contenu",
    "territory": "Territoire",
    "theme": "Thématique",
    "tag": "Étiquette",
    "audience": "Public",
    "year": "Année",
    "status": "Statut",
}
PUBLIC = "public"
LOGIN = "login"
HIDDEN = "hidden"
LABEL_SEPARATOR = "\u001f"
SYNONYMS_FILE = Path(__file__).with_name("synonyms.txt")
FRENCH_ARTICLES = [
    "l",
    "m",
    "t",
    "qu",
    "n",
    "s",
    "j",
    "d",
    "c",
    "jusqu",
    "quoiqu",
    "lorsqu",
    "puisqu",
]

_MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKDOWN_MARKS = re.compile(r"(^|\s)[#>*_`~|-]+|[*_`~|]+(\s|$)", re.MULTILINE)
# Text without any of these is its own plain text: no need to run it through Markdown.
_MARKUP = re.compile(r"[<>&*_`~|#\[\]\\!]|^\s*(?:[-+=]|\d+[.)])", re.MULTILINE)


_local = threading.local()


def _markdown_converter() -> markdown.Markdown:
    """One Markdown instance per thread: building one per call dominated indexing time."""
    converter = getattr(_local, "markdown", None)
    if converter is None:
        converter = _local.markdown = markdown.Markdown()
    return converter.reset()


def plain_text(value) -> str:
    """Markdown or HTML to plain text, whitespace collapsed."""
    if not value:
        return ""
    text = str(value)
    if not _MARKUP.search(text):
        return " ".join(text.split())
    if "<" not in text:
        text = _markdown_converter().convert(_MARKDOWN_LINK.sub(r"\1", text))
    text = html.unescape(strip_tags(text))
    text = _MARKDOWN_MARKS.sub(r"\1\2", text)
    return " ".join(text.split())


def group_principal(group_id) -> str:
    return f"group:{group_id}"


@dataclass
class BuildContext:
    """What building many documents shares: the view restrictions, loaded once; the
    relations of the current batch of pages (`load_batch`); the URLs of their parents."""

    restrictions: list = field(default_factory=list)
    collection_restrictions: list = field(default_factory=list)
    loader: RelationLoader | None = None
    relations: dict = field(default_factory=dict)
    parent_urls: dict = field(default_factory=dict)

    @classmethod
    def load(cls):
        restrictions = list(
            PageViewRestriction.objects.select_related("page").prefetch_related("groups")
        )
        return cls(
            restrictions=restrictions,
            collection_restrictions=collection_restrictions(),
            loader=RelationLoader(),
        )

    def restrictions_for(self, page):
        return [r for r in self.restrictions if page.path.startswith(r.page.path)]

    def load_batch(self, model, pages) -> None:
        """Read the relations of `pages` (all of type `model`) for the next builds."""
        self.relations = self.loader.load(model, pages)

    def relations_of(self, page) -> PageRelations:
        relations = self.relations.get(page.pk)
        return relations if relations is not None else PageRelations.of(page)

    def url_of(self, page) -> str | None:
        """The page's URL; Wagtail's routing runs once per parent, not once per page (the
        slug is quoted as Django's `reverse` quotes it)."""
        own = f"{page.slug}/"
        if type(page).get_url_parts is not Page.get_url_parts or not page.url_path.endswith(
            f"/{own}"
        ):
            return page.get_url()
        parent_path = page.url_path[: -len(own)]
        quoted = quote(own, safe=RFC3986_SUBDELIMS + "/~:@")
        prefix = self.parent_urls.get(parent_path)
        if prefix is None:
            url = page.get_url()
            if not url or not url.endswith(f"/{quoted}"):
                return url
            prefix = self.parent_urls[parent_path] = url[: -len(quoted)]
        return prefix + quoted


def visibility_of(restrictions) -> list[str]:
    """Who may see a page under these restrictions (the page's and its ancestors').

    Wagtail requires every restriction to pass: a password anywhere hides the page from
    search; several group restrictions keep only the groups common to all of them
    (never more permissive than Wagtail); a login restriction alone needs any account.
    """
    if not restrictions:
        return [PUBLIC]
    group_sets = []
    for restriction in restrictions:
        if restriction.restriction_type == PageViewRestriction.PASSWORD:
            return [HIDDEN]
        if restriction.restriction_type == PageViewRestriction.GROUPS:
            group_sets.append({group.pk for group in restriction.groups.all()})
    if not group_sets:
        return [LOGIN]
    allowed = set.intersection(*group_sets)
    return [group_principal(pk) for pk in sorted(allowed)] or [HIDDEN]


def _terms(terms):
    return [{"slug": term.slug, "name": term.name} for term in terms]


def _facet_pairs(values_and_labels):
    return [f"{value}{LABEL_SEPARATOR}{label}" for value, label in values_and_labels]


def declared_text(page, weight: str) -> str:
    """Plain text of the page's declared text fields of one weight (A, B or C)."""
    fields = text_fields_of_weight(type(page), weight)
    parts = (part for field in fields for part in text_parts(page.search_value(field)))
    return " ".join(text for text in (plain_text(part) for part in parts) if text)


def _filter_value(value):
    if isinstance(value, list | tuple):
        return [_filter_value(item) for item in value]
    if isinstance(value, int | float | bool | str) or value is None:
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(getattr(value, "pk", value))


def declared_filters(page) -> dict:
    """{name: value} of the page type's declared filter fields."""
    return {
        field.field_name: _filter_value(page.search_value(field))
        for field in filter_fields(type(page))
    }


def content_hash(documents) -> str:
    """Fingerprint of the documents whose text is indexed with a page (their ids and files)."""
    parts = sorted(f"{doc.pk}:{doc.file.name}:{doc.file_hash or ''}" for doc in documents)
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def content_type_text(model) -> str:
    """The page type's names as searchable words: "Guide d'indicateur, guides
    d'indicateurs" (other names for a type, such as "fiche méthode", are synonyms in
    search/synonyms.txt)."""
    names = dict.fromkeys([content_type_label(model), str(model._meta.verbose_name_plural)])
    return ", ".join(names)


def build_document(page, context: BuildContext | None = None) -> dict:
    """The search document of a live, specific knowledge page, from its declaration."""
    restrictions = (
        context.restrictions_for(page) if context is not None else page.get_view_restrictions()
    )
    model = type(page)
    content_type = content_type_key(model)
    type_label = content_type_label(model)
    axis = str(page.axis)
    axis_label = str(AXIS_SHORT_LABELS.get(Axis(axis), axis))
    filters = declared_filters(page)
    publication_date = page.publication_date
    year = filters.get("year") or (publication_date.year if publication_date else None)
    relations = context.relations_of(page) if context is not None else PageRelations.of(page)
    territories = _terms(relations.territories)
    themes = _terms(relations.themes)
    audiences = _terms(relations.audiences)
    tags = relations.tags
    documents = page.search_documents(
        context.collection_restrictions if context else None, documents=relations.documents
    )
    attachments = " ".join(text for text in (document_text(doc) for doc in documents) if text)
    published = page.last_published_at or timezone.now()
    return {
        "id": page.pk,
        "title": page.title,
        "summary": declared_text(page, "B"),
        "body": declared_text(page, "C"),
        "attachments_text": attachments,
        "content_hash": content_hash(documents),
        "axis": axis,
        "axis_label": axis_label,
        "content_type": content_type,
        "content_type_label": type_label,
        "content_type_text": content_type_text(model),
        "territories": territories,
        "themes": themes,
        "tags": tags,
        "audience": audiences,
        "year": str(year) if year else None,
        "date": publication_date.isoformat() if publication_date else None,
        "url": (context.url_of(page) if context is not None else page.get_url()) or "",
        "visibility": visibility_of(restrictions),
        "filters": filters,
        "last_published_at": published.isoformat(),
        "suggest": {"input": [page.title]},
        # Flat "value<US>label" pairs: the aggregations return values and labels at once.
        "facet_labels": {
            "axis": _facet_pairs([(axis, axis_label)]),
            "content_type": _facet_pairs([(content_type, type_label)]),
            "territory": _facet_pairs((t["slug"], t["name"]) for t in territories),
            "theme": _facet_pairs((t["slug"], t["name"]) for t in themes),
            "tag": _facet_pairs((tag, tag) for tag in tags),
            "audience": _facet_pairs((a["slug"], a["name"]) for a in audiences),
            "year": _facet_pairs([(str(year), str(year))] if year else []),
        },
    }


def facet_values(document: dict) -> dict[str, list[tuple[str, str]]]:
    """{facet: [(value, label)]} of a document, as both engines filter and count them."""
    result = {}
    for facet, pairs in document["facet_labels"].items():
        result[facet] = [tuple(pair.split(LABEL_SEPARATOR, 1)) for pair in pairs]
    return result


# --- the Elasticsearch index, declared with elasticsearch.dsl ----------------------------


@lru_cache(maxsize=1)
def synonym_rules() -> tuple[str, ...]:
    lines = SYNONYMS_FILE.read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))


fr_elision = token_filter(
    "fr_elision", type="elision", articles_case=True, articles=FRENCH_ARTICLES
)
fr_stop = token_filter("fr_stop", type="stop", stopwords="_french_")
fr_stemmer = token_filter("fr_stemmer", type="stemmer", language="light_french")

french_text = analyzer(
    "french_text",
    tokenizer="standard",
    filter=[fr_elision, "lowercase", "asciifolding", fr_stop, fr_stemmer],
)
folded = analyzer("folded", tokenizer="standard", filter=[fr_elision, "lowercase", "asciifolding"])


def french_search_analyzer():
    """The query-time analyser: the synonyms run before stop words and stemming, so
    multi-word rules ("retour d'expérience") keep their positions. Synonyms only apply at
    query time: changing the file needs no reindex."""
    fr_synonyms = token_filter("fr_synonyms", type="synonym_graph", synonyms=list(synonym_rules()))
    return analyzer(
        "french_search",
        tokenizer="standard",
        filter=[fr_elision, "lowercase", "asciifolding", fr_synonyms, fr_stop, fr_stemmer],
    )


def french_text_field(**extra) -> Text:
    """A French text field: `french_text` when indexing, `french_search` (synonyms) when
    searching. Every index of the portal declares its text fields with it."""
    return Text(analyzer=french_text, search_analyzer=french_search_analyzer(), **extra)


_text = french_text_field


class Term(InnerDoc):
    slug = Keyword()
    name = Keyword()


class FacetLabels(InnerDoc):
    """Flat "value<US>label" pairs: the aggregations return values and labels at once."""

    axis = Keyword()
    content_type = Keyword()
    territory = Keyword()
    theme = Keyword()
    tag = Keyword()
    audience = Keyword()
    year = Keyword()
    status = Keyword()


class PageDocument(Document):
    """The mapping of a search document (the output of `build_document`)."""

    id = Integer()
    title = _text(
        copy_to="spell",
        fields={"raw": Keyword(), "folded": Text(analyzer=folded)},
    )
    # Offsets in the postings: the highlighter reads where the words are instead of
    # analysing each hit's text again (a long attachment cost more than the search).
    summary = _text(copy_to="spell", index_options="offsets")
    body = _text(index_options="offsets")
    attachments_text = _text(index_options="offsets")
    content_type_text = _text()
    spell = Text(analyzer=folded)
    axis = Keyword()
    content_type = Keyword()
    territories = Object(Term)
    themes = Object(Term)
    audience = Object(Term)
    tags = Keyword()
    year = Keyword()
    date = Date()
    last_published_at = Date()
    content_hash = Keyword()
    url = Keyword(index=False)
    visibility = Keyword()
    status = Keyword()  # non-page documents only (search/sources.py)
    filters = Object(enabled=False)
    suggest = Completion(analyzer=folded)
    facet_labels = Object(FacetLabels)

    class Meta:
        dynamic = MetaField(False)


def replica_settings() -> dict:
    """SEARCH_INDEX_REPLICAS on a cluster; unset, one replica as soon as a second node joins."""
    if settings.SEARCH_INDEX_REPLICAS is None:
        return {"auto_expand_replicas": "0-1"}
    return {"number_of_replicas": settings.SEARCH_INDEX_REPLICAS}


def search_index(name: str) -> Index:
    """The versioned index `name`: one shard, French analysis, the PageDocument mapping."""
    index = Index(name)
    index.settings(number_of_shards=1, **replica_settings())
    index.document(PageDocument)
    return index


def index_settings() -> dict:
    """The settings of a new index, analysis included, as sent to Elasticsearch."""
    return search_index("pages").to_dict()["settings"]


def analysis_settings() -> dict:
    """The analysis settings (analysers, elision, stop words, light French stemming and the
    synonyms of search/synonyms.txt) of the pages index, for any other index of the portal
    that searches French text the same way: `Index.settings(analysis=analysis_settings())`,
    or declare its fields with `french_text_field`."""
    return index_settings()["analysis"]


def index_mappings() -> dict:
    return PageDocument._doc_type.mapping.to_dict()


# Where each facet is filtered in the Elasticsearch documents.
FACET_FIELDS = {
    "axis": "axis",
    "content_type": "content_type",
    "territory": "territories.slug",
    "theme": "themes.slug",
    "tag": "tags",
    "audience": "audience.slug",
    "year": "year",
    "status": "status",
}
