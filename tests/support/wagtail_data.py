"""What Wagtail's data migrations create and the flush after a transactional test removes."""

from django.conf import settings
from wagtail.contrib.forms.utils import get_form_types
from wagtail.models import Collection, Locale, Page, Site


def wagtail_base_data():
    """The default locale, root page, root collection and default site, created when
    missing; and Wagtail's cache of the form pages' content types emptied, since a flush
    recreates the content types under new ids (the survey submissions then answered "no
    permission" to a superuser)."""
    get_form_types.cache_clear()
    locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.objects.filter(depth=1).first()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    if not Site.objects.exists():
        Site.objects.create(hostname="localhost", port=80, root_page=root, is_default_site=True)
    if not Collection.objects.filter(depth=1).exists():
        Collection.add_root(name="Root")
