"""`manage.py seed_demo` builds the demo network once; a second run changes nothing."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.documents import get_document_model
from wagtail.models import Page, PageViewRestriction, Site

from portal.factories import KNOWLEDGE_PAGE_FACTORIES
from portal.models import SectionPage, Territory

pytestmark = pytest.mark.django_db


def counts():
    return {
        "pages": Page.objects.count(),
        "territories": Territory.objects.count(),
        "users": get_user_model().objects.count(),
        "documents": get_document_model().objects.count(),
        "restrictions": PageViewRestriction.objects.count(),
        "revisions": sum(page.revisions.count() for page in Page.objects.all()),
    }


def test_seed_demo_is_idempotent():
    first = StringIO()
    call_command("seed_demo", stdout=first)
    after_first = counts()
    passwords = dict(get_user_model().objects.values_list("username", "password"))

    second = StringIO()
    call_command("seed_demo", stdout=second)
    assert counts() == after_first
    assert dict(get_user_model().objects.values_list("username", "password")) == passwords
    assert "mot de passe :" in first.getvalue()
    assert "mot de passe :" not in second.getvalue()


def test_seed_demo_content():
    call_command("seed_demo", stdout=StringIO())
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific.title == "Réseau EIT Grand Est"
    assert not Page.objects.filter(depth=2).exclude(pk=site.root_page.pk).exists()
    assert sorted(SectionPage.objects.values_list("slug", flat=True)) == sorted(
        ["savoirs", "communication", "formation", "veille", "indicateurs", "ressources"]
    )
    assert Page.objects.get(slug="accessibilite").live
    assert Territory.objects.count() >= 12
    assert not Territory.objects.filter(is_demo=False).exists()
    for type_name in KNOWLEDGE_PAGE_FACTORIES:
        app_label, model_name = type_name.split(".")
        live = Page.objects.filter(
            content_type__app_label=app_label, content_type__model=model_name.lower()
        ).live()
        assert live.count() >= 8, type_name
        assert all(page.revisions.exists() for page in live), type_name
    assert 2 <= PageViewRestriction.objects.count() <= 4  # + the members-only space
    assert all(user.email.endswith("@exemple.fr") for user in get_user_model().objects.all())
