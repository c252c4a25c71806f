"""What Wagtail's data migrations create and the flush after a transactional test removes."""

from django.conf import settings
from wagtail.models import Collection, Locale, Page


def wagtail_base_data():
    """The default locale, root page and root collection, created when missing."""
    locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    if not Collection.objects.filter(depth=1).exists():
        Collection.add_root(name="Root")
