from wagtail.models import Site

from portal.models import SectionPage


def navigation(request):
    """The axis sections for the main navigation, in one query."""
    site = Site.find_for_request(request) if request else None
    if site is None:
        return {"nav_sections": []}
    sections = SectionPage.objects.child_of(site.root_page).live().public().order_by("path")
    return {"nav_sections": sections, "site_root": site.root_page}
