"""The "Voir aussi" of a knowledge page: pages sharing its themes, tags and territories.

portal/ imports no other app: apps offer related pages through the
`portal.hooks.RELATED_PAGES` Wagtail hook (the search app does, scoring shared terms with
the visibility filter of the search, and `more_like_this` on Elasticsearch). The offers of
every provider are merged in turn, each page once. Only pages the user may open are ever
returned; never the page itself.
"""

from dataclasses import dataclass

from wagtail import hooks

from portal.hooks import RELATED_PAGES

SEE_ALSO_LIMIT = 4


@dataclass(frozen=True)
class RelatedPage:
    title: str
    url: str
    content_type_label: str


def related_pages(page, user, limit: int = SEE_ALSO_LIMIT) -> list[RelatedPage]:
    if not page.pk or limit <= 0:
        return []
    found: dict[str, RelatedPage] = {}
    for provider in hooks.get_hooks(RELATED_PAGES):
        for item in provider(page, user, limit):
            url = item.get("url")
            if url and url not in found:
                found[url] = RelatedPage(
                    title=item["title"],
                    url=url,
                    content_type_label=item.get("content_type_label") or "",
                )
    return list(found.values())[:limit]
