"""Monitoring items as snippets, and composing a digest from items not yet in one."""

import pytest
from django.urls import reverse

from portal.axes import Axis
from portal.factories import MonitoringDigestPageFactory
from veille.models import DigestItem, ItemStatus, MonitoringDigestPage, MonitoringItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def section(site_tree):
    return site_tree.section(Axis.MONITORING)


@pytest.fixture
def admin(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        username="animation", email="animation@exemple.fr", password="secret-animation"
    )
    client.force_login(user)
    return client


def test_feed_summaries_are_sanitised_on_save():
    item = MonitoringItem.objects.create(
        title="Flux",
        summary=(
            '<p onclick="x()">Bien <script>alert(1)</script><a href="javascript:y()">lien</a></p>'
        ),
        summary_is_html=True,
    )
    item.refresh_from_db()
    assert item.summary == "<p>Bien alert(1)<a>lien</a></p>"


def test_plain_summaries_stay_text_and_are_escaped(client, section):
    digest = MonitoringDigestPageFactory(parent=section, items=[])
    item = MonitoringItem.objects.create(
        title="Saisi à la main",
        summary="Ligne 1 <b>pas du HTML</b>\nLigne 2",
        status=ItemStatus.PUBLISHED,
    )
    DigestItem.objects.create(digest=digest, item=item)
    html = client.get(digest.url).content.decode()
    assert "Ligne 1 &lt;b&gt;pas du HTML&lt;/b&gt;<br>Ligne 2" in html


def test_an_item_exists_on_its_own():
    item = MonitoringItem.objects.create(title="Seul", status=ItemStatus.PUBLISHED)
    assert item.digest is None
    assert list(MonitoringItem.objects.public()) == [item]
    assert item.importance == 2
    assert item.category == "actualite"


def test_unassigned_items_are_offered_to_compose_a_digest(section):
    first = MonitoringDigestPageFactory(parent=section, items=[{"title": "Déjà dans la 1"}])
    second = MonitoringDigestPageFactory(parent=section, items=[])
    free = MonitoringItem.objects.create(title="Libre")
    MonitoringItem.objects.create(title="Écarté", status=ItemStatus.DISCARDED)
    chosen_in_draft = MonitoringItem.objects.create(title="Choisi dans un brouillon")
    DigestItem.objects.create(digest=first, item=chosen_in_draft)

    offered_to_second = set(
        MonitoringItem.objects.unassigned(second).values_list("title", flat=True)
    )
    assert offered_to_second == {"Libre"}
    offered_to_first = set(MonitoringItem.objects.unassigned(first).values_list("title", flat=True))
    assert offered_to_first == {"Libre", "Déjà dans la 1", "Choisi dans un brouillon"}
    assert free in MonitoringItem.objects.unassigned()


def test_editor_offers_only_unassigned_items(admin, section):
    first = MonitoringDigestPageFactory(parent=section, items=[{"title": "Déjà dans la 1"}])
    second = MonitoringDigestPageFactory(parent=section, items=[])
    MonitoringItem.objects.create(title="Libre pour tous")
    response = admin.get(reverse("wagtailadmin_pages:edit", args=[second.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Libre pour tous" in html
    assert "Déjà dans la 1" not in html
    response = admin.get(reverse("wagtailadmin_pages:edit", args=[first.pk]))
    assert "Déjà dans la 1" in response.content.decode()


def test_publishing_the_composition_attaches_items_in_order(section):
    digest = MonitoringDigestPageFactory(parent=section, items=[{"title": "Ancien"}])
    old = digest.items.get()
    a = MonitoringItem.objects.create(title="A", status=ItemStatus.PUBLISHED)
    b = MonitoringItem.objects.create(title="B", status=ItemStatus.PUBLISHED)
    page = MonitoringDigestPage.objects.get(pk=digest.pk)
    page.selection = [DigestItem(item=b, sort_order=0), DigestItem(item=a, sort_order=1)]
    revision = page.save_revision()
    assert list(MonitoringDigestPage.objects.get(pk=digest.pk).shown_items()) == [old]  # draft
    revision.publish()
    page = MonitoringDigestPage.objects.get(pk=digest.pk)
    assert [item.title for item in page.shown_items()] == ["B", "A"]
    old.refresh_from_db()
    assert old.digest is None  # removed from the digest, not deleted
    assert "B" in " ".join(page.search_text_parts())
    assert "Ancien" not in " ".join(page.search_text_parts())


def test_editing_an_item_survives_publishing_an_older_revision(section):
    digest = MonitoringDigestPageFactory(parent=section, items=[{"title": "Avant"}])
    page = MonitoringDigestPage.objects.get(pk=digest.pk)
    revision = page.save_revision()
    digest.items.update(title="Après correction")
    revision.publish()
    assert [item.title for item in digest.items] == ["Après correction"]


def test_discarded_items_are_not_shown(client, section):
    digest = MonitoringDigestPageFactory(parent=section, items=[{"title": "Gardé"}])
    aside = MonitoringItem.objects.create(title="Mis de côté", status=ItemStatus.DISCARDED)
    DigestItem.objects.create(digest=digest, item=aside, sort_order=1)
    html = client.get(digest.url).content.decode()
    assert "Gardé" in html
    assert "Mis de côté" not in html
    assert "Mis de côté" not in " ".join(digest.search_text_parts())


def test_snippets_are_in_the_admin(admin):
    MonitoringItem.objects.create(title="Dans la file", status=ItemStatus.TO_REVIEW)
    for model in ("monitoringitem", "externalsource", "subscriber"):
        response = admin.get(f"/admin/snippets/veille/{model}/")
        assert response.status_code == 200
    assert "Dans la file" in admin.get("/admin/snippets/veille/monitoringitem/").content.decode()
    assert admin.get("/admin/snippets/veille/monitoringitem/add/").status_code == 200
