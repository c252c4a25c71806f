"""Issue #28's journey in Debian's Chromium: Léa asks (the portal shows a similar question
as she types), Thomas answers, Léa votes and accepts, the animator capitalises into a
draft method sheet; the e-mail reaches Léa on the real SMTP server; at 375 px too."""

import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from capitalisation.models import MethodologySheetPage
from portal.factories import ThemeFactory
from questions import actions
from questions.forms import QuestionForm
from questions.models import Question
from tests.browser.journeys.accounts import log_in
from tests.support.members import build_network

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("wagtail_root")]


@pytest.fixture
def people(transactional_db, site_tree):
    network = build_network()
    theme = ThemeFactory(name="Déchets", slug="dechets")
    form = QuestionForm(
        data={
            "title": "Qui collecte les cartons des entreprises en commun ?",
            "body": "Une tournée commune pour six entreprises.",
            "themes": [theme.pk],
        },
        user=network.other_facilitator,
    )
    assert form.is_valid(), form.errors
    earlier = actions.ask(form, network.other_facilitator)
    return network, theme, earlier


def test_ask_answer_vote_accept_capitalise(
    page, open_page, mobile_page, people, smtp_server, screenshot
):
    network, theme, earlier = people
    lea, thomas, animator = network.facilitator, network.other_facilitator, network.animator

    # Léa reaches the questions from the header and asks.
    log_in(page, lea.username, next_url="/")
    page.get_by_role("link", name="Questions au réseau").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Questions au réseau")
    page.get_by_role("link", name="Poser une question").first.click()
    page.get_by_label("Votre question").fill("Comment mutualiser la collecte des cartons ?")
    similar = page.locator("#semblables")
    expect(similar).to_be_visible()
    expect(similar.get_by_role("link", name=earlier.title)).to_be_visible()
    screenshot(page, "similar")
    page.get_by_label("Précisez le contexte").fill("Six entreprises, **2 à 5 t** chacune par an.")
    page.get_by_label("Déchets").check()
    page.get_by_role("button", name=re.compile("Publier")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Comment mutualiser la collecte des cartons ?"
    )
    expect(page.locator(".question__body strong")).to_have_text("2 à 5 t")
    question = Question.objects.get(title="Comment mutualiser la collecte des cartons ?")
    url = question.get_absolute_url()

    # Thomas answers.
    other = open_page()
    log_in(other, thomas.username, next_url=url)
    other.get_by_label("Votre réponse").fill("Un groupement de commandes porté par le club.")
    other.get_by_role("button", name="Publier la réponse").click()
    expect(other.get_by_role("status")).to_contain_text("Votre réponse est publiée")
    expect(other.get_by_role("button", name=re.compile("^Accepter"))).to_have_count(0)

    # Léa is told by e-mail, votes and accepts.
    [(recipients, message)] = [m for m in smtp_server.messages if lea.email in m[0]]
    assert "Nouvelle réponse" in message["Subject"]
    page.reload()
    page.get_by_role("button", name=re.compile("^Utile")).click()
    expect(page.locator(".votes")).to_have_text("1 vote « utile »")
    page.get_by_role("button", name=re.compile("^Accepter cette réponse")).click()
    expect(page.locator(".answer--accepted")).to_contain_text("Un groupement de commandes")
    screenshot(page, "accepted")

    # The animator capitalises into a draft method sheet in the review workflow.
    animation = open_page()
    log_in(animation, animator.username, next_url=url)
    animation.get_by_label("fiche méthodologique").check()
    animation.get_by_role("button", name="Capitaliser en brouillon").click()
    expect(animation.get_by_role("status")).to_contain_text("soumis à la relecture")
    expect(animation.locator(".notice")).to_contain_text("brouillon en relecture")
    screenshot(animation, "capitalised")
    sheet = MethodologySheetPage.objects.get()
    assert not sheet.live and url in sheet.objective

    # At 375 px, the member reads the question and its accepted answer.
    log_in(mobile_page, thomas.username, next_url=url)
    expect(mobile_page.locator(".answer--accepted")).to_be_visible()
    width = mobile_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    screenshot(mobile_page, "mobile")

    # Anonymous visitors never see the members-only question.
    anonymous = open_page()
    assert anonymous.goto(url).status == 404
    assert Group.objects.exists()


def test_a_title_typed_before_the_script_ran_is_looked_up(page, people):
    """On a slow connection the member may type before the deferred script runs: the title
    already in the field is looked up as soon as it does."""
    network, _, earlier = people
    log_in(page, network.facilitator.username, next_url="/")
    held = []
    page.route("**/questions/similar.js", lambda route: held.append(route))
    page.goto("/questions/poser/", wait_until="commit")
    page.get_by_label("Votre question").fill("Comment mutualiser la collecte des cartons ?")
    page.wait_for_timeout(500)  # longer than the script's debounce: nothing may show yet
    expect(page.locator("#semblables")).to_be_hidden()
    assert len(held) == 1, "the page asked for similar.js while its title was typed"
    held[0].continue_()
    similar = page.locator("#semblables")
    expect(similar).to_be_visible()
    expect(similar.get_by_role("link", name=earlier.title)).to_be_visible()
