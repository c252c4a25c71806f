"""The search app's models: the stored search data (defined in search.store, a leaf module
the engines import) and curated collection pages, which use the search service."""

from urllib.parse import urlencode

from django import forms
from django.db import models
from django.urls import reverse
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from portal.axes import Axis
from portal.fields import ChoiceListField
from portal.pagination import page_links
from portal.search_protocol import content_type_choices
from search import service
from search.engines.base import SearchQuery
from search.params import page_number, querystring
from search.store import PendingIndexOperation, SearchDocument, SearchQueryLog

__all__ = ["PendingIndexOperation", "SearchDocument", "SearchQueryLog"]

# --- curated collections ------------------------------------------------------------------


class ContentTypeListField(ChoiceListField):
    """A ChoiceListField whose choices are the knowledge page types, read when needed.

    The page models are known only once the apps are loaded, and a new type must not
    change this app's migrations: the choices are neither fixed nor deconstructed.
    """

    def __init__(self, *args, **kwargs):
        kwargs.pop("item_choices", None)
        super().__init__(*args, **kwargs)

    @property
    def item_choices(self):
        return content_type_choices()

    @item_choices.setter
    def item_choices(self, value):
        """Ignored: the choices are computed."""

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("item_choices", None)
        return name, path, args, kwargs


COLLECTION_PAGE_SIZE = 10
COLLECTION_SORTS = [("date", "Date (plus récent d'abord)"), ("relevance", "Pertinence")]


class CollectionPage(Page):
    """A curated collection: a saved search (keywords and facet values) shown as a live list.

    The list is computed at each visit by the search service with the visitor's user, so
    it stays up to date and never shows a page the visitor may not see.
    """

    # Read by portal.search_protocol.section_child_models: SectionPage may hold this type.
    section_axes = (Axis.TRANSVERSAL,)

    intro = RichTextField(
        "introduction", blank=True, features=["bold", "italic", "link", "ul", "ol"]
    )
    query = models.CharField(
        "mots-clés",
        max_length=200,
        blank=True,
        help_text="Laisser vide pour ne filtrer que par les critères ci-dessous.",
    )
    axes = ChoiceListField("axes", item_choices=Axis.choices)
    content_types = ContentTypeListField("types de contenu")
    territories = ParentalManyToManyField(
        "portal.Territory", verbose_name="territoires", blank=True, related_name="+"
    )
    themes = ParentalManyToManyField(
        "portal.Theme", verbose_name="thématiques", blank=True, related_name="+"
    )
    audiences = ParentalManyToManyField(
        "portal.Audience", verbose_name="publics", blank=True, related_name="+"
    )
    tags = models.CharField(
        "étiquettes",
        max_length=500,
        blank=True,
        help_text="Séparées par des virgules, écrites comme sur les pages (ex. : bois, réemploi).",
    )
    sort = models.CharField("tri", max_length=20, choices=COLLECTION_SORTS, default="date")

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("query"),
                FieldPanel("axes"),
                FieldPanel("content_types"),
                FieldPanel("territories", widget=forms.CheckboxSelectMultiple),
                FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
                FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
                FieldPanel("tags"),
                FieldPanel("sort"),
            ],
            heading="Contenus de la collection",
            help_text=(
                "Plusieurs valeurs d'un même critère se combinent avec OU, "
                "les critères entre eux avec ET."
            ),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    api_fields = [APIField("intro"), APIField("query"), APIField("sort")]
    parent_page_types = ["portal.SectionPage"]
    subpage_types = []
    template = "search/collection_page.html"

    class Meta:
        verbose_name = "collection"
        verbose_name_plural = "collections"

    @classmethod
    def can_create_at(cls, parent):
        """Collections live under the section page of the transversal axis (ressources)."""
        parent = parent.specific
        return super().can_create_at(parent) and getattr(parent, "axis", None) in cls.section_axes

    def tag_list(self) -> list[str]:
        return list(dict.fromkeys(tag.strip() for tag in self.tags.split(",") if tag.strip()))

    def filters(self) -> dict[str, list[str]]:
        """The facet values of the collection, as /recherche/ takes them."""
        return {
            "axis": list(self.axes or []),
            "content_type": list(self.content_types or []),
            "territory": [term.slug for term in self.territories.all()],
            "theme": [term.slug for term in self.themes.all()],
            "tag": self.tag_list(),
            "audience": [term.slug for term in self.audiences.all()],
        }

    def search_query(self, page: int = 1):
        return SearchQuery(
            q=self.query,
            filters=self.filters(),
            sort=self.sort,
            page=page,
            page_size=COLLECTION_PAGE_SIZE,
        )

    def refine_url(self) -> str:
        """The same search on /recherche/, where the visitor can refine it."""
        return reverse("search:page") + querystring(self.search_query())

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        query = self.search_query(page=page_number(request.GET) or 1)
        response = service.search(query, request.user)
        context["query"] = query
        context["response"] = response
        context["refine_url"] = self.refine_url()

        def page_url(number):
            return "?" + urlencode({"page": number}) if number > 1 else request.path

        context["pagination"] = page_links(response.page, response.pages, page_url)
        return context
