"""In Chromium: the public pages and the Wagtail admin run without one CSP violation.

Every `securitypolicyviolation` event of every document, and every console message about
the Content Security Policy, is collected through the whole walk."""

from decimal import Decimal

import pytest
from django.test import Client

from portal.axes import Axis
from portal.factories import (
    ExperienceFeedbackPageFactory,
    IndicatorGuidePageFactory,
    IndicatorValueFactory,
    TerritoryFactory,
    TrainingNeedsSurveyPageFactory,
    UserFactory,
)
from tests.support.surveys import QUESTIONS, store_known_answers

# wagtail_root: the root page and collection a previous transactional test flushed away.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("wagtail_root")]

LISTEN = """
document.addEventListener("securitypolicyviolation", (event) => {
    window.reportViolation(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
        + ` at ${event.sourceFile || document.location.pathname}:${event.lineNumber}`);
});
"""


@pytest.fixture
def violations(page):
    found = []
    page.context.expose_binding("reportViolation", lambda source, text: found.append(text))
    page.context.add_init_script(LISTEN)
    page.on(
        "console",
        lambda message: (
            found.append(f"console: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return found


@pytest.fixture
def content(site_tree):
    territory = TerritoryFactory(name="Vallée de démonstration", slug="vallee-demo")
    TerritoryFactory(name="Plateau d'exemple", slug="plateau-exemple")
    indicator = IndicatorGuidePageFactory(
        parent=site_tree.section(Axis.INDICATORS), title="Déchets évités", code="dechets", unit="t"
    )
    for year, value in ((2022, 80), (2023, 120), (2024, 150)):
        IndicatorValueFactory(
            territory=territory, indicator=indicator, year=year, value=Decimal(value)
        )
    feedback = ExperienceFeedbackPageFactory(
        parent=site_tree.section(Axis.KNOWLEDGE),
        title="Mutualisation des palettes de bois",
        territories=[territory],
    )
    survey = TrainingNeedsSurveyPageFactory(
        parent=site_tree.section(Axis.TRAINING), title="Campagne 2025", form_fields=QUESTIONS
    )
    store_known_answers(survey)
    return {"feedback": feedback, "survey": survey}


def sign_in(page, live_server):
    """A superuser's session cookie in the browser (the login form is tested elsewhere)."""
    client = Client()
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def visit(page, path):
    response = page.goto(path)
    assert response.status == 200, path
    page.wait_for_load_state("networkidle")
    return response


def test_public_pages_and_admin_raise_no_csp_violation(
    page, live_server, violations, content, screenshot
):
    visit(page, "/")
    assert "script-src 'self';" in visit(page, "/").headers["content-security-policy"] + ";"

    visit(page, "/indicateurs/tableau-de-bord/")
    chart = page.locator("svg.pygal-chart").first
    assert chart.is_visible()
    # The chart's own stylesheet applied (it is allowed by the nonce, not refused).
    font = chart.evaluate("svg => getComputedStyle(svg.querySelector('.title, text')).fontFamily")
    assert "system-ui" in font
    screenshot(page, "dashboard")

    for path in (
        content["feedback"].url,
        "/savoirs/",
        content["survey"].url,  # the survey form
        "/veille/abonnement/",
        "/veille/alertes/creer/?q=bois",
        "/membres/connexion/",
    ):
        visit(page, path)

    visit(page, "/recherche/")
    page.get_by_label("Mots-clés").press_sequentially("mutua", delay=50)
    page.get_by_role("option").first.wait_for()
    screenshot(page, "suggestions")

    sign_in(page, live_server)
    visit(page, content["survey"].results_url())
    assert page.locator("svg.pygal-chart").count() > 0
    screenshot(page, "survey-results")

    visit(page, "/admin/")
    assert page.get_by_role("heading", level=1).count() > 0
    visit(page, f"/admin/pages/{content['feedback'].pk}/edit/")
    page.get_by_role("button", name="Enregistrer le brouillon").wait_for(state="attached")
    screenshot(page, "page-editor")
    visit(page, f"/admin/pages/{content['feedback'].pk}/")

    assert violations == []
