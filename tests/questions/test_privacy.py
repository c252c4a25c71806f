"""Members-only by default; public questions show authors by their territory only unless
they agreed; hidden messages; reports; the rate limit counts members, not addresses."""

import pytest
from django.urls import reverse

from questions.models import Question, Report

pytestmark = pytest.mark.django_db


def test_members_only_by_default(client, network, ask):
    question = ask(network.facilitator, "Comment financer un poste danimation ?")
    url = question.get_absolute_url()
    assert client.get(url).status_code == 404
    assert question.title not in client.get(reverse("questions:index")).content.decode()
    client.force_login(network.outsider)  # an account outside the network
    assert client.get(url).status_code == 404
    assert client.get(reverse("questions:ask")).status_code == 403
    client.force_login(network.other_facilitator)
    assert client.get(url).status_code == 200
    assert question.title in client.get(reverse("questions:index")).content.decode()


def test_a_public_question_names_authors_by_territory_unless_they_agreed(
    client, network, ask, reply
):
    question = ask(network.facilitator, "Quelle clause type pour céder des palettes ?")
    reply(question, network.other_facilitator)
    client.force_login(network.animator)
    client.post(reverse("questions:moderate", args=[question.pk]), {"action": "publique"})
    question.refresh_from_db()
    assert question.is_public
    client.logout()
    page = client.get(question.get_absolute_url()).content.decode()
    assert "Un membre de Ardennes fictives" in page and "Léa" not in page
    assert "Un membre de Moselle fictive" in page and "Thomas" not in page
    assert question.title in client.get(reverse("questions:index")).content.decode()
    Question.objects.filter(pk=question.pk).update(sign_publicly=True)
    assert "Léa" in client.get(question.get_absolute_url()).content.decode()
    # Anonymous visitors read; they cannot answer.
    response = client.post(question.get_absolute_url(), {"body": "Je passe par là."})
    assert response.status_code == 404 and question.answers.count() == 1


def test_report_then_hide(client, network, ask, reply):
    question = ask(network.facilitator, "Qui valorise des biodéchets de cantine ?")
    answer = reply(question, network.other_facilitator, body="Appelez donc le 06 00 00 00 00.")
    client.force_login(network.facilitator)
    client.post(
        reverse("questions:report", args=[question.pk]),
        {"answer": answer.pk, "reason": "Numéro personnel"},
    )
    report = Report.objects.get()
    assert report.answer == answer and report.reporter == network.facilitator
    assert client.get(reverse("questions:reports")).status_code == 404  # members: no queue
    assert (
        client.post(
            reverse("questions:moderate", args=[question.pk]),
            {"action": "masquer", "answer": answer.pk},
        ).status_code
        == 404
    )

    client.force_login(network.animator)
    assert "Numéro personnel" in client.get(reverse("questions:reports")).content.decode()
    client.post(
        reverse("questions:moderate", args=[question.pk]),
        {"action": "masquer", "answer": answer.pk},
    )
    answer.refresh_from_db()
    report.refresh_from_db()
    assert answer.hidden and report.handled_at is not None
    assert "06 00 00 00 00" in client.get(question.get_absolute_url()).content.decode()
    client.force_login(network.facilitator)
    assert "06 00 00 00 00" not in client.get(question.get_absolute_url()).content.decode()

    client.force_login(network.animator)
    client.post(reverse("questions:moderate", args=[question.pk]), {"action": "masquer"})
    client.force_login(network.facilitator)
    assert client.get(question.get_absolute_url()).status_code == 404


def test_markdown_bodies_are_sanitised(client, network, ask):
    question = ask(
        network.facilitator,
        "Une question avec du balisage dangereux ?",
        body='<script>alert(1)</script> [lien](javascript:alert(2)) <img src=x onerror="alert(3)">',
    )
    client.force_login(network.other_facilitator)
    page = client.get(question.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page and "javascript:alert" not in page
    assert "onerror" not in page


def test_rate_limit_stops_one_member_not_a_workshop(client, network, themes):
    from django.contrib.auth.models import Group

    from portal.factories import UserFactory
    from portal.roles import MEMBERS_GROUP

    members = Group.objects.get(name=MEMBERS_GROUP)

    def post(user, n):
        client.force_login(user)
        return client.post(
            reverse("questions:ask"),
            {
                "title": f"Question numéro {n} de {user.username} ?",
                "body": "Détails.",
                "themes": [themes["energie"].pk],
                "confirmed": "True",
            },
            REMOTE_ADDR="192.0.2.10",
        )

    statuses = [post(network.facilitator, n).status_code for n in range(6)]
    assert statuses == [302] * 5 + [429]
    workshop = [UserFactory(username=f"atelier{n}") for n in range(20)]
    for user in workshop:
        user.groups.add(members)
    assert {post(user, 0).status_code for user in workshop} == {302}  # one address, 20 members
    assert Question.objects.count() == 25
