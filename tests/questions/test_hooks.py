"""What questions give the rest of the portal through the core's hooks: the navigation entry,
the weekly digest (public unanswered questions only), the animator's figures and the
demo."""

import datetime

import pytest
from django.core.management.base import OutputWrapper
from django.urls import reverse
from django.utils import timezone

from questions import actions
from questions.demo import seed_questions
from questions.models import Question
from questions.stats import question_figures

pytestmark = pytest.mark.django_db


def test_header_link_for_members_only(client, network, site_tree):
    assert "Questions au réseau" not in client.get("/").content.decode()
    client.force_login(network.facilitator)
    assert 'href="/questions/">Questions au réseau' in client.get("/").content.decode()


def test_weekly_digest_lists_public_unanswered_questions(network, ask, reply, site_tree):
    from veille.models import MonitoringDigestPage
    from veille.newsletter import render_bodies

    public = ask(network.facilitator, "Comment suivre les tonnes évitées simplement ?")
    actions.moderate(public, "publique")
    private = ask(network.facilitator, "Une question réservée aux membres du réseau ?")
    answered = ask(network.facilitator, "Une question publique déjà répondue ici ?")
    actions.moderate(answered, "publique")
    reply(answered, network.other_facilitator)
    section = site_tree.section("veille")
    digest = MonitoringDigestPage(
        title="Lettre de veille n° 1",
        slug="lettre-1",
        summary="La veille de la semaine.",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 1, 7),
    )
    section.add_child(instance=digest)
    text, html = render_bodies(digest)
    assert "Questions du réseau en attente de réponse" in text
    assert public.title in text and public.title in html
    assert f"http://testserver{public.get_absolute_url()}" in html
    assert private.title not in text and answered.title not in text


def test_dashboard_figures_for_the_animator_only(client, network, ask, reply, site_tree):
    now = timezone.now()
    first = ask(network.facilitator, "Une première question pour les chiffres ?")
    answer = reply(first, network.other_facilitator)
    Question.objects.filter(pk=first.pk).update(
        created_at=now - datetime.timedelta(hours=10),
        first_answer_at=now - datetime.timedelta(hours=4),
        accepted_answer=answer,
        accepted_at=now,
    )
    ask(network.facilitator, "Une deuxième question sans réponse encore ?")
    figures = question_figures()
    assert figures["total"] == 2 and figures["answered_share"] == 50
    assert figures["median_first_hours"] == pytest.approx(6)
    assert figures["median_accepted_hours"] == pytest.approx(10)
    assert sum(row["count"] for row in figures["months"]) == 2

    url = reverse("capitalisation:dashboard")
    client.force_login(network.facilitator)
    assert "Questions au réseau (animation régionale)" not in client.get(url).content.decode()
    client.force_login(network.animator)
    page = client.get(url).content.decode()
    assert "Questions au réseau (animation régionale)" in page
    assert "50 %" in page and "6 h" in page


class Command:
    def __init__(self):
        self.created, self.found = {}, {}
        self.stdout = OutputWrapper(open("/dev/null", "w"))  # noqa: SIM115

    def tally(self, kind, created):
        bucket = self.created if created else self.found
        bucket[kind] = bucket.get(kind, 0) + 1

    def step(self, message):
        pass


def test_demo_questions_are_seeded_once(db, themes):
    from tests.support.members import build_network

    build_network()
    from django.contrib.auth import get_user_model

    User = get_user_model()
    for name in ("animation.regionale", "lea.morel", "thomas.muller"):
        User.objects.get_or_create(username=name)
    command = Command()
    seed_questions(command)
    questions = Question.objects.all()
    assert command.created["questions au réseau"] == questions.count() >= 15
    assert questions.filter(accepted_answer__isnull=False).count() >= 5
    assert questions.filter(first_answer_at__isnull=True).exists()
    assert questions.filter(is_public=True).exists()
    again = Command()
    seed_questions(again)
    assert (
        "questions au réseau" not in again.created and Question.objects.count() == questions.count()
    )
