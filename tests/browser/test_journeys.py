"""The four journeys of the portal's users, end to end in Debian's Chromium.

Content and accounts are prepared with the factories; every step a person takes (search,
filter, log in, fill a form, publish, download) goes through the browser. Screenshots of
each step land in var/screenshots/<test name>/.
"""

import html
import io
import os
import re
import time
from uuid import uuid4

import feedparser
import pytest
from docx import Document
from elasticsearch import Elasticsearch
from playwright.sync_api import expect

from search import breaker
from search.engines import elasticsearch as es
from tests.browser.journeys import content
from tests.browser.journeys.accounts import add_inline_child, admin_field, log_in
from tests.support.surveys import SKILLS
from training.models import SurveyAnswer
from veille.models import ItemStatus, MonitoringDigestPage, MonitoringItem

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("wagtail_root")]

# Each journey targets about 30 s (5 to 22 s measured on a loaded 2-core machine); the
# limit doubles that so that a busy CI runner does not fail a journey that works.
JOURNEY_LIMIT_SECONDS = 60


@pytest.fixture
def timed():
    """Measure the journey, fixtures included, and fail it when it drags on."""
    started = time.monotonic()
    yield
    elapsed = time.monotonic() - started
    print(f"journey took {elapsed:.1f} s")  # noqa: T201 - shown with -s
    assert elapsed < JOURNEY_LIMIT_SECONDS, f"the journey took {elapsed:.1f} s"


@pytest.fixture
def terms(db):
    return content.taxonomy()


@pytest.fixture
def elasticsearch_engine(settings):
    """The real Elasticsearch (started by `make test`), with an index prefix of our own."""
    url = os.environ.get("ELASTICSEARCH_URL") or "http://127.0.0.1:9200"
    prefix = f"test-browser-{uuid4().hex[:8]}"
    settings.ELASTICSEARCH_URL = url
    settings.SEARCH_INDEX_PREFIX = prefix
    breaker.reset()
    client = Elasticsearch(url, request_timeout=10)
    health = client.cluster.health(wait_for_status="yellow", timeout="10s")
    assert health["status"] in ("green", "yellow"), f"Elasticsearch is not healthy at {url}"
    yield
    breaker.reset()
    client.indices.delete(index=f"{prefix}-*", ignore_unavailable=True, allow_no_indices=True)


def bar_values(svg):
    """{(series number, bar label): value} of a chart drawn by pygal."""
    values = {}
    for number, series in re.findall(r'class="series serie-(\d+)[^"]*">(.*?)</g></g>', svg, re.S):
        bars = re.findall(
            r'<desc class="value">([^<]*)</desc>.*?<desc class="x_label">([^<]*)</desc>',
            series,
            re.S,
        )
        for value, label in bars:
            values[(int(number), label)] = value
    return values


def row_cells(region, label):
    """The texts of the data cells of the table row headed `label`."""
    row = region.get_by_role("row", name=re.compile(rf"^{re.escape(label)}\b"))
    return row.get_by_role("cell").all_inner_texts()


def results_heading(page):
    return page.get_by_role("heading", level=2, name=re.compile(r"résultats? pour"))


def test_facilitator_finds_wood_waste_sheet_and_downloads_its_tool(
    timed, elasticsearch_engine, site_tree, terms, page, screenshot
):
    wood = content.wood_waste_pages(site_tree, terms)
    es.refresh()  # publishing indexed the pages; make them searchable now

    page.goto("/")
    page.get_by_role("search").get_by_label("Rechercher sur le portail").fill("déchets bois")
    screenshot(page, "home-query")
    page.get_by_role("search").get_by_role("button", name="Rechercher").click()
    expect(results_heading(page)).to_have_text(re.compile(r"^\s*3 résultats pour « déchets bois »"))
    expect(page.get_by_text("mode simplifié")).to_have_count(0)  # Elasticsearch answered
    expect(page.get_by_role("link", name="Mutualiser l'achat d'électricité verte")).to_have_count(0)
    screenshot(page, "results")

    page.get_by_role("group", name="Territoire").get_by_label("Vallée de la Meuse").check()
    page.get_by_role("button", name="Appliquer les filtres").click()
    expect(results_heading(page)).to_have_text(re.compile(r"^\s*2 résultats"))
    expect(
        page.get_by_role("link", name=re.compile("Territoire : Vallée de la Meuse"))
    ).to_be_visible()
    screenshot(page, "territory-filter")

    page.get_by_role("group", name="Thématique").get_by_label("Déchets et matières").check()
    page.get_by_role("button", name="Appliquer les filtres").click()
    expect(results_heading(page)).to_have_text(re.compile(r"^\s*1 résultat pour"))
    expect(
        page.get_by_role("link", name=re.compile("Territoire : Vallée de la Meuse"))
    ).to_be_visible()
    expect(
        page.get_by_role("link", name=re.compile("Thématique : Déchets et matières"))
    ).to_be_visible()
    for other in wood.others:
        expect(page.get_by_role("link", name=other.title, exact=True)).to_have_count(0)
    screenshot(page, "theme-filter")

    page.get_by_role("link", name=wood.sheet.title, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(wood.sheet.title)
    expect(page).to_have_url(re.compile(re.escape(wood.sheet.url) + "$"))
    screenshot(page, "sheet")

    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile(wood.attachment.title)).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".odt")
    with wood.attachment.open_file() as stored:
        assert download.path().read_bytes() == stored.read()
    screenshot(page, "downloaded")


def test_animator_publishes_item_and_digest_found_in_rss(timed, site_tree, terms, page, screenshot):
    animator = content.animator(site_tree.home)
    monitoring = site_tree.section("veille")

    log_in(page, animator.username)
    expect(page).to_have_url(re.compile(r"/admin/$"))
    screenshot(page, "admin-home")

    # The monitoring item: a snippet, published by its status.
    page.get_by_role("link", name="Fragments").click()
    page.get_by_role("link", name=re.compile("^Éléments de veille")).click()
    screenshot(page, "items")
    page.get_by_role("link", name=re.compile("Ajouter.*élément de veille")).click()
    admin_field(page, "Titre").fill("Appel à projets « Territoires d'industrie circulaires »")
    admin_field(page, "Source").fill("Région Grand Est")
    admin_field(page, "Lien").fill("https://www.grandest.fr/appels-a-projets/industrie-circulaire/")
    admin_field(page, "Catégorie", "combobox").select_option(label="Appel à projets / financement")
    admin_field(page, "Statut", "combobox").select_option(label="Publié")
    admin_field(page, "Résumé").fill(
        "Financement des études de synergies inter-entreprises, dépôt avant le 31 mars."
    )
    screenshot(page, "item-form")
    page.get_by_role("button", name=re.compile("^(Enregistrer|Sauvegarder)")).first.click()
    page.wait_for_url(re.compile(r"/admin/snippets/veille/monitoringitem/$"))
    expect(
        page.get_by_role("row", name=re.compile("Territoires d'industrie circulaires"))
    ).to_be_visible()
    screenshot(page, "item-saved")
    item = MonitoringItem.objects.get(title__startswith="Appel à projets « Territoires")
    assert item.status == ItemStatus.PUBLISHED

    # The digest: a page under /veille/, composed of that item, published.
    page.goto(f"/admin/pages/{monitoring.pk}/")
    page.get_by_role("link", name=re.compile("Ajouter une sous-page")).first.click()
    screenshot(page, "page-types")
    page.get_by_role("link", name=re.compile("Lettre de veille", re.IGNORECASE)).first.click()
    # The inline panel's "Ajouter" works once Wagtail's scripts have run: on a busy machine
    # a click before the load event did nothing.
    page.wait_for_load_state("load")
    title = "Veille de novembre 2026"
    admin_field(page, "Titre").fill(title)
    admin_field(page, "Résumé").fill(
        "Les appels à projets et actualités du mois pour les animateurs EIT."
    )
    page.get_by_role("checkbox", name=terms.waste.name, exact=True).check()
    admin_field(page, "Début de la période").fill("01/11/2026")
    admin_field(page, "Fin de la période").fill("30/11/2026")
    add_inline_child(
        page, re.compile("Ajouter.*Élément de veille"), admin_field(page, "Élément", "combobox")
    ).select_option(label=item.title)
    screenshot(page, "digest-form")
    page.get_by_role("button", name="Plus d'actions").click()
    page.get_by_role("button", name="Publier").click()
    page.wait_for_url(re.compile(rf"/admin/pages/{monitoring.pk}/$"))
    expect(page.get_by_role("row", name=re.compile(title))).to_contain_text(
        "Publiée", ignore_case=True
    )
    screenshot(page, "digest-published")

    digest = MonitoringDigestPage.objects.get(title=title)
    assert digest.live
    assert list(digest.items.values_list("pk", flat=True)) == [item.pk]

    page.goto(digest.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_text(item.title).first).to_be_visible()
    screenshot(page, "digest-page")

    response = page.request.get("/veille/rss/")
    assert response.ok
    feed = feedparser.parse(response.body())
    entries = {entry.title: entry for entry in feed.entries}
    assert entries[title].link.endswith(digest.url)
    assert item.title in html.unescape(entries[title].summary)
    assert entries[item.title].link == item.link


def test_territory_personalises_template_and_downloads_docx(
    timed, site_tree, terms, page, screenshot
):
    template = content.communication_template(site_tree, terms)

    page.goto("/communication/")
    page.get_by_role("link", name=template.title, exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(template.title)
    screenshot(page, "template")

    page.get_by_role("link", name="Personnaliser ce modèle").click()
    page.get_by_label("Pré-remplir avec les informations du territoire").select_option(
        label=terms.meuse.name
    )
    page.get_by_role("button", name="Pré-remplir").click()
    expect(page.get_by_label("Nom du territoire")).to_have_value(terms.meuse.name)
    expect(page.get_by_label("Structure porteuse")).to_have_value(terms.meuse.lead_structure)
    page.get_by_label("Zone d'activités").fill("la zone des Écluses")
    page.get_by_role("button", name="Voir l'aperçu").click()
    expect(
        page.get_by_role("heading", name=re.compile(f"{terms.meuse.name} lance"))
    ).to_be_visible()
    screenshot(page, "preview")

    with page.expect_download() as download_info:
        page.get_by_role("button", name=re.compile("Télécharger en Word")).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".docx")
    document = Document(io.BytesIO(download.path().read_bytes()))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "Vallée de la Meuse lance sa démarche d'écologie industrielle" in text
    assert (
        "Syndicat mixte de la Vallée de la Meuse réunit les entreprises de la zone des Écluses"
        in text
    )
    assert terms.meuse.facilitator_email in text
    assert "{{" not in text and "}}" not in text
    screenshot(page, "downloaded")


def test_facilitator_answers_survey_and_animator_sees_results(
    timed, site_tree, terms, page, open_page, screenshot
):
    survey = content.training_survey(site_tree, terms)
    facilitator = content.member(terms.meuse)
    animator = content.animator(site_tree.home)

    log_in(page, facilitator.username, next_url=survey.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(survey.title)
    expect(page.get_by_label("Votre territoire")).to_have_value(terms.meuse.slug)
    screenshot(page, "survey")

    page.get_by_label("Type de structure").select_option(label="Collectivité")
    page.get_by_label("Votre fonction").fill("Chargé de mission EIT")
    for skill, score in zip(SKILLS, (5, 3, 1), strict=True):
        page.get_by_role("group", name=skill, exact=True).get_by_label(f"{score} sur 5").check()
    page.get_by_role("group", name=re.compile("^Format préféré")).get_by_label("Distanciel").check()
    moments = page.get_by_role("group", name=re.compile("^Moments"))
    moments.get_by_label("Matin").check()
    moments.get_by_label("Soir").check()
    page.get_by_label("Nombre de jours par an").fill("3")
    page.get_by_label("Vos attentes").fill("Des ateliers pratiques sur la cartographie des flux.")
    screenshot(page, "survey-filled")
    page.get_by_role("button", name="Envoyer mes réponses").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Merci pour votre réponse")
    screenshot(page, "confirmation")
    assert SurveyAnswer.objects.filter(page=survey, user=facilitator).count() == 1

    results = open_page()
    log_in(results, animator.username, next_url=survey.url)
    results.get_by_role("link", name=re.compile("Résultats de l'enquête")).click()
    expect(results.get_by_text(re.compile(r"^\s*1 réponse\. Retour"))).to_be_visible()
    screenshot(results, "results")

    needs = results.get_by_role("region", name="Vos besoins")
    chart = needs.get_by_role("img", name=re.compile("Notes de 1 à 5"))
    expect(chart).to_be_visible()
    bars = bar_values(chart.evaluate("svg => svg.outerHTML"))
    for skill, score in zip(SKILLS, (5, 3, 1), strict=True):
        assert [bars[(number, skill)] for number in range(5)] == [
            "1" if number == score - 1 else "0" for number in range(5)
        ]
        expected = ["1" if value == score else "0" for value in range(1, 6)]
        assert row_cells(needs, skill)[:6] == [*expected, "1"]
    for question, chosen, others in (
        ("Format préféré", ["Distanciel"], ["Présentiel"]),
        ("Moments", ["Matin", "Soir"], ["Après-midi"]),
    ):
        region = results.get_by_role("region", name=question)
        bars = bar_values(region.get_by_role("img").evaluate("svg => svg.outerHTML"))
        for choice in chosen:
            assert bars[(0, choice)] == "1"
            assert row_cells(region, choice) == ["1", "100,0 %"]
        for choice in others:
            assert bars[(0, choice)] == "0"
            assert row_cells(region, choice) == ["0", "0,0 %"]
    expect(
        results.get_by_text("Des ateliers pratiques sur la cartographie des flux.")
    ).to_be_visible()
    screenshot(results, "results-details")
