"""`manage.py seed_demo` builds the demo network once; a second run changes nothing."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.documents import get_document_model
from wagtail.models import Page, PageViewRestriction, Site

from flows.models import Flow
from portal.factories import KNOWLEDGE_PAGE_FACTORIES
from portal.models import MemberProfile, SectionPage, Territory
from portal.permissions_setup import MEMBERS_COLLECTION
from portal.roles import ANIMATION_GROUP, MEMBERS_GROUP

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


def test_seed_demo_is_idempotent(demo):
    after_first = counts()
    passwords = dict(get_user_model().objects.values_list("username", "password"))

    second = StringIO()
    call_command("seed_demo", stdout=second)
    assert counts() == after_first
    assert dict(get_user_model().objects.values_list("username", "password")) == passwords
    assert "mot de passe :" in demo
    assert "mot de passe :" not in second.getvalue()


def test_seed_demo_content(demo):
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
    assert Flow.objects.filter(is_demo=True).exists()  # the apps' SEED_DEMO hooks ran


def test_demo_pages_keep_their_restrictions_attachments_and_dates(demo):

    members_only = sorted(
        restriction.page.slug
        for restriction in PageViewRestriction.objects.select_related("page")
        if {group.name for group in restriction.groups.all()} == {MEMBERS_GROUP, ANIMATION_GROUP}
    )
    assert members_only == [
        "diaporama-presentation-demarche",
        "espace-membres",
        "groupement-achat-electricite",
        "rediger-convention-synergie",
    ]
    sheet = Page.objects.get(slug="cartographier-flux-zone").specific
    assert [item.document.title for item in sheet.attachments.all()] == [
        "Grille d'entretien des entreprises"
    ]
    assert sheet.first_published_at.date() == sheet.publication_date
    digest = Page.objects.get(slug="veille-2025-06").specific
    assert digest.shown_items().count() == 4
    assert digest.selection.count() == 4


def test_seed_demo_creates_the_members_space(client, demo):
    assert MemberProfile.objects.count() == 3
    assert client.get("/espace-membres/").status_code == 302
    document = get_document_model().objects.get(collection__name=MEMBERS_COLLECTION)
    assert client.get(document.url).status_code == 302
    client.force_login(get_user_model().objects.get(username="lea.morel"))
    assert client.get("/espace-membres/").status_code == 200
    assert client.get(document.url).status_code == 200
    directory = client.get("/membres/annuaire/").text
    assert "Élise" in directory and "Thomas" in directory
