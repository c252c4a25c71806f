"""What Wagtail's data migrations create and the flush after a transactional test removes."""

from django.conf import settings
from wagtail.models import Collection, Locale, Page, Site


def wagtail_base_data():
    """The default locale, root page, root collection and default site, created when
    missing."""
    locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.objects.filter(depth=1).first()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    if not Site.objects.exists():
        Site.objects.create(hostname="localhost", port=80, root_page=root, is_default_site=True)
    if not Collection.objects.filter(depth=1).exists():
        Collection.add_root(name="Root")
