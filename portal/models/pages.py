"""The site's structure: home page, one section page per axis, plain content pages."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import prefetch_related_objects
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from portal.axes import Axis
from portal.blocks import BaseStreamBlock
from portal.caching import on_cache_miss
from portal.hooks import HOME_SECTIONS
from portal.models.taxonomy import Territory, in_french_order
from portal.pagination import request_page_links
from portal.search_protocol import knowledge_page_models, section_child_models
from portal.sections import collect_sections

LISTING_PAGE_SIZE = 12


class HomePage(Page):
    intro = RichTextField("introduction", blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    api_fields = [APIField("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["portal.SectionPage", "portal.StandardPage"]
    max_count = 1
    template = "portal/home_page.html"

    class Meta:
        verbose_name = "page d'accueil"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = on_cache_miss(self.axis_sections)
        context["latest_pages"] = on_cache_miss(self.latest_pages)
        context["home_sections"] = on_cache_miss(collect_sections, HOME_SECTIONS, request)
        context["territories"] = on_cache_miss(in_french_order, Territory.objects.all())
        return context

    def axis_sections(self):
        return list(SectionPage.objects.child_of(self).live().public().specific())

    def latest_pages(self, limit=6):
        latest = (
            Page.objects.descendant_of(self)
            .live()
            .public()
            .exclude(depth__lte=self.depth + 1)
            .order_by("-last_published_at")
        )
        return list(latest.specific()[:limit])


class SectionPage(Page):
    """The landing page of one axis; it lists that axis's pages, newest first."""

    axis = models.CharField("axe", max_length=20, choices=Axis.choices, unique=True)
    intro = RichTextField("introduction", blank=True, features=["bold", "italic", "link", "ul"])

    content_panels = [*Page.content_panels, FieldPanel("axis"), FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    api_fields = [APIField("axis"), APIField("intro")]
    parent_page_types = ["portal.HomePage"]
    template = "portal/section_page.html"

    class Meta:
        verbose_name = "rubrique"

    @classmethod
    def allowed_subpage_models(cls):
        return [*knowledge_page_models(), StandardPage, *section_child_models()]

    def listed_pages(self):
        return Page.objects.child_of(self).live().public().order_by("-first_published_at")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        paginator = Paginator(self.listed_pages(), LISTING_PAGE_SIZE)
        try:
            page_obj = paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            page_obj = paginator.page(1)
        except EmptyPage:
            page_obj = paginator.page(paginator.num_pages)
        context["page_obj"] = page_obj
        context["pagination"] = request_page_links(request, page_obj)
        context["children"] = prefetch_listing(page_obj.object_list)
        return context


def prefetch_listing(pages):
    """Specific pages with their taxonomy in a bounded number of queries."""
    specific = list(pages.specific()) if hasattr(pages, "specific") else list(pages)
    by_class = {}
    for page in specific:
        by_class.setdefault(type(page), []).append(page)
    for cls, group in by_class.items():
        if hasattr(cls, "search_text_parts"):
            prefetch_related_objects(group, "territories", "themes", "tagged_items__tag")
    return specific


class StandardPage(Page):
    """A plain content page: about, accessibility statement, legal notice."""

    body = StreamField(BaseStreamBlock(), verbose_name="contenu", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    api_fields = [APIField("body")]
    parent_page_types = ["portal.HomePage", "portal.SectionPage"]
    subpage_types = []
    template = "portal/standard_page.html"

    class Meta:
        verbose_name = "page simple"
