"""Followers are told, on the real SMTP server of the tests: immediately or in the daily
summary (a command safe to re-run), with a one-click unsubscription."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from questions import actions
from questions.models import Follow, Frequency, Notification

pytestmark = pytest.mark.django_db


def _bodies(message):
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return text, html


def test_theme_follower_gets_the_question_at_once(
    smtp_server, network, themes, ask, django_capture_on_commit_callbacks
):
    thomas = network.other_facilitator
    actions.follow(thomas, theme=themes["dechets"], frequency=Frequency.IMMEDIATE)
    with django_capture_on_commit_callbacks(execute=True):
        question = ask(network.facilitator, "Qui a mutualisé la collecte des cartons ?")
    [(recipients, message)] = smtp_server.messages
    assert recipients == [thomas.email]
    assert question.title in message["Subject"]
    text, html = _bodies(message)
    assert f"http://testserver{question.get_absolute_url()}" in text
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert Notification.objects.get().sent_at is not None


def test_answers_reach_the_asker_and_one_click_unsubscribes(
    client, smtp_server, network, ask, reply, django_capture_on_commit_callbacks
):
    lea = network.facilitator
    with django_capture_on_commit_callbacks(execute=True):
        question = ask(lea, "Quel facteur d'émission pour le bois broyé ?")
        reply(question, network.other_facilitator, body="La valeur de la Base Empreinte.")
    [(recipients, message)] = smtp_server.messages  # the asker follows her question
    assert recipients == [lea.email]
    text, _ = _bodies(message)
    assert "Base Empreinte" in text
    unsubscribe = message["List-Unsubscribe"].strip().strip("<>")
    path = unsubscribe.removeprefix("http://testserver")
    assert client.get(path).status_code == 200  # a confirmation page, nothing stopped yet
    assert Follow.objects.filter(user=lea, question=question).exists()
    assert client.post(path).status_code == 200  # RFC 8058: no CSRF token, signed link
    assert not Follow.objects.filter(user=lea, question=question).exists()
    assert client.post(path.replace("/suivi/", "/suivi/x")).status_code == 400


def test_daily_summary_is_sent_once(
    smtp_server, network, themes, ask, reply, django_capture_on_commit_callbacks
):
    thomas, animator = network.other_facilitator, network.animator
    actions.follow(thomas, theme=themes["dechets"], frequency=Frequency.DAILY)
    actions.follow(animator, theme=themes["dechets"], frequency=Frequency.DAILY)
    with django_capture_on_commit_callbacks(execute=True):
        first = ask(network.facilitator, "Qui valorise des biodéchets de cantine ?")
        ask(network.facilitator, "Qui collecte les cartons en zone d'activités ?")
        actions.follow(thomas, question=first, frequency=Frequency.DAILY)
        reply(first, animator)
    # Only the asker, who follows her question at once, heard of the answer.
    assert smtp_server.recipients() == [network.facilitator.email]

    call_command("send_question_summaries")
    summaries = smtp_server.messages[1:]
    assert sorted(rcpts[0] for rcpts, _ in summaries) == sorted([thomas.email, animator.email])
    by_recipient = {rcpts[0]: message for rcpts, message in summaries}
    text, html = _bodies(by_recipient[thomas.email])
    assert "Nouvelle réponse" in text and "Qui collecte les cartons" in text
    assert "3 nouveautés" in by_recipient[thomas.email]["Subject"]
    assert by_recipient[thomas.email]["List-Unsubscribe"]

    call_command("send_question_summaries")  # re-run: nothing twice
    assert len(smtp_server.messages) == 3
    assert not Notification.objects.filter(sent_at__isnull=True).exists()


def test_unsubscribe_all_from_the_summary(client, network, themes):
    from questions.notifications import all_unsubscribe_url

    thomas = network.other_facilitator
    actions.follow(thomas, theme=themes["dechets"])
    actions.follow(thomas, theme=themes["energie"], frequency=Frequency.DAILY)
    path = all_unsubscribe_url(thomas).removeprefix("http://testserver")
    client.post(path)
    assert not Follow.objects.filter(user=thomas).exists()


def test_follows_page(client, network, themes):
    client.force_login(network.facilitator)
    client.post(
        reverse("questions:follows"), {"theme": themes["energie"].pk, "frequency": "quotidien"}
    )
    follow = Follow.objects.get(user=network.facilitator)
    assert follow.theme == themes["energie"] and follow.frequency == Frequency.DAILY
    assert "Énergie" in client.get(reverse("questions:follows")).content.decode()
    client.post(reverse("questions:follows"), {"stop": str(follow.pk)})
    assert not Follow.objects.exists()
