"""sitemap.xml: Wagtail's pages (live, public) and the public pages of the programmes."""

from django.contrib.sitemaps import Sitemap as DjangoSitemap
from wagtail.contrib.sitemaps import Sitemap as PageSitemap

from portal.models import Territory


class TerritorySitemap(DjangoSitemap):
    def items(self):
        return Territory.objects.order_by("slug")


SITEMAPS = {"wagtail": PageSitemap, "territoires": TerritorySitemap}
