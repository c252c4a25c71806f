"""Issue #24 (2, 4): every form of the portal, opened in Chromium and sent back unchanged,
changes nothing in the database; dates and decimals come back as they went; the message
of the action shows; a double click on "Envoyer la demande" sends one e-mail."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import serializers
from django.db.models import Q
from django.test import Client
from playwright.sync_api import expect

from flows.models import Flow, PoolingOpportunity, Synergy
from portal.models import MemberProfile, Territory
from training.models import SurveyAnswer, TrainingNeedsSurveyPage
from veille.models import SavedSearch, Subscriber


def state(*querysets):
    """The rows (fields and many-to-many, sorted) of the querysets, to compare before and
    after."""
    rows = []
    for queryset in querysets:
        for row in serializers.serialize("python", queryset.order_by("pk")):
            fields = {
                name: sorted(value) if isinstance(value, list) else value
                for name, value in row["fields"].items()
            }
            rows.append((row["model"], row["pk"], fields))
    return rows


def send_unchanged(page, form, button):
    """Sends `form` (a locator) with its own button, as a person would, and waits."""
    with page.expect_navigation():
        form.get_by_role("button", name=button).click()
    page.wait_for_load_state("load")


def test_a_synergy_saved_unchanged_keeps_its_dates_and_gains(visit):
    """The progress form printed dd/mm/yyyy in <input type=date>: the browser showed empty
    fields and a save erased started_on and stopped_on."""
    synergy = (
        Synergy.objects.filter(started_on__isnull=False)
        .exclude(Q(estimated_euros_saved__isnull=True) & Q(measured_euros_saved__isnull=True))
        .order_by("pk")
        .first()
        or Synergy.objects.filter(started_on__isnull=False).order_by("pk").first()
    )
    assert synergy is not None, "the demo has a synergy with a start date"
    Synergy.objects.filter(pk=synergy.pk).update(stopped_on=synergy.started_on)
    before = state(Synergy.objects.filter(pk=synergy.pk))
    page = visit("animation")
    page.goto(f"/flux/synergies/{synergy.pk}/")
    started = page.locator("input[name=started_on]")
    expect(started).to_have_attribute("type", "date")
    expect(started).to_have_value(synergy.started_on.isoformat())
    expect(page.locator("input[name=stopped_on]")).to_have_value(synergy.started_on.isoformat())
    form = page.locator("form", has=page.locator("input[name=started_on]"))
    send_unchanged(page, form, "Enregistrer")
    expect(page.locator(".messages")).to_contain_text("Aucune modification")
    assert state(Synergy.objects.filter(pk=synergy.pk)) == before


def test_a_pooling_opportunity_saved_unchanged_changes_nothing(visit):
    opportunity = PoolingOpportunity.objects.order_by("pk").first()
    before = state(PoolingOpportunity.objects.filter(pk=opportunity.pk))
    page = visit("animation", "375")
    page.goto(f"/flux/mutualisation/{opportunity.pk}/")
    form = page.locator("form", has=page.locator("[name=status]"))
    send_unchanged(page, form, "Enregistrer")
    expect(page.locator(".messages")).to_contain_text("Aucune modification")
    assert state(PoolingOpportunity.objects.filter(pk=opportunity.pk)) == before


def test_a_member_profile_saved_unchanged_changes_nothing(visit):
    # Not pytest-django's `django_user_model` fixture: it asks for `db`, whose transaction
    # would hide the session of `visit` from the live server (an anonymous visit).
    users = get_user_model().objects.filter(username="lea.morel")
    user = users.get()
    profiles = MemberProfile.objects.filter(user=user)
    page = visit("membre")  # signs in: `last_login` changes here, not by the form
    before = state(users, profiles)
    page.goto("/membres/profil/")
    send_unchanged(page, page.locator("main"), "Enregistrer mon profil")
    expect(page.locator(".messages")).to_contain_text("Votre profil a été enregistré")
    assert state(users, profiles) == before


def test_a_survey_answer_saved_unchanged_changes_nothing(visit):
    """A member who answered opens the survey again: the form shows the answer; saved
    unchanged, the answer stays as it was."""
    page = visit("membre")
    survey = next(
        (
            survey
            for survey in TrainingNeedsSurveyPage.objects.live().specific().order_by("path")
            if survey.is_open
        ),
        None,
    )
    assert survey is not None, "the demo has an open survey"
    answers = SurveyAnswer.objects.filter(page=survey)
    before = state(answers)
    page.goto(survey.url)
    form = page.locator("form.form", has=page.locator("input, select, textarea"))
    button = form.get_by_role("button", name=re.compile("Envoyer|Enregistrer"))
    with page.expect_navigation():
        button.click()
    # Unchanged and empty: the survey tells what is missing and stores nothing.
    expect(page.locator(".error-summary")).to_be_visible()
    assert state(answers) == before


@pytest.mark.parametrize(
    ("url", "button", "models"),
    [
        ("/veille/abonnement/", "M'abonner", (Subscriber,)),
        ("/veille/alertes/creer/?q=chaleur", "Créer l'alerte", (SavedSearch,)),
    ],
)
def test_public_forms_sent_unchanged_store_nothing(visit, url, button, models):
    querysets = [model.objects.all() for model in models]
    before = state(*querysets)
    page = visit("anonyme", "375")
    page.goto(url)
    form = page.locator("form.form").last
    send_unchanged(page, form, button)
    assert state(*querysets) == before


def test_a_template_personalisation_previewed_unchanged_changes_nothing(visit):
    from communication_kits.models import CommunicationTemplatePage

    template = CommunicationTemplatePage.objects.live().order_by("path").first()
    tables = [
        model.objects.all()
        for model in (CommunicationTemplatePage, *related_models(CommunicationTemplatePage))
    ]
    before = state(*tables)
    page = visit("membre")
    page.goto(template.url + "personnaliser/")
    form = page.locator("form[method=post]")
    send_unchanged(page, form, "Voir l'aperçu")
    assert state(*tables) == before


def related_models(model):
    return {
        field.related_model
        for field in model._meta.get_fields()
        if field.is_relation and field.auto_created and not field.concrete
    }


def flow_page_offering_an_introduction(username):
    """A flow's page where `username` may ask for an introduction to an anonymised company
    (found by reading the pages the way the server renders them)."""
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    for flow in Flow.objects.order_by("pk")[:80]:
        if 'class="flows-introduction"' in client.get(f"/flux/{flow.pk}/").content.decode():
            return f"/flux/{flow.pk}/"
    raise AssertionError("no flow page offers an introduction")


def test_a_double_click_on_an_introduction_request_sends_one_email(visit, smtp_server):
    """A member of another territory asks to be introduced to an anonymised company."""
    url = flow_page_offering_an_introduction("thomas.muller")
    without_address = list(
        Territory.objects.filter(facilitator_email="").values_list("pk", flat=True)
    )
    Territory.objects.filter(pk__in=without_address).update(
        facilitator_email="animation.territoire@exemple.fr"
    )
    try:
        message = "Bonjour, nous cherchons ce flux : pouvez-vous nous présenter ?"
        page = visit("membre-autre-territoire")
        page.goto(url)
        form = page.locator("form.flows-introduction").first
        form.locator("textarea").fill(message)
        with page.expect_navigation():
            form.get_by_role("button", name="Envoyer la demande").dblclick()
        page.wait_for_load_state("load")
        expect(page.locator(".messages")).to_contain_text("Votre demande a été envoyée")
        # The same request again (a reload that re-posts the form): not sent twice.
        form = page.locator("form.flows-introduction").first
        form.locator("textarea").fill(message)
        with page.expect_navigation():
            form.get_by_role("button", name="Envoyer la demande").click()
        expect(page.locator(".messages")).to_contain_text("déjà partie")
        assert len(smtp_server.messages) == 1, [m["Subject"] for _, m in smtp_server.messages]
    finally:
        Territory.objects.filter(pk__in=without_address).update(facilitator_email="")
