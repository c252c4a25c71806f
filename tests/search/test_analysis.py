"""French analysis and jargon synonyms, on both engines where they apply."""

import pytest

from search import service
from search.engines.base import SearchQuery

pytestmark = pytest.mark.django_db


def titles(q, user=None, **filters):
    response = service.search(SearchQuery(q=q, filters=filters), user)
    return {result.title for result in response.results}


@pytest.fixture
def pages(build):
    build.page(
        "Valoriser les déchets du BTP", body="Les déchets de chantier deviennent ressources."
    )
    build.page("Chaleur et énergie", body="Récupérer l'énergie des fours industriels.")
    build.page("Gestion de l'eau", body="L'eau de refroidissement est réutilisée.")
    build.page("Bilan du programme", body="Un retour d'expérience de la zone de Troyes.")
    build.page("Présentation", body="L'écologie industrielle et territoriale en Grand Est.")
    build.page("Combustibles", body="Produire du combustible solide de récupération.")
    return build


def service_refresh():
    from search.engines import elasticsearch as es

    es.refresh()


def test_accents_and_plurals(engine):
    assert titles("dechet") == {"Valoriser les déchets du BTP"}
    assert titles("energie") == {"Chaleur et énergie"}
    assert titles("ÉNERGIES") == {"Chaleur et énergie"}


def test_elision(engine):
    assert titles("l'eau") == {"Gestion de l'eau"}
    assert titles("eau") == {"Gestion de l'eau"}


def test_synonyms(engine):
    assert titles("REX") == {"Bilan du programme"}
    assert titles("EIT") == {"Présentation"}
    assert titles("CSR") == {"Combustibles"}


def test_every_word_must_match(engine):
    assert titles("déchets chantier") == {"Valoriser les déchets du BTP"}
    assert titles("déchets eau") == set()


def test_highlight_marks_and_escapes(engine, build):
    build.page("Balises", body="Un <script>alert(1)</script> au milieu des déchets.")
    if engine == "elasticsearch":
        service_refresh()
    response = service.search(SearchQuery(q="déchets"), None)
    fragments = [f for r in response.results if r.title == "Balises" for f in r.highlight]
    joined = " ".join(fragments)
    assert "<mark>" in joined
    assert "<script>" not in joined


def test_light_stemming_merges_plurals_not_derived_words(engine, build):
    """Both engines stem plurals only (Elasticsearch `light_french`, the database engine
    the same rule on PostgreSQL and SQLite): Snowball merged these two and, at 100,000
    pages, made « déchets valorisation » match four pages out of five."""
    build.page("Produits valorisables", body="Des matières valorisables en sortie d'usine.")
    build.page("Filière de valorisation", body="La valorisation matière des plastiques.")
    if engine == "elasticsearch":
        service_refresh()
    assert titles("valorisables") == {"Produits valorisables"}
    assert titles("valorisable") == {"Produits valorisables"}
    assert titles("valorisation") == {"Filière de valorisation"}
    assert titles("valorisations") == {"Filière de valorisation"}


def test_excerpt_marks_words_written_with_combining_accents():
    from search.engines.database import excerpt

    text = "Un flux de de\u0301chets \u00e9nergétiques re\u0301cupe\u0301re\u0301s."
    marked = "Un flux de <mark>déchets</mark> énergétiques récupérés."
    assert excerpt(text, ["dechet"]) == marked
    assert excerpt("Des DÉCHETS inertes", ["dechet"]) == "Des <mark>DÉCHETS</mark> inertes"


def test_inflections_meet_beyond_plurals(engine, build):
    """« tonnes évitées » finds « déchets évités »: feminine and past-participle endings
    meet on both engines (Elasticsearch `light_french`, search.normalize.stem and its SQL
    twin on PostgreSQL)."""
    build.page("Bilan des déchets évités", body="Les tonnes de déchets évités en 2024.")
    build.page("Valoriser les plastiques", body="Il faut valoriser les films agricoles.")
    if engine == "elasticsearch":
        service_refresh()
    for q in ("évité", "évitée", "évités", "évitées", "tonnes évitées"):
        assert titles(q) == {"Bilan des déchets évités"}, q
    assert titles("plastiques valorisés") == {"Valoriser les plastiques"}


def test_field_acronyms_from_one_list(engine, build):
    """The acronyms of search/synonyms.txt, the one list both engines read."""
    build.page("Taxe sur le stockage", body="La taxe générale sur les activités polluantes.")
    build.page(
        "Site classé", body="Une installation classée pour la protection de l'environnement."
    )
    build.page("Parc informatique", body="Les déchets d'équipements électriques et électroniques.")
    build.page("Enfouissement", body="Un centre d'enfouissement technique ferme.")
    if engine == "elasticsearch":
        service_refresh()
    assert titles("TGAP") == {"Taxe sur le stockage"}
    assert titles("ICPE") == {"Site classé"}
    assert titles("DEEE") == {"Parc informatique"}
    assert titles("CET") == {"Enfouissement"}


def test_page_type_names_are_words(engine, build):
    """ "indicateurs" finds the indicator guides, "fiches méthode" the method sheets, "retours
    d'expérience" the experience feedback, though none says so in its text."""
    build.page("Tonnages suivis", body="La somme des tonnages.", kind="indicator")
    build.page("Suivre les tonnages", body="Peser les tonnages chaque mois.")
    build.page("Tonnages à Reims", body="Les tonnages de la zone.", kind="experience")
    if engine == "elasticsearch":
        service_refresh()
    assert titles("indicateurs tonnages") == {"Tonnages suivis"}
    assert titles("fiches méthode tonnages") == {"Suivre les tonnages"}
    assert titles("fiche méthodologique tonnages") == {"Suivre les tonnages"}
    assert titles("retours d'expérience tonnages") == {"Tonnages à Reims"}


def test_words_may_match_in_different_fields(engine, build):
    """Every word must match, but not all in the same field (Elasticsearch `cross_fields`,
    as the database engine's one vector)."""
    build.page("Présenter la démarche aux élus", summary="Convaincre le conseil.", body="Texte.")
    if engine == "elasticsearch":
        service_refresh()
    assert titles("convaincre élus") == {"Présenter la démarche aux élus"}


def test_one_synonyms_list_for_both_engines():
    from search.documents import analysis_settings, synonym_rules
    from search.query_terms import synonym_groups

    filters = analysis_settings()["filter"]
    assert filters["fr_synonyms"]["synonyms"] == list(synonym_rules())
    assert synonym_groups()["tgap"] == ("tgap", "taxe générale sur les activités polluantes")


def test_did_you_mean_only_when_few_pages_match(build):
    """Elasticsearch suggests a spelling when a search finds few pages (a second, small
    request): "métanisation" → "methanisation"; a search that finds pages gets none."""
    build.page("Méthanisation agricole", body="Un méthaniseur à la ferme.")
    service_refresh()
    assert service.search(SearchQuery(q="métanisation"), None).suggestion == "methanisation"
    assert service.search(SearchQuery(q="méthanisation"), None).suggestion is None
