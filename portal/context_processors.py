from wagtail.models import Site

from portal.caching import FragmentCache, on_cache_miss
from portal.models import SectionPage
from portal.navigation import navigation_links


def navigation(request):
    """The main navigation: the axis sections (read when its fragment is not cached), then
    the entries the apps add (portal.navigation)."""
    site = Site.find_for_request(request) if request else None
    if site is None:
        return {"nav_sections": [], "nav_entries": []}
    return {
        "nav_sections": on_cache_miss(nav_sections, site.root_page),
        "nav_entries": navigation_links(request),
        "site_root": site.root_page,
    }


def nav_sections(root_page):
    return list(SectionPage.objects.child_of(root_page).live().public().order_by("path"))


def fragment_cache(request):
    """The timeout and key parts of the page-fragment cache (portal.caching)."""
    return {"fragment_cache": FragmentCache(request)}
