"""Automatic redirects (WAGTAILREDIRECTS_AUTO_CREATE): decided, and a draft, which never had
a public address, leaves none (Wagtail 8.1). The live-page case through the admin's edit
view is still to be written."""

import pytest
from django.conf import settings
from wagtail import VERSION as WAGTAIL_VERSION
from wagtail.contrib.redirects.models import Redirect

from portal.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def test_the_setting_is_decided():
    assert settings.WAGTAILREDIRECTS_AUTO_CREATE is True


@pytest.mark.skipif(
    WAGTAIL_VERSION < (8, 1), reason="Wagtail 8.0 redirects drafts too (make test-wagtail-next)"
)
def test_a_draft_renamed_leaves_no_redirect(site_tree):
    page = StandardPageFactory(parent=site_tree.home, title="Brouillon", slug="brouillon")
    page.unpublish()
    page.refresh_from_db()
    page.slug = "brouillon-renomme"
    page.save()
    assert not Redirect.objects.filter(old_path__startswith="/brouillon").exists()
    assert page.slug == "brouillon-renomme"
