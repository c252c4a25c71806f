"""Ask → answer → vote → accept → capitalise through the views, for two members and the
animator; the rules each step enforces."""

import pytest
from django.urls import reverse
from wagtail.models import Page

from capitalisation.models import ExperienceFeedbackPage, MethodologySheetPage
from portal.axes import Axis
from questions.models import Answer, Question, Vote

pytestmark = pytest.mark.django_db


def test_ask_answer_vote_accept_capitalise(client, network, themes, site_tree):
    lea, thomas, animator = network.facilitator, network.other_facilitator, network.animator

    client.force_login(lea)
    response = client.post(
        reverse("questions:ask"),
        {
            "title": "Qui a monté une collecte mutualisée de cartons ?",
            "body": "Six entreprises, **2 à 5 t** par an chacune.",
            "themes": [themes["dechets"].pk],
            "territory": network.ardennes.pk,
            "links": "/flux/\nhttps://exemple.fr/guide",
            "confirmed": "True",
        },
    )
    question = Question.objects.get()
    assert response.status_code == 302 and response["Location"] == question.get_absolute_url()
    assert question.author == lea and list(question.themes.all()) == [themes["dechets"]]
    page = client.get(question.get_absolute_url()).content.decode()
    assert "<strong>2 à 5 t</strong>" in page
    assert 'href="/flux/"' in page and 'href="https://exemple.fr/guide"' in page

    client.force_login(thomas)
    client.post(question.get_absolute_url(), {"body": "Un groupement de commandes, en Moselle."})
    answer = Answer.objects.get()
    question.refresh_from_db()
    assert answer.author == thomas and question.first_answer_at == answer.created_at

    # Thomas cannot vote for his own answer, nor accept on Léa's question.
    client.post(reverse("questions:vote", args=[question.pk, answer.pk]))
    client.post(reverse("questions:accept", args=[question.pk, answer.pk]))
    question.refresh_from_db()
    assert not Vote.objects.exists() and question.accepted_answer is None

    # One vote per member: a second click takes it back.
    client.force_login(lea)
    vote_url = reverse("questions:vote", args=[question.pk, answer.pk])
    client.post(vote_url)
    client.post(vote_url)
    client.post(vote_url)
    assert Vote.objects.filter(answer=answer).count() == 1
    client.force_login(animator)
    client.post(vote_url)
    assert Vote.objects.filter(answer=answer).count() == 2

    client.force_login(lea)
    client.post(reverse("questions:accept", args=[question.pk, answer.pk]))
    question.refresh_from_db()
    assert question.accepted_answer == answer and question.accepted_at is not None

    # Léa may not capitalise; the animator can, into a draft in the review workflow.
    assert (
        client.post(
            reverse("questions:capitalise", args=[question.pk]), {"kind": "fiche"}
        ).status_code
        == 404
    )
    client.force_login(animator)
    client.post(reverse("questions:capitalise", args=[question.pk]), {"kind": "fiche"})
    sheet = MethodologySheetPage.objects.get()
    question.refresh_from_db()
    assert question.capitalised_page_id == sheet.pk
    assert not sheet.live and sheet.owner == animator
    assert sheet.get_parent().specific.axis == Axis.KNOWLEDGE
    assert list(sheet.themes.all()) == [themes["dechets"]]
    assert "Un groupement de commandes" in sheet.when_to_use
    assert question.get_absolute_url() in sheet.objective  # linked back
    assert sheet.get_latest_revision() is not None
    workflow = sheet.get_workflow()
    if workflow is not None:
        assert sheet.workflow_in_progress
    detail = client.get(question.get_absolute_url()).content.decode()
    assert "brouillon en relecture" in detail


def test_capitalise_as_experience_feedback_needs_an_accepted_answer(
    client, network, ask, reply, site_tree
):
    question = ask(network.facilitator, "Quel retour sur une chaufferie partagée ?")
    client.force_login(network.animator)
    url = reverse("questions:capitalise", args=[question.pk])
    client.post(url, {"kind": "retour"})
    assert not ExperienceFeedbackPage.objects.exists()
    answer = reply(question, network.other_facilitator)
    client.post(reverse("questions:accept", args=[question.pk, answer.pk]))
    client.post(url, {"kind": "retour"})
    page = ExperienceFeedbackPage.objects.get()
    assert page.title == question.title and not page.live
    assert answer.body in page.results and question.get_absolute_url() in page.context
    assert Page.objects.filter(pk=page.pk, live=False).exists()


def test_the_animator_may_accept_on_any_question(client, network, ask, reply):
    question = ask(network.facilitator, "Quel facteur d'émission pour le bois broyé ?")
    answer = reply(question, network.other_facilitator)
    client.force_login(network.animator)
    client.post(reverse("questions:accept", args=[question.pk, answer.pk]))
    question.refresh_from_db()
    assert question.accepted_answer == answer
    client.post(reverse("questions:accept", args=[question.pk, answer.pk]))  # withdraw
    question.refresh_from_db()
    assert question.accepted_answer is None


def test_get_on_actions_is_refused_and_forms_need_csrf(network, ask, reply):
    from django.test import Client

    question = ask(network.facilitator, "Comment suivre les tonnes évitées ?")
    answer = reply(question, network.other_facilitator)
    client = Client(enforce_csrf_checks=True)
    client.force_login(network.facilitator)
    url = reverse("questions:vote", args=[question.pk, answer.pk])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 403  # no CSRF token
    assert not Vote.objects.exists()


def test_bad_input_is_a_french_form_error(client, network, themes):
    client.force_login(network.facilitator)
    response = client.post(
        reverse("questions:ask"),
        {"title": "Court ?", "body": "", "links": "javascript:alert(1)", "confirmed": "True"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "au moins 10 caractères" in page
    assert "ni une adresse du portail" in page
    assert not Question.objects.exists()
    response = client.get(reverse("questions:index"), {"thematique": "inconnue", "statut": "x"})
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
