"""The "Voir aussi" of a knowledge page: pages sharing its themes, tags and territories.

portal/ imports no other app: an app offers related pages by defining
`related_pages(page, user, limit)` on its AppConfig (the search app does, scoring shared
terms with the visibility filter of the search, and `more_like_this` on Elasticsearch).
Only pages the user may open are ever returned; never the page itself.
"""

from dataclasses import dataclass

from django.apps import apps

SEE_ALSO_LIMIT = 4


@dataclass(frozen=True)
class RelatedPage:
    title: str
    url: str
    content_type_label: str


def _provider():
    for app_config in apps.get_app_configs():
        provider = getattr(app_config, "related_pages", None)
        if callable(provider):
            return provider
    return None


def related_pages(page, user, limit: int = SEE_ALSO_LIMIT) -> list[RelatedPage]:
    provider = _provider()
    if provider is None or not page.pk or limit <= 0:
        return []
    return [
        RelatedPage(
            title=item["title"],
            url=item["url"],
            content_type_label=item.get("content_type_label") or "",
        )
        for item in provider(page, user, limit)
        if item.get("url")
    ]
