"""Moderated contributions: a facilitator submits, the regional animation approves or asks
for changes, and both sides hear of it by e-mail (real SMTP server on loopback)."""

import pytest
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from portal.axes import Axis
from portal.factories import ExperienceFeedbackPageFactory, ThemeFactory, UserFactory
from portal.permissions_setup import TASK_NAME, WORKFLOW_NAME
from tests.support.members import build_network

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(site_tree):
    return build_network()


@pytest.fixture
def submitted(network, site_tree, smtp_server):
    """A draft written by Léa (Ardennes) and submitted through the review workflow."""
    page = ExperienceFeedbackPageFactory(
        parent=site_tree.section(Axis.KNOWLEDGE),
        territories=[network.ardennes],
        owner=network.facilitator,
        live=False,
        title="Réemploi des palettes entre voisins",
    )
    revision = page.save_revision(user=network.facilitator)
    workflow_state = page.get_workflow().start(page, network.facilitator)
    assert revision.pk == page.latest_revision_id
    return page, workflow_state


def bodies(message):
    if message.is_multipart():
        return "\n".join(part.get_content() for part in message.iter_parts())
    return message.get_content()


def test_submission_notifies_the_regional_animation(network, submitted, smtp_server):
    page, workflow_state = submitted
    assert workflow_state.workflow.name == WORKFLOW_NAME
    assert workflow_state.current_task_state.task.name == TASK_NAME
    recipients = smtp_server.recipients()
    assert "animatrice@exemple.fr" in recipients
    assert "lea@exemple.fr" not in recipients
    assert "thomas@exemple.fr" not in recipients
    assert "visiteur@exemple.fr" not in recipients
    (_, message), *_ = [m for m in smtp_server.messages if "animatrice@exemple.fr" in m[0]]
    assert page.title in message["Subject"] + bodies(message)


def act_as_animator(client, network, submitted, smtp_server, action, comment):
    """The animator takes `action` on the submitted page; the author alone is told."""
    page, workflow_state = submitted
    smtp_server.messages.clear()
    task_state = workflow_state.current_task_state
    client.force_login(network.animator)
    response = client.post(
        f"/admin/pages/workflow/action/{page.pk}/{action}/{task_state.pk}/",
        {"comment": comment},
    )
    assert response.status_code == 302
    page.refresh_from_db()
    workflow_state.refresh_from_db()
    assert smtp_server.recipients() == ["lea@exemple.fr"]
    _, message = smtp_server.messages[0]
    return page, workflow_state, message


def test_approval_publishes_and_notifies_the_author(client, network, submitted, smtp_server):
    page, workflow_state, message = act_as_animator(
        client, network, submitted, smtp_server, "approve", "Merci, c'est publié."
    )
    assert page.live
    assert workflow_state.status == workflow_state.STATUS_APPROVED
    assert page.title in message["Subject"] + bodies(message)


def test_changes_requested_notify_the_author_with_the_comment(
    client, network, submitted, smtp_server
):
    page, workflow_state, message = act_as_animator(
        client, network, submitted, smtp_server, "reject", "Précisez les tonnages évités."
    )
    assert not page.live
    assert workflow_state.status == workflow_state.STATUS_NEEDS_CHANGES
    assert "Précisez les tonnages évités" in bodies(message)


def test_refusal_ends_the_review_and_tells_the_author_why(
    client, network, submitted, smtp_server, django_capture_on_commit_callbacks
):
    page, workflow_state = submitted
    smtp_server.messages.clear()
    task_state = workflow_state.current_task_state
    actions = [name for name, *_ in task_state.task.specific.get_actions(page, network.animator)]
    assert "refuse" in actions
    assert task_state.task.specific.get_actions(page, network.facilitator) == []
    client.force_login(network.animator)

    with django_capture_on_commit_callbacks(execute=True):  # the e-mail leaves on commit
        response = client.post(
            f"/admin/pages/workflow/action/{page.pk}/refuse/{task_state.pk}/",
            {"comment": "Ce retour d'expérience existe déjà pour la Moselle."},
        )

    assert response.status_code == 302
    page.refresh_from_db()
    assert not page.live
    workflow_state.refresh_from_db()
    assert workflow_state.status == workflow_state.STATUS_CANCELLED
    task_state.refresh_from_db()
    assert task_state.comment == "Ce retour d'expérience existe déjà pour la Moselle."
    assert smtp_server.recipients() == ["lea@exemple.fr"]
    _, message = smtp_server.messages[0]
    assert page.title in message["Subject"]
    assert "existe déjà pour la Moselle" in bodies(message)


def test_only_the_regional_animation_may_act_on_a_submission(client, network, submitted):
    page, workflow_state = submitted
    task_state = workflow_state.current_task_state
    for user in (network.facilitator, network.other_facilitator):
        client.force_login(user)
        response = client.post(f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/")
        assert response.status_code in (302, 403)
    page.refresh_from_db()
    assert not page.live
    assert Page.objects.get(pk=page.pk).current_workflow_state.status == "in_progress"


def test_a_member_who_turned_notifications_off_gets_none(network, site_tree, smtp_server):
    from wagtail.users.models import UserProfile

    second = UserFactory(username="second-animateur", email="second@exemple.fr")
    second.groups.add(*network.animator.groups.all())
    profile = UserProfile.get_for_user(second)
    profile.submitted_notifications = False
    profile.save()
    page = ExperienceFeedbackPageFactory(
        parent=site_tree.section(Axis.KNOWLEDGE), territories=[network.ardennes], live=False
    )
    page.get_workflow().start(page, network.facilitator)
    assert "animatrice@exemple.fr" in smtp_server.recipients()
    assert "second@exemple.fr" not in smtp_server.recipients()


def test_facilitator_drafts_and_submits_in_the_admin(client, network, site_tree, smtp_server):
    """The whole journey through Wagtail's own add form: "Soumettre à la relecture"."""
    from capitalisation.models import ExperienceFeedbackPage

    savoirs = site_tree.section(Axis.KNOWLEDGE)
    theme = ThemeFactory(name="Énergie", slug="energie")
    client.force_login(network.facilitator)
    data = add_form_data(network, theme, "action-submit")
    response = client.post(
        f"/admin/pages/add/capitalisation/experiencefeedbackpage/{savoirs.pk}/", data
    )
    assert response.status_code == 302, response.context["form"].errors
    page = ExperienceFeedbackPage.objects.get(slug="chaleur-fatale-fonderie")
    assert not page.live
    assert page.owner == network.facilitator
    assert page.current_workflow_state.status == "in_progress"
    assert page.current_workflow_state.requested_by == network.facilitator
    assert "animatrice@exemple.fr" in smtp_server.recipients()
    assert "lea@exemple.fr" not in smtp_server.recipients()


def add_form_data(network, theme, action):
    """What Wagtail's add form posts for a new experience feedback."""
    data = nested_form_data(
        {
            "title": "Chaleur fatale de la fonderie",
            "slug": "chaleur-fatale-fonderie",
            "summary": "La fonderie chauffe la serre voisine.",
            "publication_date": "2026-11-01",
            "synergy_type": "substitution",
            "status": "en_cours",
            "year": "2025",
            "body": streamfield([]),
            "contacts": streamfield([]),
            "attachments": inline_formset([]),
            "comments": inline_formset([]),
            action: "1",
        }
    )
    data.update(territories=[network.ardennes.pk], themes=[theme.pk], flows=["energie"])
    return data


def test_facilitator_cannot_publish_from_the_admin_form(client, network, site_tree):
    from capitalisation.models import ExperienceFeedbackPage

    savoirs = site_tree.section(Axis.KNOWLEDGE)
    client.force_login(network.facilitator)
    response = client.post(
        f"/admin/pages/add/capitalisation/experiencefeedbackpage/{savoirs.pk}/",
        add_form_data(network, ThemeFactory(), "action-publish"),
    )
    assert response.status_code in (302, 403)
    assert not ExperienceFeedbackPage.objects.live().filter(slug="chaleur-fatale-fonderie").exists()


@pytest.fixture
def animation_page(network, site_tree):
    """A live page of the Ardennes written by the animation, and the admin form's data that
    submits a change of it for review."""
    theme = ThemeFactory()
    page = ExperienceFeedbackPageFactory(
        parent=site_tree.section(Axis.KNOWLEDGE),
        slug="chaleur-fatale-fonderie",
        territories=[network.ardennes],
        themes=[theme],
        owner=network.animator,
    )
    return page, add_form_data(network, theme, "action-submit")


def test_facilitator_submits_changes_to_a_page_of_his_territory(client, network, animation_page):
    """Written by the animation for the Ardennes: Léa may propose changes, Thomas may not."""
    page, data = animation_page
    revisions = page.revisions.count()

    client.force_login(network.other_facilitator)
    refused = client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert refused.status_code in (302, 403)
    assert page.revisions.count() == revisions

    client.force_login(network.facilitator)
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    page.refresh_from_db()
    assert page.live and page.title != "Chaleur fatale de la fonderie"  # live version unchanged
    assert page.has_unpublished_changes
    assert page.current_workflow_state.requested_by == network.facilitator


def test_facilitator_keeps_his_territory_on_the_pages_he_edits(client, network, animation_page):
    """Removing his territory would take the page away from him and from his territory:
    a French form error on the field, and nothing saved."""
    page, data = animation_page
    revisions = page.revisions.count()
    data["territories"] = [network.moselle.pk]

    client.force_login(network.facilitator)
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "Gardez votre territoire" in " ".join(errors["territories"])
    assert page.revisions.count() == revisions

    client.force_login(network.animator)
    moved = client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert moved.status_code == 302
