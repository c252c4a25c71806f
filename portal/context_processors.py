from wagtail.models import Site

from portal.caching import FragmentCache, on_cache_miss
from portal.models import SectionPage


def navigation(request):
    """The axis sections for the main navigation, read when its fragment is not cached."""
    site = Site.find_for_request(request) if request else None
    if site is None:
        return {"nav_sections": []}
    return {
        "nav_sections": on_cache_miss(nav_sections, site.root_page),
        "site_root": site.root_page,
    }


def nav_sections(root_page):
    return list(SectionPage.objects.child_of(root_page).live().public().order_by("path"))


def fragment_cache(request):
    """The timeout and key parts of the page-fragment cache (portal.caching)."""
    return {"fragment_cache": FragmentCache(request)}
