"""`manage.py export_knowledge`: public live pages out, and back in without loss."""

import datetime
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from communication_kits.models import CommunicationKit, TemplatePlaceholder
from portal import factories
from portal.factories import AudienceFactory, ThemeFactory
from portal.knowledge_io.dump import dump_page
from portal.knowledge_io.restriction import restrict_to_members
from portal.permissions_setup import ensure_roles
from portal.search_protocol import knowledge_page_models

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "knowledge"


@pytest.fixture
def terms(site_tree, taxonomy):
    return {
        **taxonomy,
        "waste": ThemeFactory(name="Déchets", slug="dechets"),
        "authorities": AudienceFactory(name="Collectivités", slug="collectivites"),
    }


def run(command, path, *options):
    out = StringIO()
    try:
        call_command(command, str(path), *options, stdout=out)
    except CommandError as error:
        raise AssertionError(out.getvalue()) from error
    return out.getvalue()


def common(terms, **extra):
    """Every common field filled."""
    return {
        "territories": [terms["territory"]],
        "themes": [terms["theme"], terms["waste"]],
        "audiences": [terms["audience"], terms["authorities"]],
        "tags": ["réemploi", "zone d'activités"],
        "publication_date": datetime.date(2025, 5, 2),
        "last_reviewed": datetime.date(2026, 3, 1),
        "next_review": datetime.date(2027, 3, 1),
        "contacts": [
            (
                "contact",
                {
                    "name": "Paul Durand",
                    "role": "Animateur EIT",
                    "organisation": "Syndicat mixte de la Vallée",
                    "email": "paul@exemple.fr",
                    "phone": "03 25 00 00 01",
                },
            )
        ],
        **extra,
    }


def seed_every_type(site_tree, terms):
    """One live page of each type with every field filled; returns them."""
    section = site_tree.section
    kit = CommunicationKit.objects.create(name="Lancement", slug="lancement")
    mixed_body = [
        ("markdown", "## Les chiffres\n\nTrois entreprises **engagées**."),
        ("key_figures", [{"value": "1250.5", "unit": "t", "label": "de déchets évités"}]),
        ("markdown", "Un second paragraphe."),
    ]
    return [
        factories.ExperienceFeedbackPageFactory(
            parent=section("savoirs"),
            slug="cartons-partages",
            **common(terms, body=mixed_body),
            energy_mwh_saved="12.35",
            water_m3_saved=300,
            co2e_tonnes_avoided="4.5",
            jobs=2,
        ),
        factories.MethodologySheetPageFactory(
            parent=section("savoirs"),
            **common(terms, body=[("markdown", "Le **questionnaire** est en annexe.")]),
            difficulty=3,
            attachments=[factories.DocumentFactory(title="Questionnaire de diagnostic")],
        ),
        factories.IndicatorGuidePageFactory(
            parent=section("indicateurs"),
            **common(terms),
            aggregation="derniere",
            visibility="membres",
            limits="Déclaratif.",
            example="120 t.",
        ),
        factories.MonitoringDigestPageFactory(
            parent=section("veille"), **common(terms), editorial="Un **éditorial**."
        ),
        factories.TrainingNeedsSurveyPageFactory(
            parent=section("formation"),
            **common(terms),
            opens_at=timezone.make_aware(datetime.datetime(2026, 1, 5, 9, 0)),
            closes_at=timezone.make_aware(datetime.datetime(2026, 2, 28, 18, 30)),
            allow_anonymous=True,
            consent_text="J'accepte.",
        ),
        factories.CommunicationTemplatePageFactory(
            parent=section("communication"),
            **common(terms),
            kit=kit,
            placeholders=[
                TemplatePlaceholder(name="nom_territoire", label="Territoire", sort_order=0),
                TemplatePlaceholder(
                    name="nombre_entreprises", label="Entreprises", required=False, sort_order=1
                ),
            ],
        ),
    ]


def test_export_then_import_into_an_empty_tree_loses_nothing(site_tree, terms, tmp_path):
    pages = seed_every_type(site_tree, terms)
    originals = {page.slug: dump_page(page.specific) for page in pages}
    assert {type(page) for page in pages} == set(knowledge_page_models())

    output = run("export_knowledge", tmp_path / "export")
    assert "[6/6]" in output and "6 page(s) exportée(s)" in output

    for page in pages:
        page.delete()
    assert not Page.objects.type(*knowledge_page_models()).exists()
    output = run("import_markdown", tmp_path / "export", "--publish")
    assert "créé            6" in output

    for slug, (meta, text) in originals.items():
        page = Page.objects.get(slug=slug).specific
        assert page.live and not page.has_unpublished_changes
        got_meta, got_text = dump_page(page)
        assert got_text == text, slug
        assert list(got_meta) == list(meta), slug
        for key, value in meta.items():
            assert got_meta[key] == value, (slug, key)


def test_round_trip_keeps_typed_values(site_tree, terms, tmp_path):
    seed_every_type(site_tree, terms)
    run("export_knowledge", tmp_path)
    Page.objects.get(slug="cartons-partages").delete()

    run("import_markdown", tmp_path / "capitalisation-experiencefeedbackpage", "--publish")

    page = Page.objects.get(slug="cartons-partages").specific
    assert str(page.energy_mwh_saved) == "12.35" and page.jobs == 2
    assert [block.block_type for block in page.body] == ["markdown", "key_figures", "markdown"]
    assert page.body[1].value[0]["value"] == 1250.5
    assert {term.slug for term in page.audiences.all()} == {"entreprises", "collectivites"}
    assert sorted(page.tags.names()) == ["réemploi", "zone d'activités"]


def test_only_live_public_versions_are_exported(site_tree, terms, tmp_path, client):
    savoirs = site_tree.section("savoirs")
    factories.ExperienceFeedbackPageFactory(parent=savoirs, slug="publique", title="Publique")
    edited = factories.ExperienceFeedbackPageFactory(parent=savoirs, slug="modifiee", title="V1")
    edited.title = "V2 en brouillon"
    edited.save_revision()
    factories.ExperienceFeedbackPageFactory(parent=savoirs, slug="brouillon", live=False)
    private = factories.ExperienceFeedbackPageFactory(parent=savoirs, slug="privee")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    members = factories.StandardPageFactory(parent=site_tree.home, slug="membres")
    PageViewRestriction.objects.create(page=members, restriction_type=PageViewRestriction.LOGIN)
    private_section_page = factories.MethodologySheetPageFactory(parent=savoirs, slug="sous")
    private_section_page.move(members, pos="last-child")  # restricted through its ancestor

    run("export_knowledge", tmp_path)

    files = sorted(path.relative_to(tmp_path).as_posix() for path in tmp_path.rglob("*.md"))
    assert files == [
        "capitalisation-experiencefeedbackpage/modifiee.md",
        "capitalisation-experiencefeedbackpage/publique.md",
    ]
    assert "title: V1\n" in (tmp_path / files[0]).read_text()
    index = json.loads((tmp_path / "index.json").read_text())
    assert [entry["slug"] for entry in index] == ["publique", "modifiee"]
    entry = index[0]
    assert entry["type"] == "capitalisation.ExperienceFeedbackPage"
    assert entry["title"] == "Publique" and entry["path"] == files[1]
    assert entry["url"] == "http://localhost/savoirs/publique/"
    assert datetime.datetime.fromisoformat(entry["last_published_at"])


def test_attachments_travel_by_file_name_within_a_portal(site_tree, terms, tmp_path):
    kept = factories.DocumentFactory(title="Contrat type de reprise")
    gone = factories.DocumentFactory(title="Ancien compte rendu")
    page = factories.ExperienceFeedbackPageFactory(
        parent=site_tree.section("savoirs"), slug="avec-pieces-jointes", attachments=[kept, gone]
    )
    run("export_knowledge", tmp_path)
    text = (tmp_path / "capitalisation-experiencefeedbackpage/avec-pieces-jointes.md").read_text()
    assert "document: Contrat type de reprise" in text and f"file: {kept.file.name}" in text
    assert "inchangé" in run("import_markdown", tmp_path)

    page.delete()
    gone.delete()
    output = run("import_markdown", tmp_path)

    assert f"documents absents de ce portail, non joints : {gone.file.name}" in output
    page = Page.objects.get(slug="avec-pieces-jointes").specific
    attachments = page.get_latest_revision_as_object().attachments.all()
    assert [attachment.document for attachment in attachments] == [kept]


def test_exported_fixture_folder_reimports_unchanged(terms, tmp_path):
    run("import_markdown", FIXTURES, "--publish")
    run("export_knowledge", tmp_path / "a")

    output = run("import_markdown", tmp_path / "a", "--publish")
    assert "inchangé        6" in output

    run("export_knowledge", tmp_path / "b")
    for path in (tmp_path / "a").rglob("*.md"):
        assert path.read_text() == (tmp_path / "b" / path.relative_to(tmp_path / "a")).read_text()


def test_export_queries_do_not_grow_with_pages(site_tree, terms, tmp_path):
    def export_queries(name):
        with CaptureQueriesContext(connection) as queries:
            run("export_knowledge", tmp_path / name)
        return len(queries)

    savoirs = site_tree.section("savoirs")
    for _ in range(3):
        factories.ExperienceFeedbackPageFactory(parent=savoirs, **common(terms))
    few = export_queries("few")
    for _ in range(6):
        factories.ExperienceFeedbackPageFactory(parent=savoirs, **common(terms))
    assert export_queries("more") == few


def test_export_of_an_empty_base_writes_an_empty_index(site_tree, tmp_path):
    assert "0 page(s) exportée(s)" in run("export_knowledge", tmp_path)
    assert json.loads((tmp_path / "index.json").read_text()) == []


def test_members_only_pages_are_exported_on_request_with_their_restriction(
    site_tree, terms, tmp_path
):
    ensure_roles()
    savoirs = site_tree.section("savoirs")
    reserved = factories.ExperienceFeedbackPageFactory(parent=savoirs, slug="reservee")
    restrict_to_members(reserved)
    private = factories.ExperienceFeedbackPageFactory(parent=savoirs, slug="connexion")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    factories.ExperienceFeedbackPageFactory(parent=savoirs, slug="publique")

    run("export_knowledge", tmp_path / "public")
    run("export_knowledge", tmp_path / "membres", "--include-members-only")

    folder = "capitalisation-experiencefeedbackpage"
    assert sorted(path.name for path in (tmp_path / "public" / folder).iterdir()) == ["publique.md"]
    exported = sorted(path.name for path in (tmp_path / "membres" / folder).iterdir())
    assert exported == ["publique.md", "reservee.md"]
    assert "restriction: membres\n" in (tmp_path / "membres" / folder / "reservee.md").read_text()
    assert "restriction" not in (tmp_path / "membres" / folder / "publique.md").read_text()

    reserved.delete()
    run("import_markdown", tmp_path / "membres", "--publish")
    page = Page.objects.get(slug="reservee")
    assert PageViewRestriction.objects.get(page=page).groups.count() == 2
