"""Roles, permissions and the territory rule: one idempotent setup, checked per group."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
)

from portal.axes import Axis
from portal.factories import ExperienceFeedbackPageFactory, IndicatorGuidePageFactory
from portal.models import ReviewTask
from portal.permissions_setup import MEMBERS_COLLECTION, WORKFLOW_NAME, ensure_roles
from portal.roles import ANIMATION_GROUP, MEMBERS_GROUP, is_facilitator
from tests.support.members import build_network

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "groups": Group.objects.count(),
        "group permissions": sum(g.permissions.count() for g in Group.objects.all()),
        "page permissions": GroupPagePermission.objects.count(),
        "collection permissions": GroupCollectionPermission.objects.count(),
        "collections": Collection.objects.count(),
        "restrictions": CollectionViewRestriction.objects.count(),
        "workflows": Workflow.objects.count(),
        "tasks": ReviewTask.objects.count(),
        "assignments": WorkflowPage.objects.count(),
    }


@pytest.fixture
def network(site_tree):
    return build_network()


def test_setup_roles_is_idempotent_and_complete(site_tree):
    out = StringIO()
    call_command("setup_roles", stdout=out)
    first = snapshot()
    second = ensure_roles()
    assert snapshot() == first
    assert sum(second.created.values()) == 0
    assert "Rôles et workflow à jour." in out.getvalue()

    animation = Group.objects.get(name=ANIMATION_GROUP)
    facilitators = Group.objects.get(name=MEMBERS_GROUP)
    assert "access_admin" in facilitators.permissions.values_list("codename", flat=True)
    savoirs = site_tree.section(Axis.KNOWLEDGE)
    assert set(
        GroupPagePermission.objects.filter(group=facilitators).values_list(
            "page_id", "permission__codename"
        )
    ) == {(savoirs.pk, "add_page")}
    root = Page.get_first_root_node()
    assert (root.pk, "publish_page") in set(
        GroupPagePermission.objects.filter(group=animation).values_list(
            "page_id", "permission__codename"
        )
    )
    collection = Collection.objects.get(name=MEMBERS_COLLECTION)
    restriction = collection.view_restrictions.get()
    assert set(restriction.groups.values_list("name", flat=True)) == {
        ANIMATION_GROUP,
        MEMBERS_GROUP,
    }
    assert animation.permissions.filter(codename="access_admin").exists()
    assert facilitators.permissions.filter(codename="access_admin").exists()


def test_setup_roles_on_a_fresh_database_says_what_is_missing():
    """No page tree yet: everything but the facilitators' page permissions, and a warning."""
    out = StringIO()
    call_command("setup_roles", stdout=out)
    assert "Rubrique « savoirs » absente" in out.getvalue()
    assert Group.objects.filter(name__in=[ANIMATION_GROUP, MEMBERS_GROUP]).count() == 2
    assert not GroupPagePermission.objects.filter(group__name=MEMBERS_GROUP).exists()
    assert WorkflowPage.objects.get(page=Page.get_first_root_node()).workflow.name == WORKFLOW_NAME


def test_workflow_covers_knowledge_pages(network, site_tree):
    page = ExperienceFeedbackPageFactory(parent=site_tree.section(Axis.KNOWLEDGE))
    workflow = page.get_workflow()
    assert workflow.name == WORKFLOW_NAME
    task = workflow.tasks.get().specific
    assert isinstance(task, ReviewTask)
    assert list(task.groups.values_list("name", flat=True)) == [ANIMATION_GROUP]


def test_facilitator_edits_his_territory_only(network, site_tree):
    savoirs = site_tree.section(Axis.KNOWLEDGE)
    own = ExperienceFeedbackPageFactory(parent=savoirs, territories=[network.ardennes])
    other = ExperienceFeedbackPageFactory(parent=savoirs, territories=[network.moselle])
    owned = ExperienceFeedbackPageFactory(
        parent=savoirs, territories=[network.moselle], owner=network.facilitator
    )
    lea = network.facilitator

    assert own.permissions_for_user(lea).can_edit()
    assert not own.permissions_for_user(lea).can_publish()
    assert not other.permissions_for_user(lea).can_edit()
    assert not other.permissions_for_user(lea).can_delete()
    assert owned.permissions_for_user(lea).can_edit()
    # Through a plain Page, as the admin explorer asks.
    assert not Page.objects.get(pk=other.pk).permissions_for_user(lea).can_edit()
    for page in (own, other, owned):
        tester = page.permissions_for_user(network.animator)
        assert tester.can_edit() and tester.can_publish()
    assert not own.permissions_for_user(network.outsider).can_edit()
    assert not savoirs.permissions_for_user(lea).can_edit()
    assert savoirs.permissions_for_user(lea).can_add_subpage()


def test_facilitator_admin_edit_urls(client, network, site_tree):
    savoirs = site_tree.section(Axis.KNOWLEDGE)
    own = ExperienceFeedbackPageFactory(parent=savoirs, territories=[network.ardennes])
    other = ExperienceFeedbackPageFactory(parent=savoirs, territories=[network.moselle])
    guide = IndicatorGuidePageFactory(
        parent=site_tree.section(Axis.INDICATORS), territories=[network.ardennes]
    )
    client.force_login(network.facilitator)

    assert client.get(f"/admin/pages/{own.pk}/edit/").status_code == 200
    for page in (other, guide, savoirs):
        response = client.get(f"/admin/pages/{page.pk}/edit/")
        assert response.status_code in (302, 403), page
        if response.status_code == 302:
            assert f"/admin/pages/{page.pk}/edit/" not in response["Location"]
    add_url = "/admin/pages/add/capitalisation/{}/{}/"
    assert client.get(add_url.format("experiencefeedbackpage", savoirs.pk)).status_code == 200
    indicators = site_tree.section(Axis.INDICATORS)
    assert client.get(add_url.format("indicatorguidepage", indicators.pk)).status_code in (
        302,
        403,
    )

    client.force_login(network.animator)
    for page in (own, other, guide):
        assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200


def test_facilitator_cannot_unpublish_or_delete_through_the_admin(client, network, site_tree):
    savoirs = site_tree.section(Axis.KNOWLEDGE)
    own = ExperienceFeedbackPageFactory(parent=savoirs, territories=[network.ardennes])
    other = ExperienceFeedbackPageFactory(parent=savoirs, territories=[network.moselle])
    client.force_login(network.facilitator)

    response = client.post(f"/admin/pages/{own.pk}/unpublish/")
    assert response.status_code in (302, 403)
    own.refresh_from_db()
    assert own.live
    response = client.post(f"/admin/pages/{other.pk}/delete/")
    assert response.status_code in (302, 403)
    assert Page.objects.filter(pk=other.pk).exists()


def test_member_profiles_in_the_admin(client, network):
    from portal.models import MemberProfile

    profile = MemberProfile.objects.create(user=network.facilitator, role="Animatrice")
    client.force_login(network.animator)
    listing = client.get("/admin/member_profiles/")
    assert listing.status_code == 200
    assert "Animatrice" in listing.text
    assert client.get(f"/admin/member_profiles/edit/{profile.pk}/").status_code == 200
    client.force_login(network.facilitator)
    assert client.get("/admin/member_profiles/").status_code in (302, 403)


def test_is_facilitator_is_a_member_with_a_territory_outside_the_animation(network):
    assert is_facilitator(network.facilitator)
    assert is_facilitator(network.other_facilitator)
    assert not is_facilitator(network.animator)
    assert not is_facilitator(network.outsider)
    network.facilitator.territory = None
    assert not is_facilitator(network.facilitator)
