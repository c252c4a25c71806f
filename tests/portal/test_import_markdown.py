"""`manage.py import_markdown`: fixture files of every type, errors, dry run, idempotence."""

import datetime
import shutil
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import Page, PageViewRestriction, Revision

from capitalisation.models import ExperienceFeedbackPage, IndicatorGuidePage, MethodologySheetPage
from communication_kits.models import CommunicationTemplatePage
from portal.factories import (
    AudienceFactory,
    DocumentFactory,
    ExperienceFeedbackPageFactory,
    ThemeFactory,
)
from portal.permissions_setup import ensure_roles
from portal.roles import ANIMATION_GROUP, MEMBERS_GROUP
from search import service
from search.engines.base import SearchQuery
from training.models import TrainingNeedsSurveyPage
from veille.models import MonitoringDigestPage

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "knowledge"
FEEDBACK = "reemploi-palettes-zone-des-ecluses.md"
MINIMAL = """---
type: capitalisation.ExperienceFeedbackPage
title: Mutualisation des collectes de cartons
slug: {slug}
summary: Trois entreprises partagent une collecte de cartons.
themes: [dechets]
synergy_type: mutualisation
status: en_cours
year: 2024
{extra}---

{body}
"""


@pytest.fixture
def terms(site_tree, taxonomy):
    return {
        **taxonomy,
        "waste": ThemeFactory(name="Déchets", slug="dechets"),
        "authorities": AudienceFactory(name="Collectivités", slug="collectivites"),
    }


@pytest.fixture
def folder(tmp_path):
    """A writable copy of the fixture folder."""
    return Path(shutil.copytree(FIXTURES, tmp_path / "knowledge"))


def run_import(path, *options):
    out = StringIO()
    call_command("import_markdown", str(path), *options, stdout=out)
    return out.getvalue()


def run_rejected(path, *options):
    out = StringIO()
    with pytest.raises(CommandError, match="rejeté"):
        call_command("import_markdown", str(path), *options, stdout=out)
    return out.getvalue()


def write(folder, name, text, encoding="utf-8"):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return path


def minimal(slug="cartons", extra="", body="Une collecte partagée chaque mardi."):
    return MINIMAL.format(slug=slug, extra=extra, body=body)


def footprint():
    return (Page.objects.count(), Revision.objects.count(), Tag.objects.count())


def test_fixture_folder_becomes_drafts_of_every_type(terms):
    output = run_import(FIXTURES)

    assert "[1/6] créé" in output and "[6/6] créé" in output
    assert "créé            6" in output and "rejeté          0" in output
    models = [
        ExperienceFeedbackPage,
        MethodologySheetPage,
        IndicatorGuidePage,
        MonitoringDigestPage,
        CommunicationTemplatePage,
        TrainingNeedsSurveyPage,
    ]
    for model in models:
        page = model.objects.get()
        assert not page.live and page.latest_revision is not None
        assert page.get_parent().specific.axis == model.axis


def test_every_field_of_an_experience_feedback_is_mapped(terms):
    run_import(FIXTURES / FEEDBACK)

    page = ExperienceFeedbackPage.objects.get().get_latest_revision_as_object()
    assert page.slug == "reemploi-palettes-zone-des-ecluses"
    assert page.summary.startswith("Une menuiserie reprend chaque semaine")
    assert list(page.territories.all()) == [terms["territory"]]
    assert {theme.slug for theme in page.themes.all()} == {"energie", "dechets"}  # name, slug
    assert list(page.audiences.all()) == [terms["audience"]]  # one value, not a list
    assert sorted(page.tags.names()) == ["logistique", "palettes", "réemploi"]
    assert page.publication_date == datetime.date(2025, 3, 14)
    assert page.last_reviewed == datetime.date(2026, 1, 20)
    assert page.next_review == datetime.date(2027, 1, 20)
    assert (page.synergy_type, page.status, page.year) == ("substitution", "en_cours", 2023)
    assert page.flows == ["matieres", "dechets"]
    assert page.partner_list() == ["Menuiserie des Écluses", "Plateforme logistique du Port sec"]
    assert "**300 palettes**" in page.context
    assert page.energy_mwh_saved == Decimal("35.5")
    assert page.co2e_tonnes_avoided == Decimal("42.25")
    assert page.water_m3_saved is None and page.jobs == 1
    assert page.contacts[0].value["email"] == "claire.martin@exemple.fr"
    assert [block.block_type for block in page.body] == ["markdown"]
    assert page.body[0].value.startswith("## Ce que nous referions")


def test_inline_items_and_stream_data_are_imported(terms):
    run_import(FIXTURES)

    sheet = MethodologySheetPage.objects.get().get_latest_revision_as_object()
    assert [step.value["title"] for step in sheet.steps] == [
        "Préparer la collecte",
        "Rencontrer les entreprises",
        "Restituer en atelier",
    ]
    assert sheet.difficulty == 2 and sheet.next_review is None
    template = CommunicationTemplatePage.objects.get().get_latest_revision_as_object()
    assert [p.name for p in template.placeholders.all()] == ["nom_territoire", "nombre_entreprises"]
    survey = TrainingNeedsSurveyPage.objects.get().get_latest_revision_as_object()
    assert [q.clean_name for q in survey.form_fields.all()] == [
        "themes_de_formation_souhaites",
        "vos_remarques",
    ]
    assert survey.opens_at == datetime.datetime.fromisoformat("2026-01-05T09:00:00+01:00")


def test_dry_run_validates_and_writes_nothing(terms, tmp_path):
    before = footprint()
    write(tmp_path / "bad", "bad.md", minimal(extra="territories: [atlantide]\n"))

    output = run_import(FIXTURES, "--dry-run")

    assert "Simulation (--dry-run)" in output and "créé            6" in output
    assert footprint() == before
    output = run_rejected(tmp_path / "bad", "--dry-run")
    assert "atlantide" in output and footprint() == before


def test_rerun_is_idempotent_and_updates_changed_files(terms, folder):
    run_import(folder)
    counts = footprint()[0], ExperienceFeedbackPage.objects.count()

    output = run_import(folder)
    assert "inchangé        6" in output
    assert (Page.objects.count(), ExperienceFeedbackPage.objects.count()) == counts

    path = folder / FEEDBACK
    path.write_text(path.read_text().replace("year: 2023", "year: 2022"), encoding="utf-8")
    output = run_import(folder)
    assert "[6/6] mis à jour" not in output and "mis à jour      1" in output
    assert "inchangé        5" in output
    assert (Page.objects.count(), ExperienceFeedbackPage.objects.count()) == counts
    page = ExperienceFeedbackPage.objects.get()
    assert page.get_latest_revision_as_object().year == 2022


def test_publish_publishes_and_syncs_search(terms):
    run_import(FIXTURES / FEEDBACK)
    assert service.search(SearchQuery(q="menuiserie")).total == 0  # a draft is not indexed

    output = run_import(FIXTURES, "--publish")

    assert "mis à jour      1" in output and "créé            5" in output
    assert all(page.live for page in Page.objects.type(ExperienceFeedbackPage, IndicatorGuidePage))
    response = service.search(SearchQuery(q="menuiserie"))
    assert response.engine == "database"
    assert [result.title for result in response.results] == [
        "Réemploi des palettes entre deux entreprises de la zone des Écluses"
    ]
    assert "inchangé        6" in run_import(FIXTURES, "--publish")


def test_publish_of_an_unchanged_draft_publishes_it(terms):
    run_import(FIXTURES / FEEDBACK)
    output = run_import(FIXTURES / FEEDBACK, "--publish")
    assert "mis à jour" in output.splitlines()[0]
    assert ExperienceFeedbackPage.objects.get().live


def test_html_and_scripts_are_kept_as_text_and_sanitised_at_render(terms, tmp_path, client):
    body = (
        "Avant <script>alert('x')</script> après.\n\n"
        '<img src=x onerror="alert(1)"> [lien](javascript:alert(2)) **gras**'
    )
    extra = "results: \"Résultat <script>alert('r')</script> **net**\"\n"
    rich = 'body:\n- type: rich_text\n  value: <p onclick="alert(3)">Riche<script>x</script></p>\n'
    write(tmp_path, "html.md", minimal(extra=extra + rich, body=body))
    run_import(tmp_path, "--publish")

    page = ExperienceFeedbackPage.objects.get()
    assert "<script>" in page.body[1].value and "<script>" in page.results  # stored as written
    stored_rich_text = page.body[0].value.source  # rich text is HTML: cleaned on import
    assert stored_rich_text.startswith("<p>Riche") and "<script" not in stored_rich_text
    assert "onclick" not in stored_rich_text
    html = client.get(page.url).content.decode()
    assert "<strong>gras</strong>" in html and "<strong>net</strong>" in html
    assert "<script>alert" not in html and "onerror" not in html and "javascript:" not in html
    assert "onclick" not in html


def test_a_bad_file_is_reported_and_the_others_imported(terms, tmp_path):
    write(tmp_path, "a-bon.md", minimal(slug="bon"))
    write(tmp_path, "b-mauvais.md", minimal(slug="mauvais", extra="year: 1800\n"))

    output = run_rejected(tmp_path)

    assert "[1/2] créé" in output and "[2/2] rejeté" in output
    assert "year :" in output
    assert list(ExperienceFeedbackPage.objects.values_list("slug", flat=True)) == ["bon"]


BAD_FILES = {
    "unclosed": ("---\ntype: capitalisation.ExperienceFeedbackPage\ntitle: x\n", "pas fermé"),
    "no front matter": ("# Un titre\n\nDu texte.\n", "doit commencer par"),
    "broken yaml": (minimal(extra="tags: [a, b\n"), "YAML illisible"),
    "yaml list": ("---\n- a\n- b\n---\n", "clé: valeur"),
    "yaml alias": (minimal(extra="tags: &t [a]\ncontext: *t\n"), "alias"),
    "deep nesting": (minimal(extra="tags: " + "[" * 3000 + "]" * 3000 + "\n"), "illisible"),
    "unknown type": (minimal().replace("capitalisation.Experience", "blog.Blog"), "type inconnu"),
    "unknown territory": (
        minimal(extra="territories: [atlantide]\n"),
        "territoires introuvables : atlantide",
    ),
    "unknown theme": (minimal().replace("[dechets]", "[dechets, alchimie]"), "alchimie"),
    "unknown field": (minimal(extra="couleur: bleu\n"), "champs inconnus pour ce type : couleur"),
    "bad choice": (minimal().replace("en_cours", "en_pause"), "status :"),
    "bad list choice": (minimal(extra="flows: [plutonium]\n"), "plutonium"),
    "bad date": (minimal(extra="date: 2025-02-30\n"), "date :"),
    "future review": (minimal(extra="last_reviewed: 2999-01-01\n"), "dans le futur"),
    "no theme": (minimal().replace("themes: [dechets]\n", ""), "au moins une thématique"),
    "bad stream": (minimal(extra="contacts: [{type: contact, value: {}}]\n"), "contacts[1].name"),
    "unknown block": (minimal(extra="body: [{type: video, value: x}]\n"), "video"),
    "negative gain": (minimal(extra="euros_saved: -5\n"), "négative"),
    "missing year": (minimal().replace("year: 2024\n", ""), "year : Ce champ ne peut pas"),
    "missing status": (minimal().replace("status: en_cours\n", ""), "status : Ce champ"),
    "unknown restriction": (minimal(extra="restriction: secret\n"), "restriction : valeur"),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_bad_input_is_rejected_with_its_reason_and_leaves_no_trace(terms, tmp_path, case):
    text, reason = BAD_FILES[case]
    write(tmp_path, "fichier.md", text)
    before = footprint()

    output = run_rejected(tmp_path, "--publish")

    assert "[1/1] rejeté" in output and reason in output
    assert footprint() == before


def test_horizontal_rules_in_text_fields_and_body_survive(terms, tmp_path):
    extra = "context: |-\n  Avant\n\n  ---\n\n  Après\n"
    write(tmp_path, "hr.md", minimal(extra=extra, body="Haut\n\n---\n\nBas"))

    run_import(tmp_path)

    page = ExperienceFeedbackPage.objects.get().get_latest_revision_as_object()
    assert page.context == "Avant\n\n---\n\nAprès"
    assert page.body[0].value == "Haut\n\n---\n\nBas"


def test_tags_of_a_rejected_file_leave_no_trace(terms, tmp_path):
    write(tmp_path, "x.md", minimal(extra="tags: [nouvelle-etiquette]\nyear: 1800\n"))
    run_rejected(tmp_path)
    assert not Tag.objects.filter(name="nouvelle-etiquette").exists()


def test_duplicate_slugs_in_one_folder_are_rejected(terms, tmp_path):
    write(tmp_path, "a.md", minimal(slug="cartons"))
    write(tmp_path, "b.md", minimal(slug="cartons", extra="year: 2020\n"))

    output = run_rejected(tmp_path)

    assert "en double : déjà importé depuis a.md" in output
    assert ExperienceFeedbackPage.objects.get().get_latest_revision_as_object().year == 2024


def test_slug_taken_by_another_type_is_rejected(terms, site_tree, tmp_path):
    from portal.factories import MethodologySheetPageFactory

    MethodologySheetPageFactory(parent=site_tree.section("savoirs"), slug="cartons")
    write(tmp_path, "a.md", minimal(slug="cartons"))

    output = run_rejected(tmp_path)

    assert "déjà utilisé dans" in output and "fiche méthodologique" in output


def test_existing_page_is_updated_not_duplicated(terms, site_tree, tmp_path):
    page = ExperienceFeedbackPageFactory(
        parent=site_tree.section("savoirs"), slug="cartons", themes=[terms["waste"]]
    )
    write(tmp_path, "a.md", minimal(slug="cartons"))

    output = run_import(tmp_path)

    assert "mis à jour" in output
    assert ExperienceFeedbackPage.objects.count() == 1
    page.refresh_from_db()
    assert page.live and page.has_unpublished_changes  # a draft over the live version
    assert page.get_latest_revision_as_object().synergy_type == "mutualisation"


def test_huge_and_non_utf8_files_are_rejected(terms, tmp_path):
    write(tmp_path, "a-gros.md", minimal(body="x" * 3000))
    write(tmp_path, "b-latin1.md", minimal(body="Des économies d'énergie."), encoding="latin-1")

    output = run_rejected(tmp_path, "--max-size", "2048")

    assert "fichier trop volumineux : 3 ko (limite : 2 ko)" in output
    assert "pas en UTF-8" in output
    assert not ExperienceFeedbackPage.objects.exists()


def test_default_size_limit_is_one_megabyte(terms, tmp_path):
    write(tmp_path, "gros.md", minimal(body="Un long retour d'expérience. " * 40_000))
    output = run_rejected(tmp_path)
    assert "limite : 1,0 Mo" in output


def test_missing_path_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="n'existe pas"):
        call_command("import_markdown", str(tmp_path / "absent"))


def test_missing_required_field_is_named_without_a_traceback(terms, tmp_path):
    write(tmp_path, "sans-annee.md", minimal().replace("year: 2024\n", ""))
    before = footprint()

    output = run_rejected(tmp_path, "--publish")

    assert "year : Ce champ ne peut pas contenir la valeur nulle." in output
    assert "erreur inattendue" not in output and "IntegrityError" not in output
    assert footprint() == before


def test_indicator_code_already_used_is_rejected_and_nothing_saved(terms, tmp_path):
    run_import(FIXTURES / "tonnes-de-dechets-evites.md", "--publish")
    other = (FIXTURES / "tonnes-de-dechets-evites.md").read_text(encoding="utf-8")
    write(tmp_path, "copie.md", other.replace("slug: tonnes-de-dechets-evites", "slug: copie"))
    before = footprint()

    output = run_rejected(tmp_path, "--publish")

    assert "code : Un objet Guide d'indicateur avec ce champ Code existe déjà." in output
    assert "erreur inattendue" not in output
    assert footprint() == before
    assert list(IndicatorGuidePage.objects.values_list("slug", flat=True)) == [
        "tonnes-de-dechets-evites"
    ]


def test_members_only_restriction_is_set_once(terms, tmp_path):
    ensure_roles()
    write(tmp_path, "reserve.md", minimal(slug="reserve", extra="restriction: membres\n"))

    output = run_import(tmp_path, "--publish")

    assert "[1/1] créé" in output
    page = ExperienceFeedbackPage.objects.get(slug="reserve")
    restriction = PageViewRestriction.objects.get(page=page)
    assert restriction.restriction_type == PageViewRestriction.GROUPS
    assert {group.name for group in restriction.groups.all()} == {MEMBERS_GROUP, ANIMATION_GROUP}
    assert not ExperienceFeedbackPage.objects.public().filter(pk=page.pk).exists()
    assert "inchangé        1" in run_import(tmp_path, "--publish")
    assert PageViewRestriction.objects.count() == 1


def test_restriction_added_to_an_unchanged_page_counts_as_an_update(terms, tmp_path):
    ensure_roles()
    path = write(tmp_path, "reserve.md", minimal(slug="reserve"))
    run_import(tmp_path, "--publish")
    path.write_text(minimal(slug="reserve", extra="restriction: membres\n"), encoding="utf-8")

    assert "mis à jour      1" in run_import(tmp_path, "--publish")
    assert PageViewRestriction.objects.filter(page__slug="reserve").exists()


def test_restriction_needs_the_network_groups(terms, tmp_path):
    write(tmp_path, "reserve.md", minimal(slug="reserve", extra="restriction: membres\n"))
    output = run_rejected(tmp_path)
    assert "lancez manage.py setup_roles" in output
    assert not ExperienceFeedbackPage.objects.exists()


def test_published_pages_are_dated_by_their_date(terms, tmp_path):
    write(tmp_path, "date.md", minimal(extra="date: 2021-10-14\n"))
    run_import(tmp_path, "--publish")
    page = ExperienceFeedbackPage.objects.get()
    assert timezone.localtime(page.first_published_at).date() == datetime.date(2021, 10, 14)
    assert page.last_published_at > page.first_published_at


def test_attachment_stored_under_another_name_is_found_by_its_title(terms, tmp_path):
    document = DocumentFactory(title="Grille d'entretien")
    assert document.file.name != "documents/grille.pdf"
    extra = "attachments:\n- document: Grille d'entretien\n  file: documents/grille.pdf\n"
    write(tmp_path, "pj.md", minimal(extra=extra))

    output = run_import(tmp_path)

    assert "non joints" not in output
    page = ExperienceFeedbackPage.objects.get().get_latest_revision_as_object()
    assert [item.document for item in page.attachments.all()] == [document]
