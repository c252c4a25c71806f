"""Automatic redirects (WAGTAILREDIRECTS_AUTO_CREATE): a live page renamed keeps its old
address working; a draft, which never had a public address, leaves none (Wagtail 8.1)."""

import pytest
from django.conf import settings
from wagtail import VERSION as WAGTAIL_VERSION
from wagtail.contrib.redirects.models import Redirect

from portal.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def test_the_setting_is_decided():
    assert settings.WAGTAILREDIRECTS_AUTO_CREATE is True


def test_a_live_page_renamed_redirects_from_its_old_address(client, site_tree):
    page = StandardPageFactory(parent=site_tree.home, title="Charte", slug="charte")
    old_url = page.url
    assert client.get(old_url).status_code == 200
    page.slug = "charte-du-reseau"
    page.save_revision().publish()
    redirect = Redirect.objects.get(old_path=old_url.rstrip("/"))
    assert redirect.automatically_created and redirect.redirect_page_id == page.pk
    response = client.get(old_url)
    assert response.status_code == 301 and response["Location"].endswith("/charte-du-reseau/")


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
