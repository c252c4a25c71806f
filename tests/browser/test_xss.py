"""An XSS corpus through every sink an editor, a respondent or a visitor can write to,
rendered by headless Chromium: nothing runs, no dialog opens, no handler or javascript:
URL reaches the page.

Sinks: a knowledge page's title, summary, Markdown body and tags (on the page, in the
section listing, in search results and suggestions), survey free-text answers (on the staff
results page), communication template placeholder values (the personalisation preview; the
downloads are attachments), and search queries (echo, highlight, facet chips).
"""

from urllib.parse import urlencode

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group, Permission
from django.test import Client

from portal.axes import Axis
from portal.factories import (
    MethodologySheetPageFactory,
    TerritoryFactory,
    TrainingNeedsSurveyPageFactory,
    UserFactory,
)
from portal.roles import ANIMATION_GROUP
from tests.communication_kits.conftest import download_url, form_data, make_template
from tests.communication_kits.conftest import personalise_url as personalise_path
from tests.support.surveys import QUESTIONS
from tests.support.xss_corpus import PAYLOADS

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("wagtail_root")]

PROBE = "xsssonde"  # a plain word in every payload page, to find them all in the search
INSPECT = """() => {
    const found = [];
    const dangerous = /^(javascript|vbscript|data:text\\/html)/;
    for (const el of document.querySelectorAll("*")) {
        for (const attr of el.attributes) {
            const name = attr.name.toLowerCase();
            const value = attr.value.replace(/[\\s\\u0000-\\u001f]/g, "").toLowerCase();
            if (name.startsWith("on")) found.push(`${el.tagName} ${name}`);
            if (["href", "src", "action", "formaction", "data", "xlink:href"].includes(name)
                && dangerous.test(value)) found.push(`${el.tagName} ${name}=${attr.value}`);
            if (name === "style" && /(javascript|expression)/.test(value))
                found.push(`${el.tagName} style`);
        }
    }
    const main = document.querySelector("main");
    for (const el of main.querySelectorAll("script, iframe, object, embed, svg script")) {
        found.push(`<${el.tagName.toLowerCase()}> in main`);
    }
    for (const script of document.scripts) {
        if (script.textContent.includes("__xss")) found.push("script with __xss");
    }
    return {xss: window.__xss === undefined ? null : String(window.__xss), found};
}"""


class Sweep:
    """Loads pages in one browser tab and checks each for executed or injected script."""

    def __init__(self, page):
        self.page = page
        self.dialogs = []
        self.checks = 0
        page.on("dialog", self._on_dialog)

    def _on_dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def check(self, where, combinations=1):
        self.page.wait_for_timeout(30)  # lets toggle and load events fire
        state = self.page.evaluate(INSPECT)
        assert not self.dialogs, f"{where}: a dialog opened: {self.dialogs}"
        assert state["xss"] is None, f"{where}: a payload ran"
        assert not state["found"], f"{where}: {state['found']}"
        self.checks += combinations

    def visit(self, url, combinations=1):
        response = self.page.goto(url)
        assert response.status < 500, f"{url}: {response.status}"
        self.check(url, combinations)
        return response


@pytest.fixture
def sweep(page, settings):
    settings.ELASTICSEARCH_URL = ""  # the database engine; the markup is the engines' shared one
    return Sweep(page)


def payload_pages(site_tree):
    section = site_tree.section(Axis.KNOWLEDGE)
    return [
        MethodologySheetPageFactory(
            parent=section,
            title=f"Sonde {number} {payload}"[:255],
            slug=f"sonde-{number}",
            summary=f"{PROBE} {payload}",
            body=[("markdown", f"{PROBE} {payload}\n\n{payload}")],
            objective=payload,
            prerequisites=payload,
            tags=[f"{number} {payload}"[:100]],
        )
        for number, payload in enumerate(PAYLOADS)
    ]


def test_markdown_and_metadata_of_knowledge_pages(sweep, site_tree, live_server):
    pages = payload_pages(site_tree)
    for knowledge_page in pages:
        sweep.visit(knowledge_page.url)
    section_url = site_tree.section(Axis.KNOWLEDGE).url
    for number in (1, 2, 3):
        sweep.visit(f"{section_url}?page={number}", combinations=0)
    sweep.checks += len(PAYLOADS)  # the listing pages together show every payload
    sweep.visit("/", combinations=0)
    for number in (1, 2, 3):
        sweep.visit(f"/recherche/?q={PROBE}&page={number}", combinations=0)
    sweep.checks += len(PAYLOADS)  # the result pages together show every payload

    # Suggestions as you type, rendered by suggest.js.
    sweep.visit("/recherche/", combinations=0)
    field = sweep.page.locator("#search-q")
    for prefix in ("Sonde", "Sonde 1", "Sonde 2"):
        field.fill("")
        field.press_sequentially(prefix, delay=20)
        options = sweep.page.locator("[role=option]")
        options.first.wait_for()
        sweep.check(f"suggestions for {prefix}", combinations=options.count())
    print(  # noqa: T201 - the figures this test reports
        f"\n[xss] knowledge pages: {sweep.checks} payload × sink combinations checked"
    )
    assert sweep.checks >= 4 * len(PAYLOADS)


def test_search_queries_echo_highlight_and_chips(sweep, site_tree):
    MethodologySheetPageFactory(
        parent=site_tree.section(Axis.KNOWLEDGE),
        title="Script et alerte au chargement",
        summary="Un onerror, une image, un script, window et alert dans le texte.",
    )
    for payload in PAYLOADS:
        sweep.visit("/recherche/?" + urlencode({"q": payload}))  # echo and highlight
        assert sweep.page.locator("#search-q").input_value() == " ".join(payload.split())
        facets = {"q": payload, "tag": payload, "theme": payload, "territory": payload}
        sweep.visit("/recherche/?" + urlencode(facets))  # and the chips of selected values
    print(  # noqa: T201 - the figures this test reports
        f"\n[xss] search queries: {sweep.checks} payload × sink combinations checked"
    )


def animator_cookie(live_server):
    group, _ = Group.objects.get_or_create(name=ANIMATION_GROUP)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="training",
            codename__in=["view_surveyanswer", "delete_surveyanswer"],
        )
    )
    animator = UserFactory(username="animation.xss", is_staff=True)
    animator.groups.add(group)
    client = Client()
    client.force_login(animator)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    return {"name": cookie.key, "value": cookie.value, "url": live_server.url}


def test_survey_free_text_answers_on_the_results_page(sweep, site_tree, live_server):
    territory = TerritoryFactory(name="Vallée de démonstration", slug="vallee-demo")
    survey = TrainingNeedsSurveyPageFactory(
        parent=site_tree.section(Axis.TRAINING),
        title="Campagne XSS",
        form_fields=QUESTIONS,
        allow_anonymous=True,
    )
    for number, payload in enumerate(PAYLOADS):
        survey.store_answer(
            f"xss:{number}",
            {
                "votre_territoire": territory.slug,
                "type_de_structure": "association",
                "votre_fonction": payload[:100],
                "vos_besoins": {"Cartographie des flux": 3},
                "format_prefere": "Présentiel",
                "moments": ["Matin"],
                "vos_attentes": payload,
            },
        )
    sweep.page.context.add_cookies([animator_cookie(live_server)])
    response = sweep.visit(survey.results_url(), combinations=len(PAYLOADS))
    assert response.status == 200
    html = sweep.page.content()
    assert html.count("window.__xss") >= len(PAYLOADS) - 4  # shown, as text
    print(  # noqa: T201 - the figures this test reports
        f"\n[xss] survey answers: {sweep.checks} payload × sink combinations checked"
    )


def test_communication_template_placeholder_values(sweep, site_tree):
    template = make_template(site_tree.section(Axis.COMMUNICATION), slug="communique-xss")
    url = personalise_path(template)
    for payload in PAYLOADS:
        sweep.visit(url, combinations=0)
        for field in sweep.page.locator("form[method=post] input[name^='v_']").all():
            field.fill(payload)
        sweep.page.get_by_role("button", name="Voir l'aperçu").click()
        sweep.page.wait_for_load_state()
        sweep.check(f"preview of {payload!r}")
    client = Client()
    attachments = 0
    for payload in PAYLOADS:
        for fmt in ("docx", "odt", "txt"):
            response = client.post(download_url(template, fmt), form_data(v_nom_zone=payload))
            assert response.status_code in (200, 400), (fmt, response.status_code)
            if response.status_code == 200:
                assert response["Content-Disposition"].startswith("attachment;"), fmt
                assert not response["Content-Type"].startswith("text/html"), fmt
                attachments += 1
    assert attachments
    print(  # noqa: T201 - the figures this test reports
        f"\n[xss] placeholders: {sweep.checks} previews checked, "
        f"{attachments} downloads served as attachments"
    )


@pytest.mark.parametrize(
    "markup",
    [
        '<main><img src="x" onerror="window.__xss=1"></main>',
        "<main><script>alert(1)</script></main>",
        '<main><a href=" javascript:void(0)">lien</a></main>',
    ],
)
def test_the_sweep_catches_an_injection(sweep, markup):
    """The checks can fail: a page where a payload got through is reported."""
    sweep.page.set_content(markup)
    with pytest.raises(AssertionError):
        sweep.check("a page with an injected payload")
