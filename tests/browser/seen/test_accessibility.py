"""Accessibility of the demo's public pages in Chromium: axe-core finds no serious or
critical violation on one page of every public type, nor on a form in its error state,
and the accessibility statement is honest."""

import datetime
from contextlib import contextmanager

from axe_playwright_python.sync_playwright import Axe
from django.template.loader import render_to_string
from django.utils import timezone
from wagtail.models import Page

from tests.browser.test_accessibility import BLOCKING_IMPACTS, axe_violations
from training.models import TrainingNeedsSurveyPage

# Pages that are not Wagtail pages of their own type, or a state of one.
EXTRA_URLS = [
    "/veille/archives/",
    "/veille/abonnement/",
    "/veille/abonnement/merci/",
    "/indicateurs/tableau-de-bord/",
    "/territoires/",
    "/territoires/meuse-ressources/",
    "/recherche/",
    "/recherche/?q=chaleur&sort=relevance",
    "/recherche/?q=d%C3%A9chets&axis=savoirs",
    "/page-qui-n-existe-pas/",
]


@contextmanager
def survey_open_to_everyone():
    """The demo's surveys are for members: one campaign opened to anonymous answers for the
    test, then set back (the demo is shared by the package)."""
    survey = TrainingNeedsSurveyPage.objects.live().order_by("path").first()
    before = (survey.opens_at, survey.closes_at, survey.allow_anonymous)
    now = timezone.now()
    survey.opens_at = now - datetime.timedelta(days=1)
    survey.closes_at = now + datetime.timedelta(days=30)
    survey.allow_anonymous = True
    survey.save()
    try:
        yield survey
    finally:
        survey.opens_at, survey.closes_at, survey.allow_anonymous = before
        survey.save()


def one_url_per_page_type():
    """{page type: URL} for the first live page of every public page type."""
    urls = {}
    for page in Page.objects.live().public().specific().order_by("path"):
        if page.depth > 1:
            urls.setdefault(type(page).__name__, page.url)
    return urls


def test_every_public_page_type_has_no_serious_axe_violation(visit, screenshot, capsys):
    page = visit("anonyme", "1280")
    with survey_open_to_everyone() as survey:
        check_every_public_page_type(page, survey, screenshot, capsys)


def check_every_public_page_type(page, survey, screenshot, capsys):
    urls = one_url_per_page_type()
    assert {
        "HomePage",
        "SectionPage",
        "StandardPage",
        "ExperienceFeedbackPage",
        "MethodologySheetPage",
        "IndicatorGuidePage",
        "MonitoringDigestPage",
        "TrainingNeedsSurveyPage",
        "CommunicationTemplatePage",
        "CollectionPage",
    } <= set(urls)
    urls["TrainingNeedsSurveyPage"] = survey.url
    targets = [
        *urls.items(),
        ("personnalisation", urls["CommunicationTemplatePage"] + "personnaliser/"),
    ]
    targets += [(url, url) for url in EXTRA_URLS]
    axe = Axe()
    found = []
    for label, url in targets:
        response = page.goto(url)
        expected = 404 if url == "/page-qui-n-existe-pas/" else 200
        assert response.status == expected, f"{label} ({url}) answered {response.status}"
        assert page.locator("main#contenu h1").count() == 1, f"{label}: one h1 in main"
        assert page.locator("footer a[href='/accessibilite/']").count() == 1, label
        found += axe_violations(page, axe, f"{label} ({url})")

    # Pages in their error state: a form sent back with errors, a survey answered badly.
    page.goto("/veille/abonnement/")
    page.fill("input[name=email]", "pas-une-adresse")
    page.click("form.form button[type=submit]")
    found += axe_violations(page, axe, "abonnement avec erreur")
    page.goto(survey.url)
    page.click("form.form button[type=submit]")
    assert page.locator(".error-summary").is_visible()
    screenshot(page, "survey-errors")
    found += axe_violations(page, axe, "enquête avec erreurs")

    # The standalone 500 page, served by the same origin so that its stylesheet loads.
    page.goto("/healthz")
    page.set_content(render_to_string("500.html"))
    found += axe_violations(page, axe, "500")

    minor = [line for impact, line in found if impact not in BLOCKING_IMPACTS]
    with capsys.disabled():
        print(f"\naxe-core: {len(targets) + 3} pages, moderate or minor violations: {len(minor)}")  # noqa: T201
        for line in minor:
            print(f"  {line}")  # noqa: T201
    problems = [line for impact, line in found if impact in BLOCKING_IMPACTS]
    assert not problems, "axe-core violations:\n" + "\n".join(problems)

    # The accessibility statement is honest: partial compliance, how it was tested, a contact.
    page.goto("/accessibilite/")
    statement = page.locator("main").inner_text()
    assert "partiellement conforme" in statement
    assert "axe-core" in statement
    assert "@" in statement
