"""Template helpers of the public site: Markdown rendering, metadata box, listing cards."""

from decimal import Decimal
from html import unescape

from django import template
from django.db.models import prefetch_related_objects
from django.utils.html import strip_tags
from django.utils.text import capfirst

from portal import french
from portal.maps import network_map as build_network_map
from portal.models.knowledge import collection_restrictions, document_restrictions
from portal.numbers import format_number
from portal.sanitize import render_markdown

register = template.Library()


@register.filter(name="de")
def de_filter(name):
    """{{ name|de }}: "de Moselle", "d'Abattoir" (portal.french.de)."""
    return french.de(name)


@register.filter(name="number")
def number_filter(value, digits=None):
    """{{ value|number }} or {{ value|number:1 }} (at most one decimal): French notation in
    text, by portal.numbers.format_number. Never for SVG, JSON, CSS or input values."""
    if value in (None, ""):
        return ""
    if digits not in (None, ""):
        value = round(Decimal(str(value)), int(digits))
    return format_number(value)


@register.filter(name="markdown")
def markdown_filter(source):
    """Markdown to sanitised HTML, through the one sanitiser (portal.sanitize)."""
    return render_markdown(str(source) if source else "")


def is_knowledge_page(page):
    """Knowledge pages carry the common metadata (summary, taxonomy, review dates)."""
    return hasattr(page, "content_type_label") and hasattr(page, "summary")


@register.filter
def is_knowledge(page):
    return is_knowledge_page(page)


@register.inclusion_tag("components/page_metadata.html")
def page_metadata(page):
    return {"page": page}


@register.inclusion_tag("components/listing_card.html")
def listing_card(page, heading_level=3):
    """One card of a listing; reads only what the listing prefetched."""
    knowledge = is_knowledge_page(page)
    if knowledge:
        date = page.publication_date
        summary = page.summary
    else:
        date = page.first_published_at or page.last_published_at
        summary = listing_summary(page)
    return {
        "page": page,
        "is_knowledge": knowledge,
        "date": date,
        "summary": summary,
        "heading_level": heading_level if heading_level in (2, 3, 4) else 3,
    }


def listing_summary(page):
    """A card never stays empty: the page's description, else its introduction as plain
    text, else a sentence naming its type."""
    summary = getattr(page, "search_description", "") or unescape(
        strip_tags(getattr(page, "intro", ""))
    )
    if summary.strip():
        return summary.strip()
    return f"{capfirst(page._meta.verbose_name)} du portail : « {page.title} »."


@register.filter
def with_taxonomy(pages):
    """Specific pages with territories, themes and tags prefetched, in a bounded number of
    queries, for listings whose view did not prefetch them (the home page)."""
    pages = list(pages or [])
    by_class = {}
    for page in pages:
        if is_knowledge_page(page):
            by_class.setdefault(type(page), []).append(page)
    for group in by_class.values():
        prefetch_related_objects(group, "territories", "themes", "tagged_items__tag")
    return pages


@register.simple_tag(takes_context=True)
def page_attachments(context, page):
    """The attachments the visitor may download (a document in a restricted collection
    only for those its restriction accepts), documents in one query (a list in previews)."""
    attachments = page.attachments.all()
    try:
        attachments = attachments.select_related("document__collection")
    except AttributeError:  # modelcluster's FakeQuerySet, in previews
        pass
    restrictions = collection_restrictions()
    request = context.get("request")
    return [a for a in attachments if _may_download(request, a.document, restrictions)]


def _may_download(request, document, restrictions):
    return all(
        request is not None and restriction.accept_request(request)
        for restriction in document_restrictions(document, restrictions)
    )


@register.simple_tag(takes_context=True)
def document_visible(context, document):
    """Whether the visitor may see and download this document (collection restrictions)."""
    if document is None:
        return False
    return _may_download(context.get("request"), document, collection_restrictions())


@register.filter
def prefetch(objects, lookups):
    """`items|prefetch:"themes,other"`: a list with those relations prefetched."""
    objects = list(objects or [])
    names = [name.strip() for name in str(lookups).split(",") if name.strip()]
    if objects and names and all(getattr(obj, "pk", None) for obj in objects):
        prefetch_related_objects(objects, *names)
    return objects


@register.simple_tag
def nav_state(section, page=None):
    """aria-current value of a navigation entry: "page" on the section itself, "true"
    inside it, "" elsewhere."""
    if not page or not getattr(page, "path", None):
        return ""
    if page.pk == section.pk:
        return "page"
    if page.path.startswith(section.path):
        return "true"
    return ""


@register.simple_tag
def breadcrumb_ancestors(page):
    """Ancestors shown in the breadcrumbs: from the home page down, without the root."""
    if not page or not getattr(page, "pk", None):
        return []
    return list(page.get_ancestors().filter(depth__gt=1))


@register.inclusion_tag("components/map.html")
def network_map(territories, current=None, map_id="carte-reseau"):
    """The map of the network with its list equivalent (see portal.maps)."""
    return {**build_network_map(territories, current=current, map_id=map_id), "current": current}
