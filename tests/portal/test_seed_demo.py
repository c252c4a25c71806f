"""`manage.py seed_demo` builds the demo network once; a second run changes nothing."""

import re
from io import StringIO

import pytest
import yaml
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.documents import get_document_model
from wagtail.models import Page, PageViewRestriction, Site

from portal.factories import KNOWLEDGE_PAGE_FACTORIES
from portal.management.commands.seed_demo import DEMO_DIR
from portal.models import Audience, SectionPage, Territory, Theme
from portal.permissions_setup import ensure_roles
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


@pytest.fixture
def demo_taxonomy(site_tree):
    """What the demo pages refer to: the sections, the demo taxonomy, the network's groups."""
    taxonomy = yaml.safe_load((DEMO_DIR / "taxonomy.yaml").read_text(encoding="utf-8"))
    for model, key in ((Territory, "territories"), (Theme, "themes"), (Audience, "audiences")):
        model.objects.bulk_create(model(**row) for row in taxonomy[key])
    ensure_roles()


def test_every_demo_page_file_imports_cleanly_in_a_dry_run(demo_taxonomy):
    files = list((DEMO_DIR / "pages").rglob("*.md"))
    out = StringIO()

    call_command("import_markdown", str(DEMO_DIR / "pages"), "--dry-run", stdout=out)

    output = out.getvalue()
    assert re.search(rf"^créé +{len(files)}$", output, re.MULTILINE), output
    assert re.search(r"^rejeté +0$", output, re.MULTILINE)
    assert not Page.objects.filter(depth__gt=3).exists()  # a dry run saves nothing


def test_demo_pages_keep_their_restrictions_attachments_and_dates():
    call_command("seed_demo", stdout=StringIO())

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
